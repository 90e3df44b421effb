"""Serve the app (uvicorn, HTTP + websockets) together with the background task workers.

The workers are supervised: one that dies (killed, out of memory, a crash in a native
library) is started again after a short pause, and the web server keeps serving. Only the
web server ending, or Ctrl+C / SIGTERM, stops everything.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand

RESTART_PAUSES = (1, 2, 5, 10, 30)  # seconds before restarting a worker that keeps dying


class Command(BaseCommand):
    help = "Chạy máy chủ web và tiến trình xử lý tác vụ nền."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="tiến trình xử lý tác vụ nền")
        parser.add_argument(
            "--web-workers",
            type=int,
            default=int(os.environ.get("SOTAY_WEB_WORKERS", 1)),
            help="tiến trình uvicorn phục vụ trang (mỗi lõi CPU một tiến trình)",
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, web_workers: int, **options: Any
    ) -> None:
        python = sys.executable
        web = subprocess.Popen(  # noqa: S603 — fixed argv, no shell
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
                # Who the client is, is decided in one place (core.views_helpers.client_ip,
                # SOTAY_TRUSTED_PROXIES), not also by uvicorn trusting 127.0.0.1.
                "--no-proxy-headers",
                "--workers",
                str(web_workers),
            ]
        )
        pool = [_Worker(python, f"worker-{i}") for i in range(workers)]
        self.stdout.write(f"Sổ tay đảng viên đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while not stopping and web.poll() is None:
                for worker in pool:
                    worker.watch(self.stderr)
                time.sleep(0.5)
        finally:
            procs = [web, *(w.proc for w in pool if w.proc is not None)]
            for p in procs:
                if p.poll() is None:
                    p.terminate()
            for p in procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        if not stopping and web.returncode not in (0, -signal.SIGTERM):
            sys.exit(1)


class _Worker:
    """One supervised ``manage.py worker`` process."""

    def __init__(self, python: str, name: str) -> None:
        self.python, self.name = python, name
        self.deaths = 0
        self.restart_at = 0.0
        self.proc: subprocess.Popen[bytes] | None = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603 — fixed argv, no shell
            [
                self.python,
                "manage.py",
                "worker",
                "--no-reload",
                "--interval",
                "0.5",
                "--worker-id",
                self.name,
            ]
        )

    def watch(self, err: Any) -> None:
        if self.proc is None:
            if time.monotonic() >= self.restart_at:
                self.proc = self._start()
            return
        code = self.proc.poll()
        if code is None:
            if self.deaths and time.monotonic() - self.restart_at > 300:
                self.deaths = 0  # up for five minutes: the next death starts the pauses again
            return
        from sotay.core.worker import mark_dead

        try:  # its tasks are recovered at once instead of after the lease
            mark_dead(host=socket.gethostname(), pid=self.proc.pid)
        except Exception as exc:  # the database may be what failed; the lease still applies
            err.write(f"không ghi được tiến trình {self.name} đã dừng: {exc}")
        pause = RESTART_PAUSES[min(self.deaths, len(RESTART_PAUSES) - 1)]
        err.write(f"Tiến trình xử lý nền {self.name} dừng (mã {code}); chạy lại sau {pause} giây.")
        self.deaths += 1
        self.proc, self.restart_at = None, time.monotonic() + pause
