"""Report periods: a month, a quarter, a year or a custom run of months, written the way the
address bar carries them (``2026-11``, ``2026-Q4``, ``2026``, ``2026-01..2026-06``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sotay.core.errors import DomainError

MAX_MONTHS = 36
EARLIEST = dt.date(2000, 1, 1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    first: dt.date  # first day of the first month
    last: dt.date  # first day of the last month
    kind: str  # "month" | "quarter" | "year" | "custom"

    @property
    def months(self) -> list[dt.date]:
        out, m = [], self.first
        while m <= self.last:
            out.append(m)
            m = add_months(m, 1)
        return out

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.first.year)
        return f"{self.first:%Y-%m}..{self.last:%Y-%m}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"tháng {self.first.month}/{self.first.year}"
        if self.kind == "quarter":
            return f"quý {(self.first.month - 1) // 3 + 1}/{self.first.year}"
        if self.kind == "year":
            return f"năm {self.first.year}"
        first, last = self.first, self.last
        return f"tháng {first.month}/{first.year} – tháng {last.month}/{last.year}"

    def previous(self) -> Period:
        """The period of the same length just before (the trend compares with it)."""
        n = len(self.months)
        return Period(add_months(self.first, -n), add_months(self.first, -1), self.kind)


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def _month(text: str) -> dt.date:
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise DomainError(f"“{text}” không phải là tháng (dạng năm-tháng, ví dụ 2026-11).")
    return dt.date(int(m[1]), int(m[2]), 1)


def parse(text: str | None, today: dt.date) -> Period:
    """The period named by ``text``; empty means the current month. A Vietnamese message for
    anything else, for periods before 2000, starting after this month, or longer than 36 months."""
    text = (text or "").strip()
    this_month = today.replace(day=1)
    if not text:
        return Period(this_month, this_month, "month")
    if m := _QUARTER.match(text):
        first = dt.date(int(m[1]), 3 * int(m[2]) - 2, 1)
        period = Period(first, add_months(first, 2), "quarter")
    elif m := _YEAR.match(text):
        period = Period(dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 1), "year")
    elif ".." in text:
        start, _, end = text.partition("..")
        period = Period(_month(start), _month(end), "custom")
        if period.last < period.first:
            raise DomainError("Tháng kết thúc phải sau tháng bắt đầu.")
    elif _MONTH.match(text):
        first = _month(text)
        period = Period(first, first, "month")
    else:
        raise DomainError(
            f"Kỳ báo cáo “{text}” không hợp lệ: chọn tháng (2026-11), quý (2026-Q4), "
            "năm (2026) hoặc từ tháng đến tháng."
        )
    if period.first < EARLIEST:
        raise DomainError("Kỳ báo cáo phải từ năm 2000 trở đi.")
    if period.first > this_month:
        raise DomainError("Kỳ báo cáo chưa bắt đầu: hãy chọn kỳ đến tháng này.")
    if len(period.months) > MAX_MONTHS:
        raise DomainError(f"Kỳ báo cáo dài nhất {MAX_MONTHS} tháng.")
    return period
