from __future__ import annotations

from django.http import HttpRequest

from . import access


def ui(request: HttpRequest) -> dict[str, object]:
    """Display preferences and whether to show the committee console link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"ui_classes": "", "is_committee": False, "unread_notifications": 0}
    classes = []
    if user.large_text:
        classes.append("large-text")
    if user.high_contrast:
        classes.append("high-contrast")
    if getattr(user, "simple_mode", False):
        classes += ["simple", "large-text", "high-contrast"]
    from sotay.assistant.speech.recognition import enabled as server_speech
    from sotay.notices.selectors import unread_count

    return {
        "ui_classes": " ".join(classes),
        "is_committee": access.is_committee(user),
        "unread_notifications": unread_count(user.member_id),
        "server_speech": server_speech(),
    }
