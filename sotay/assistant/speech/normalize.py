"""Vietnamese text normalisation before speech: espeak-ng reads "10/7/2025" digit by digit and
spells "QĐ/TW" letter by letter, so numbers, dates, document symbols and the Party's usual
abbreviations are written out as they are said."""

from __future__ import annotations

import re

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]

# Abbreviations in Party texts, longest first (matched as whole words, case-sensitive).
ABBREVIATIONS = {
    "ĐCSVN": "Đảng Cộng sản Việt Nam",
    "BCHTW": "Ban Chấp hành Trung ương",
    "BCH": "Ban Chấp hành",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
    "BTCTW": "Ban Tổ chức Trung ương",
    "UBKT": "Ủy ban Kiểm tra",
    "BTV": "Ban Thường vụ",
    "BBT": "Ban Bí thư",
    "BCT": "Bộ Chính trị",
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "TNCS": "Thanh niên Cộng sản",
    "TƯ": "Trung ương",
    "TW": "Trung ương",
    "QĐ": "Quy định",
    "HD": "Hướng dẫn",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "ĐU": "Đảng ủy",
    "VPTW": "Văn phòng Trung ương",
    "CV": "Công văn",
    "TB": "Thông báo",
}
LOWER = {"đ/c": "đồng chí", "đ/v": "đảng viên", "v/v": "về việc", "tr.": "trang"}


def number_words(n: int) -> str:
    """How a whole number is read in Vietnamese ("mười lăm", "hai mươi mốt", "một trăm linh
    năm", "hai nghìn không trăm hai mươi lăm")."""
    if n < 0:
        return "âm " + number_words(-n)
    if n < 10:
        return DIGITS[n]
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    units = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]
    words: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        words.append(_three(g, full=i != len(groups) - 1))
        if units[i]:
            words.append(units[i])
    return " ".join(w for w in words if w).strip()


def _three(n: int, *, full: bool) -> str:
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out: list[str] = []
    if hundreds or full:
        out += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if ones and (hundreds or full):
            out += ["linh", DIGITS[ones]]
        elif ones:
            out.append(DIGITS[ones])
        return " ".join(out)
    if tens == 1:
        out.append("mười")
    else:
        out += [DIGITS[tens], "mươi"]
    if ones == 1 and tens > 1:
        out.append("mốt")
    elif ones == 4 and tens > 1:
        out.append("tư")
    elif ones == 5:
        out.append("lăm")
    elif ones:
        out.append(DIGITS[ones])
    return " ".join(out)


_DATE = re.compile(r"(?:\bngày\s+)?\b(\d{1,2})/(\d{1,2})/(\d{4})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(?:\btháng\s+)?\b(\d{1,2})/(\d{4})\b", re.IGNORECASE)
_SYMBOL = re.compile(r"(?:\b[Ss]ố\s+)?\b(\d+)-([A-ZĐƯ]+(?:/[A-ZĐƯ]+)*)")
_DECIMAL = re.compile(r"\b(\d+),(\d+)\b")
_PERCENT = re.compile(r"(\d)\s*%")
_NUMBER = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b|\b\d+\b")
_WORD = re.compile(r"\b[A-ZĐƯƠ]{2,}\b")


def _symbol(m: re.Match[str]) -> str:
    parts = [ABBREVIATIONS.get(p, " ".join(p)) for p in m.group(2).split("/")]
    return f"số {number_words(int(m.group(1)))}, {', '.join(parts)}"


def normalize(text: str) -> str:
    out = text
    for short, long in LOWER.items():
        out = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", long, out, flags=re.IGNORECASE)
    out = _DATE.sub(
        lambda m: (
            f"ngày {number_words(int(m.group(1)))} tháng {number_words(int(m.group(2)))} "
            f"năm {number_words(int(m.group(3)))}"
        ),
        out,
    )
    out = _MONTH_YEAR.sub(
        lambda m: f"tháng {number_words(int(m.group(1)))} năm {number_words(int(m.group(2)))}",
        out,
    )
    out = _SYMBOL.sub(_symbol, out)
    out = _PERCENT.sub(r"\1 phần trăm", out)
    out = _DECIMAL.sub(
        lambda m: f"{number_words(int(m.group(1)))} phẩy {number_words(int(m.group(2)))}", out
    )
    out = _NUMBER.sub(lambda m: number_words(int(m.group(0).replace(".", ""))), out)
    out = _WORD.sub(lambda m: ABBREVIATIONS.get(m.group(0), m.group(0)), out)
    return re.sub(r"\s+", " ", out).strip()
