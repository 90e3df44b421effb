"""Background tasks of the assistant: listen-aloud audio."""

from __future__ import annotations

from django_tasks import task


@task()
def speak_item(item_id: int) -> int:
    from .speech.service import generate

    return generate(item_id)
