"""How the report centre writes numbers: 12.345 (dot between thousands), 87,5 (decimal comma)."""

from __future__ import annotations


def number(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "—"
    value = float(value)
    if value.is_integer():
        text = f"{int(value):,}".replace(",", ".")
    else:
        text = f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text}{unit}"
