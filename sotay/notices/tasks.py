"""Background tasks: deliveries in batches, and reminders at their time."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_batch(delivery_ids: list[int]) -> dict[str, int]:
    from .services import deliver

    outcome: dict[str, int] = {}
    for delivery_id in delivery_ids:
        result = deliver(delivery_id)
        outcome[result] = outcome.get(result, 0) + 1
    return outcome


@task()
def reminder_fire(reminder_id: int, version: int) -> bool:
    from .services import reminder_fire_now

    return reminder_fire_now(reminder_id=reminder_id, version=version)
