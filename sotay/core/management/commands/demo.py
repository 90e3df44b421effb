"""Load the demo province: ``manage.py demo --size small|province [--if-empty]``."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sotay.core.db import analyze
from sotay.core.demo.generator import DEMO_PASSWORD, PERSONAS, SIZES, generate
from sotay.orgs.models import Organization


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu của một tỉnh (đơn vị, đảng viên, tài khoản, chức vụ)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--if-empty", action="store_true", help="bỏ qua nếu đã có dữ liệu")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, size: str, if_empty: bool, seed: int, **options: Any) -> None:
        if Organization.objects.exists():
            if if_empty:
                self._content_if_missing(size)
                self._reports_if_missing()
                self.stdout.write("Đã có dữ liệu: không tạo dữ liệu mẫu.")
                print_personas(self.stdout)
                return
            raise CommandError(
                "Cơ sở dữ liệu đã có dữ liệu. Với cơ sở dữ liệu nhúng, chạy `make reset-db` "
                "(xóa toàn bộ dữ liệu) rồi chạy lại."
            )
        started = time.perf_counter()
        result = generate(size=size, seed=seed)
        analyze()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Đã tạo {result['orgs']:,} đơn vị, {result['members']:,} đảng viên, "
            f"{result['accounts']:,} tài khoản, {result['items']:,} tin bài và văn kiện "
            f"trong {elapsed:.1f} giây."
        )
        self._reports_if_missing()
        print_personas(self.stdout)

    def _content_if_missing(self, size: str) -> None:
        """A database made before the content app: add its documents and news once."""
        from sotay.content.demo import load_demo_content
        from sotay.content.models import Item

        root = Organization.objects.filter(depth=1).order_by("path").first()
        if root is not None and not Item.objects.exists():
            count = load_demo_content(root, size)
            analyze()
            self.stdout.write(f"Đã nạp {count:,} tin bài và văn kiện mẫu.")
        from sotay.meetings.demo import generate_meetings
        from sotay.meetings.models import Meeting

        if root is not None and not Meeting.objects.exists():
            self.stdout.write(f"Đã tạo {generate_meetings():,} buổi sinh hoạt chi bộ mẫu.")
        from sotay.study.demo import generate_study
        from sotay.study.models import Programme

        if root is not None and not Programme.objects.exists():
            self.stdout.write(
                f"Đã tạo chương trình học tập mẫu ({generate_study(root, size):,} bài làm)."
            )
        from sotay.participation.demo import generate_participation
        from sotay.participation.models import Survey

        if root is not None and not Survey.objects.exists():
            made = generate_participation()
            self.stdout.write(f"Đã tạo khảo sát, dự thảo và hỏi đáp mẫu ({made}).")
        from sotay.planner.demo import generate_planner
        from sotay.planner.models import Task

        if root is not None and not Task.objects.exists():
            self.stdout.write(f"Đã tạo lịch, nhiệm vụ, tin nhắn mẫu ({generate_planner()}).")

    def _reports_if_missing(self) -> None:
        """The report centre's rollups for the last 13 months (a year's trend and the month
        before it); the worker keeps the current month fresh from then on."""
        from sotay.reports import rollup
        from sotay.reports.models import Rollup
        from sotay.reports.periods import add_months

        if Rollup.objects.exists() or not Organization.objects.exists():
            return
        started = time.perf_counter()
        this = timezone.localdate().replace(day=1)
        rows = rollup.refresh([add_months(this, -i) for i in range(12, -1, -1)])
        self.stdout.write(
            f"Đã tổng hợp số liệu báo cáo 13 tháng ({rows:,} dòng, "
            f"{time.perf_counter() - started:.1f} giây)."
        )


def print_personas(out: Any) -> None:
    otp = ".venv/bin/python manage.py demo_otp"
    out.write("\nTài khoản dùng thử (mật khẩu chung: " + DEMO_PASSWORD + "):")
    rows = [(p.label, p.phone, bool(p.totp_secret)) for p in PERSONAS]
    rows.append(("Quản trị hệ thống (/admin)", "admin", True))
    for label, login, second_factor in rows:
        extra = f"  mã 2 bước: {otp} {login}" if second_factor else ""
        out.write(f"  {label:<36} {login:<11}{extra}")
    out.write("  Khóa bí mật 2 bước của các tài khoản mẫu nằm trong sotay/core/demo/generator.py\n")
