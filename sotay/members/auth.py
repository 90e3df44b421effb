"""Authentication backend: phone number, party card number or operator username + password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import User


class IdentifierBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self, request: Any, username: str | None = None, password: str | None = None, **kw: Any
    ) -> User | None:
        from .accounts import find_user

        if not username or password is None:
            return None
        user = find_user(username)
        if user and user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in account with its member record and cell in one query (every member
        page shows them)."""
        user = (
            User._default_manager.select_related("member__cell", "member__temporary_cell")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
