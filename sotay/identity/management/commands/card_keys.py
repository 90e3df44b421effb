"""Create the card signing key in var/ once (set-up runs this; CARD_SIGNING_KEY overrides)."""

from typing import Any

from django.core.management.base import BaseCommand

from sotay.identity.card import ensure_key


class Command(BaseCommand):
    help = "Tạo khóa ký thẻ đảng viên điện tử (Ed25519) nếu chưa có."

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_key()
