"""Ask the assistant from the command line: `manage.py assistant_ask "QUESTION" [--json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from sotay.assistant.engine import respond


class Command(BaseCommand):
    help = "Hỏi trợ lý Điều lệ, quy định (trả lời kèm trích dẫn)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("question")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON như API")

    def handle(self, *args: Any, question: str, **options: Any) -> None:
        answer = respond(question)
        if options["json"]:
            self.stdout.write(json.dumps(answer.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(answer.answer)
        for c in answer.citations:
            self.stdout.write(f"  — {c.article}, {c.document_number}: {c.url}")
