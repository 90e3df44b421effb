"""Requeue deliveries stuck in "sending" (a worker died mid-send).

Not automatic on purpose: the message may already have gone out, so an operator decides.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand

from sotay.notices.services import requeue_stuck


class Command(BaseCommand):
    help = "Đưa lại vào hàng đợi các lượt gửi bị treo ở trạng thái “đang gửi”."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--older-than-minutes", type=int, default=30)

    def handle(self, *args: Any, older_than_minutes: int, **options: Any) -> None:
        count = requeue_stuck(older_than=dt.timedelta(minutes=older_than_minutes))
        self.stdout.write(f"Đã đưa lại {count} lượt gửi vào hàng đợi.")
