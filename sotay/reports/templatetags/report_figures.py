"""Template filters of the report centre: figures as Vietnamese write them, bar widths."""

from __future__ import annotations

from typing import Any

from django import template

from sotay.reports.figures import number

register = template.Library()


@register.filter
def figure(value: Any, unit: str = "") -> str:
    return number(None if value == "" else value, unit)


@register.filter
def share(value: Any, whole: Any) -> int:
    """A bar's width in percent of the largest value (0–100)."""
    try:
        return max(0, min(100, round(100 * float(value or 0) / float(whole)))) if whole else 0
    except (TypeError, ValueError):
        return 0
