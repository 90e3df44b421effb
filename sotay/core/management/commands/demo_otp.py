"""Print the current second-factor code of a demo account (demo data only)."""

from __future__ import annotations

from typing import Any

import pyotp
from django.core.management.base import BaseCommand, CommandError

from sotay.members.accounts import find_user


class Command(BaseCommand):
    help = "In mã xác thực 2 bước hiện tại của một tài khoản mẫu."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("identifier", help="số điện thoại, số thẻ hoặc tên đăng nhập")

    def handle(self, *args: Any, identifier: str, **options: Any) -> None:
        user = find_user(identifier)
        if user is None or not user.totp_secret:
            raise CommandError(
                "Không có tài khoản này hoặc tài khoản chưa đăng ký xác thực 2 bước."
            )
        self.stdout.write(pyotp.TOTP(user.totp_secret).now())
