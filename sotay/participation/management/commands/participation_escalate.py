"""Escalate every overdue unanswered question now (each is also scheduled at its deadline by
the task worker; run this from cron as a safety net, or with --as-of to rehearse)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sotay.participation.services.inquiries import escalate_overdue


class Command(BaseCommand):
    help = "Chuyển lên cấp trên các câu hỏi quá hạn chưa được trả lời."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--as-of",
            default="",
            help="coi như bây giờ là thời điểm này (ISO, ví dụ 2026-12-01T08:00) hoặc +N ngày",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = options["as_of"]
        now = timezone.now()
        if as_of.startswith("+"):
            now += dt.timedelta(days=int(as_of[1:]))
        elif as_of:
            try:
                parsed = dt.datetime.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError("Thời điểm không hợp lệ; ví dụ 2026-12-01T08:00.") from exc
            now = timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
        count = escalate_overdue(now)
        self.stdout.write(f"Đã chuyển lên cấp trên {count} câu hỏi quá hạn.")
