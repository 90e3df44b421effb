"""Background tasks: thin wrappers that load the row and call the service."""

from __future__ import annotations

from django_tasks import task

from .models import ImportJob


@task()
def import_validate(job_id: int) -> str:
    from .importing import import_validate as validate

    job = ImportJob.objects.select_related("org", "uploaded_by").get(pk=job_id)
    return validate(job).status


@task()
def import_apply(job_id: int) -> str:
    from .importing import import_apply as apply

    job = ImportJob.objects.select_related("org", "uploaded_by").get(pk=job_id)
    return apply(job).status


@task()
def temporary_transfer_end(transfer_id: int) -> bool:
    from .services import temporary_transfer_end as end

    return end(transfer_id=transfer_id)
