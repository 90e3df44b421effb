"""Background tasks of eKYC: deleting images when they are due."""

from __future__ import annotations

from django_tasks import task


@task()
def purge_due() -> int:
    from .services import purge

    return purge()
