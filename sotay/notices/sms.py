"""SMS gateways. The console gateway logs; the HTTP gateway posts to an operator's provider.

Choose with ``SMS_GATEWAY`` = "console" (default) or "http" (``SMS_HTTP_URL``, ``SMS_HTTP_TOKEN``).
The HTTP adapter sends ``{"to": "0912345678", "text": "...", "ref": "sotay-d42"}`` with a bearer
token and an ``Idempotency-Key`` header equal to ``ref`` (the same for a resend of the same
delivery, so that the provider sends it once) and expects a 2xx JSON answer with an ``id``;
adapt ``HttpGateway.send`` for a provider with another format.
"""

from __future__ import annotations

import logging
import uuid
from typing import Protocol

import requests
from django.conf import settings

log = logging.getLogger("sotay.sms")


class SmsError(Exception):
    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


class Gateway(Protocol):
    def send(self, phone: str, text: str, key: str) -> str: ...


class ConsoleGateway:
    def send(self, phone: str, text: str, key: str) -> str:
        log.info("SMS %s to %s: %s", key, phone, text)
        return f"console-{uuid.uuid4().hex[:12]}"


class HttpGateway:
    def __init__(self, url: str, token: str, timeout: float = 10) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, phone: str, text: str, key: str) -> str:
        try:
            response = requests.post(
                self.url,
                json={"to": phone, "text": text, "ref": key},
                timeout=self.timeout,
                headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": key},
            )
        except requests.RequestException as exc:
            raise SmsError(f"Không kết nối được cổng SMS: {exc}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise SmsError(f"Cổng SMS tạm lỗi ({response.status_code})")
        if response.status_code >= 400:
            raise SmsError(f"Cổng SMS từ chối ({response.status_code})", retryable=False)
        return str(response.json().get("id", ""))


def gateway() -> Gateway:
    if settings.SMS_GATEWAY == "http":
        return HttpGateway(settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN)
    return ConsoleGateway()
