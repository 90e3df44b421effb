"""Per-unit, per-month counts that the report centre reads instead of scanning members."""

from __future__ import annotations

from django.db import models


class Rollup(models.Model):
    """One unit's counts for one month, its whole subtree included (see ``rollup.refresh``).
    A unit with nothing to count that month has no row: its counts are zero."""

    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    month = models.DateField()
    values = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = "số liệu tổng hợp tháng"
        verbose_name_plural = "số liệu tổng hợp tháng"
        constraints = [models.UniqueConstraint(fields=["month", "path"], name="one_rollup")]
        indexes = [models.Index(fields=["month", "depth", "path"])]

    def __str__(self) -> str:
        return f"{self.path} {self.month:%Y-%m}"
