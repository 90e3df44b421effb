"""Reading uploaded .xlsx/.csv files and writing .xlsx exports (Vietnamese headers)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from sotay.core.errors import DomainError
from sotay.core.text import clean

EXCEL_EPOCH = dt.date(1899, 12, 30)
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def read_rows(data: bytes, filename: str) -> Iterator[list[Any]]:
    """Yield every row (header first) of an .xlsx or .csv file as a list of cell values."""
    name = filename.lower()
    if name.endswith(".csv"):
        yield from _read_csv(data)
    elif name.endswith((".xlsx", ".xlsm")):
        yield from _read_xlsx(data)
    else:
        raise DomainError("Chỉ nhận tệp .xlsx hoặc .csv. Hãy dùng tệp mẫu tải về từ trang này.")


def _read_csv(data: bytes) -> Iterator[list[Any]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError("Không đọc được tệp CSV: hãy lưu tệp với mã hóa UTF-8.")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _read_xlsx(data: bytes) -> Iterator[list[Any]]:
    from python_calamine import CalamineWorkbook

    if not data.startswith(b"PK"):
        raise DomainError("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise DomainError("Tệp Excel bị hỏng hoặc không đọc được.") from exc
    yield from rows


def parse_date(value: Any) -> dt.date | None:
    """A date from a cell: a real date, an Excel serial number, or dd/mm/yyyy text.

    Raises ValueError with a Vietnamese message for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 80000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError("Ngày không hợp lệ.")
    text = clean(value)
    if re.fullmatch(r"\d{5}(\.0)?", text):
        return EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _YMD.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(f"Ngày “{text}” không tồn tại.") from exc
    raise ValueError(f"Ngày “{text}” không đúng dạng ngày/tháng/năm (ví dụ 25/03/1980).")


def cell_text(value: Any) -> str:
    """Text of a cell; numbers typed as numbers lose their ".0"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return clean(value)


def write_xlsx(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    extra_sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]] | None = None,
) -> bytes:
    """A streamed (write-only) workbook: bold header row, dates as dd/mm/yyyy."""
    wb = Workbook(write_only=True)
    sheets = {title: (headers, rows), **(extra_sheets or {})}
    for name, (head, body) in sheets.items():
        ws = wb.create_sheet(name[:31])
        for i, h in enumerate(head, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(h) + 6))
        ws.freeze_panes = "A2"
        ws.append([_header_cell(ws, h) for h in head])
        for row in body:
            ws.append([_body_cell(ws, v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _header_cell(ws: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="FDE9D9")
    return cell


def _body_cell(ws: Any, value: Any) -> Any:
    if isinstance(value, dt.date):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return value
