"""Serve the app (uvicorn, HTTP + websockets) together with the background task worker."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web và tiến trình xử lý tác vụ nền."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="tiến trình xử lý tác vụ nền")

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        python = sys.executable
        procs = [
            subprocess.Popen(  # noqa: S603 — fixed argv, no shell
                [
                    python,
                    "-m",
                    "uvicorn",
                    "sotay.asgi:application",
                    "--host",
                    host,
                    "--port",
                    str(port),
                    "--no-access-log",
                ]
            ),
            *[
                subprocess.Popen(  # noqa: S603 — fixed argv, no shell
                    [
                        python,
                        "manage.py",
                        "db_worker",
                        "--no-reload",
                        "--interval",
                        "0.5",
                        "--worker-id",
                        f"worker-{i}",
                    ]
                )
                for i in range(workers)
            ],
        ]
        self.stdout.write(f"Sổ tay đảng viên đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")

        def stop(*_: Any) -> None:
            for p in procs:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
        finally:
            stop()
            for p in procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        if any(p.returncode not in (0, -signal.SIGTERM, None) for p in procs):
            sys.exit(1)
