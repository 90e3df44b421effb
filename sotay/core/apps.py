from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _refresh_sqlite_statistics(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """SQLite loses planner statistics when a migration rebuilds a table; gather them again."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and sender.name == "sotay.core":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class CoreConfig(AppConfig):
    name = "sotay.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self) -> None:
        post_migrate.connect(_refresh_sqlite_statistics, sender=self)
