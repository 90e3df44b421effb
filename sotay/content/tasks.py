"""Background tasks of the content app: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task


@task()
def announce_document(item_id: int) -> int:
    """Tell the audience that a document was published (runs at its publication time)."""
    from .services.items import item_announce

    return item_announce(item_id)
