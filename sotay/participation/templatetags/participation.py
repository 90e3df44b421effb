"""Small filters for survey forms and results."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def scale_values(question: Any) -> range:
    return range(question.scale_min, question.scale_max + 1)


@register.filter
def rank_of(order: Any, key: str) -> str:
    """Position (1-based) of ``key`` in a ranking answer, or ""."""
    return str(order.index(key) + 1) if isinstance(order, list) and key in order else ""
