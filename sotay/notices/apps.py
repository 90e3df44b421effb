from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "sotay.notices"
    label = "notices"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from sotay.core.worker import retry_after_crash

        from . import services, tasks

        # Both are safe to run again: deliveries are claimed row by row (the ones in flight
        # when the worker died are put back and re-sent with the same idempotency key), and
        # a reminder fires only for its current version.
        retry_after_crash(tasks.deliver_batch, attempts=5, before_retry=services.deliveries_reclaim)
        retry_after_crash(tasks.reminder_fire, attempts=3)
