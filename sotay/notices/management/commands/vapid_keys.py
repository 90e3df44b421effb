"""Create the Web Push (VAPID) key pair once; run by `make run` and safe to repeat."""

from typing import Any

from django.core.management.base import BaseCommand

from sotay.notices import vapid


class Command(BaseCommand):
    help = "Tạo khóa VAPID cho thông báo đẩy (nếu chưa có)."

    def handle(self, *args: Any, **options: Any) -> None:
        path = vapid.ensure_keys()
        self.stdout.write(f"Khóa VAPID: {path} (khóa công khai {vapid.public_key_b64()[:16]}…)")
