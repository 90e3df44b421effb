from typing import Any

from django.apps import AppConfig


def _import_task_failed(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """A validation or apply task that failed (an error, or its worker died) fails its job
    visibly instead of leaving it "validating" for good."""
    from .importing import import_task_failed

    import_task_failed(task_result)


def _member_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A member's cell or status changed: what was cached for them (core.cache) is forgotten."""
    from sotay.core.cache import forget_viewer

    forget_viewer(instance.pk)


class MembersConfig(AppConfig):
    name = "sotay.members"
    label = "members"
    verbose_name = "Đảng viên và tài khoản"

    def ready(self) -> None:
        from django_tasks_db.compat import task_finished

        task_finished.connect(_import_task_failed, dispatch_uid="sotay-import-task-failed")
        from django.db.models.signals import post_save

        from .models import Member

        post_save.connect(
            _member_saved, sender=Member, weak=False, dispatch_uid="sotay-member-viewer-cache"
        )
