"""Section names for templates: {% load sections %} … {{ anchor|section_label }}."""

from __future__ import annotations

from django import template

from sotay.content.structure import anchor_label

register = template.Library()


@register.filter
def section_label(anchor: str) -> str:
    return anchor_label(anchor) if anchor else ""
