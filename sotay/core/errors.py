"""Domain errors raised by services; their message is shown to the user as is."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; `message` is Vietnamese and safe to show."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
