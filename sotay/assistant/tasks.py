"""Background tasks of the assistant: listen-aloud audio."""

from __future__ import annotations

from django_tasks import task


@task()
def speak_item(item_id: int) -> int:
    from .speech.service import generate

    return generate(item_id)


@task()
def speak_notice(notice_id: int) -> bool:
    from .speech.service import generate_notice

    return generate_notice(notice_id)
