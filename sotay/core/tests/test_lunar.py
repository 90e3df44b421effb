"""The Vietnamese lunar calendar against known dates (Tết, Trung thu, a leap month, and 1985,
when Vietnam's Tết differed from China's)."""

import datetime as dt

import pytest

from sotay.core.lunar import LunarDate, to_lunar


@pytest.mark.parametrize(
    ("solar", "lunar"),
    [
        (dt.date(2026, 2, 17), LunarDate(1, 1, 2026, False)),  # Tết Bính Ngọ
        (dt.date(2025, 1, 29), LunarDate(1, 1, 2025, False)),  # Tết Ất Tỵ
        (dt.date(2024, 2, 10), LunarDate(1, 1, 2024, False)),
        (dt.date(2023, 1, 22), LunarDate(1, 1, 2023, False)),
        (dt.date(1985, 1, 21), LunarDate(1, 1, 1985, False)),  # China: 20 February 1985
        (dt.date(2025, 10, 6), LunarDate(15, 8, 2025, False)),  # Trung thu
        (dt.date(2023, 3, 22), LunarDate(1, 2, 2023, True)),  # tháng 2 nhuận
        (dt.date(2026, 2, 16), LunarDate(29, 12, 2025, False)),  # Giao thừa 2026
    ],
)
def test_known_dates(solar: dt.date, lunar: LunarDate) -> None:
    assert to_lunar(solar) == lunar


def test_text() -> None:
    assert str(to_lunar(dt.date(2023, 3, 22))) == "1/2 nhuận"
    assert to_lunar(dt.date(2026, 2, 17)).long == "ngày 1 tháng 1 năm 2026"
