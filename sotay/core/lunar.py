"""The Vietnamese lunar calendar (âm lịch), for showing the lunar date beside the solar one.

Hồ Ngọc Đức's published algorithm (astronomical new moons and solar terms, computed for the
UTC+7 meridian). The Vietnamese calendar differs from the Chinese one (UTC+8) in some years —
Tết 1985 fell on 21 January in Vietnam and on 20 February in China — so a Chinese lunar library
would be wrong here; the only Vietnamese one on PyPI is licensed for non-commercial use only.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

TZ = 7.0  # Vietnam
_SYNODIC = 29.530588853
_DR = math.pi / 180


def _jd(day: dt.date) -> int:
    a = (14 - day.month) // 12
    y = day.year + 4800 - a
    m = day.month + 12 * a - 3
    return day.day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def _jd_ymd(dd: int, mm: int, yy: int) -> int:
    return _jd(dt.date(yy, mm, dd))


@lru_cache(maxsize=4096)
def _new_moon_day(k: int) -> int:
    """Julian day number of the k-th new moon after 1900-01-01, local to UTC+7."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _DR)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * _DR) + 0.0021 * math.sin(2 * _DR * m)
    c1 += -0.4068 * math.sin(mpr * _DR) + 0.0161 * math.sin(_DR * 2 * mpr)
    c1 += -0.0004 * math.sin(_DR * 3 * mpr)
    c1 += 0.0104 * math.sin(_DR * 2 * f) - 0.0051 * math.sin(_DR * (m + mpr))
    c1 += -0.0074 * math.sin(_DR * (m - mpr)) + 0.0004 * math.sin(_DR * (2 * f + m))
    c1 += -0.0004 * math.sin(_DR * (2 * f - m)) - 0.0006 * math.sin(_DR * (2 * f + mpr))
    c1 += 0.0010 * math.sin(_DR * (2 * f - mpr)) + 0.0005 * math.sin(_DR * (2 * mpr + m))
    if t < -11:
        delta = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta = -0.000278 + 0.000265 * t + 0.000262 * t2
    return math.floor(jd1 + c1 - delta + 0.5 + TZ / 24)


def _sun_longitude_sector(day_number: int) -> int:
    """Which of the 12 thirty-degree sectors the sun is in at the start of that local day."""
    jdn = day_number - 0.5 - TZ / 24
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(_DR * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(_DR * 2 * m) + 0.000290 * math.sin(_DR * 3 * m)
    longitude = (l0 + dl) * _DR
    longitude -= 2 * math.pi * math.floor(longitude / (2 * math.pi))
    return math.floor(longitude / math.pi * 6)


@lru_cache(maxsize=512)
def _month_11(year: int) -> int:
    """Start of the lunar month containing the winter solstice of ``year``."""
    off = _jd_ymd(31, 12, year) - 2415021
    k = math.floor(off / _SYNODIC)
    start = _new_moon_day(k)
    if _sun_longitude_sector(start) >= 9:
        start = _new_moon_day(k - 1)
    return start


def _leap_offset(a11: int) -> int:
    k = math.floor((a11 - 2415021.076998695) / _SYNODIC + 0.5)
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_longitude_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            break
    return i - 1


@dataclass(frozen=True)
class LunarDate:
    day: int
    month: int
    year: int
    leap: bool

    def __str__(self) -> str:
        return f"{self.day}/{self.month}{' nhuận' if self.leap else ''}"

    @property
    def long(self) -> str:
        return f"ngày {self.day} tháng {self.month}{' nhuận' if self.leap else ''} năm {self.year}"


def to_lunar(day: dt.date) -> LunarDate:
    number = _jd(day)
    k = math.floor((number - 2415021.076998695) / _SYNODIC)
    month_start = _new_moon_day(k + 1)
    if month_start > number:
        month_start = _new_moon_day(k)
    a11 = _month_11(day.year)
    b11 = a11
    if a11 >= month_start:
        year = day.year
        a11 = _month_11(day.year - 1)
    else:
        year = day.year + 1
        b11 = _month_11(day.year + 1)
    lunar_day = number - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_offset(a11)
        if diff >= leap_diff:
            month = diff + 10
            leap = diff == leap_diff
    if month > 12:
        month -= 12
    if month >= 11 and diff < 4:
        year -= 1
    return LunarDate(lunar_day, month, year, leap)
