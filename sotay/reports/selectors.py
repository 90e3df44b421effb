"""A unit's report for a period, read from the rollups: the unit's own figures against the
previous period of the same length, each child unit's headline figures, a twelve-month trend
and what needs the committee's attention. No member row is read here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sotay.core.access import subtree_q
from sotay.orgs.models import Organization

from . import metrics
from .figures import number
from .metrics import RATES, SECTIONS, STOCKS
from .models import Rollup
from .periods import Period, add_months

Figures = dict[str, float | None]


def combine(by_month: dict[dt.date, dict[str, int]], months: list[dt.date]) -> Figures:
    """A period's figures from its months: flows summed, stocks as of the last month; then the
    rates (None where the whole is zero)."""
    out: Figures = {}
    for key in metrics.METRICS:
        if key in STOCKS:
            out[key] = by_month.get(months[-1], {}).get(key, 0)
        else:
            out[key] = sum(by_month.get(m, {}).get(key, 0) for m in months)
    for rate in RATES.values():
        whole = out[rate.whole] or 0
        part = out[rate.part] or 0
        out[rate.key] = round(rate.per * part / whole, 1) if whole else None
    return out


@dataclass
class Line:
    key: str
    label: str
    value: float | None
    previous: float | None
    unit: str = ""

    @property
    def value_text(self) -> str:
        return number(self.value, self.unit)

    @property
    def previous_text(self) -> str:
        return number(self.previous, self.unit)

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)

    @property
    def trend(self) -> str:
        change = self.change
        return "" if not change else ("up" if change > 0 else "down")

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "—"
        if not change:
            return "không đổi"
        sign = "+" if change > 0 else "−"
        amount = number(abs(change))
        if self.unit == "%":
            return f"{sign}{amount} điểm %"
        if self.unit:
            return f"{sign}{amount}{self.unit}"
        if self.previous:
            relative = abs(100 * change / self.previous)
            return f"{sign}{amount} ({sign}{number(round(relative, 0 if relative >= 1 else 1))}%)"
        return f"{sign}{amount}"


@dataclass
class ChildRow:
    org: Organization
    values: Figures
    cells: list[str] = field(default_factory=list)  # the section's headline figures, written
    url: str = ""  # its own report, same period (set by the view)


@dataclass
class SectionReport:
    key: str
    title: str
    lines: list[Line]
    headline: list[tuple[str, str, str]]  # key, label, unit
    children: list[ChildRow]


@dataclass
class Report:
    unit: Organization
    period: Period
    previous: Period
    figures: Figures
    before: Figures
    sections: list[SectionReport]
    trend: list[tuple[dt.date, Figures]]
    attention: list[str]
    missing: list[dt.date]  # months of the period with no rollup yet
    computed_at: dt.datetime | None
    children: list[Organization] = field(default_factory=list)


def _unit_of(key: str) -> str:
    return RATES[key].unit if key in RATES else ""


def _rows(unit: Organization, months: list[dt.date]) -> dict[str, dict[dt.date, dict[str, int]]]:
    """The unit's own rows and its children's, each an index range scan on (month, depth,
    path)."""
    by_path: dict[str, dict[dt.date, dict[str, int]]] = defaultdict(dict)
    for rows in (
        Rollup.objects.filter(month__in=months, depth=unit.depth, path=unit.path),
        Rollup.objects.filter(subtree_q(unit.path), month__in=months, depth=unit.depth + 1),
    ):
        for path, month, values in rows.values_list("path", "month", "values"):
            by_path[path][month] = values
    return by_path


def report(unit: Organization, period: Period, today: dt.date) -> Report:
    previous = period.previous()
    trend_months = [add_months(period.last, -i) for i in range(11, -1, -1)]
    months = sorted({*period.months, *previous.months, *trend_months})
    children = list(
        Organization.objects.filter(
            subtree_q(unit.path), depth=unit.depth + 1, status="active"
        ).order_by("path")
    )
    by_path = _rows(unit, months)
    own = by_path.get(unit.path, {})
    figures = combine(own, period.months)
    before = combine(own, previous.months)
    child_figures = {c.path: combine(by_path.get(c.path, {}), period.months) for c in children}
    sections = []
    for section in SECTIONS:
        keys = [m.key for m in section.metrics] + [r.key for r in section.rates]
        lines = [Line(k, metrics.label(k), figures[k], before[k], _unit_of(k)) for k in keys]
        sections.append(
            SectionReport(
                section.key,
                section.title,
                lines,
                [(k, metrics.label(k), _unit_of(k)) for k in section.headline],
                [
                    ChildRow(
                        c,
                        child_figures[c.path],
                        [number(child_figures[c.path][k], _unit_of(k)) for k in section.headline],
                    )
                    for c in children
                ],
            )
        )
    trend = [(m, combine(own, [m])) for m in trend_months if m <= today.replace(day=1)]
    computed = (
        Rollup.objects.filter(path=unit.path, month__in=period.months)
        .order_by("-computed_at")
        .values_list("computed_at", flat=True)
        .first()
    )
    # A month that has been rolled up has rows for the top of the tree (few, indexed).
    known = set(
        Rollup.objects.filter(month__in=period.months, depth=1)
        .values_list("month", flat=True)
        .distinct()
    )
    return Report(
        unit=unit,
        period=period,
        previous=previous,
        figures=figures,
        before=before,
        sections=sections,
        trend=trend,
        attention=attention(children, child_figures, period, today),
        missing=[m for m in period.months if m not in known],
        computed_at=computed,
        children=children,
    )


def attention(
    children: list[Organization], figures: dict[str, Figures], period: Period, today: dt.date
) -> list[str]:
    """The units below that the committee should look at, in plain words."""
    over = period.last < today.replace(day=1)  # the whole period is behind us
    notes: list[str] = []

    def names(test: Any) -> list[str]:
        return [c.name for c in children if test(figures[c.path])]

    checks: list[tuple[Any, str]] = [
        (lambda f: over and f["meetings_scheduled"] and (f["held_rate"] or 0) < 100,
         "chưa họp đủ các buổi sinh hoạt thường kỳ"),
        (lambda f: f["attendance_rate"] is not None and f["attendance_rate"] < 80,
         "tỷ lệ dự họp dưới 80%"),
        (lambda f: f["questions_overdue"], "có câu hỏi của đảng viên quá hạn chưa trả lời"),
        (lambda f: f["members"] and (f["active_rate"] or 0) < 30,
         "dưới 30% đảng viên thực sự dùng Sổ tay"),
        (lambda f: f["notices_sent"] and (f["ack_rate"] or 0) < 70,
         "dưới 70% đảng viên xác nhận đã nhận thông báo"),
    ]  # fmt: skip
    for test, words in checks:
        found = names(test)
        if found:
            shown = ", ".join(found[:5]) + (
                f" và {len(found) - 5} đơn vị khác" if len(found) > 5 else ""
            )
            notes.append(f"{len(found)} đơn vị {words}: {shown}.")
    return notes
