"""Short labels for the narrow columns of the dues register on a phone."""

from __future__ import annotations

from django import template

from sotay.dues.choices import SHORT_CATEGORY

register = template.Library()


@register.filter
def short_category(value: str) -> str:
    return SHORT_CATEGORY.get(value, value)
