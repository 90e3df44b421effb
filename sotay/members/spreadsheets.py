"""Reading uploaded .xlsx/.csv files and writing .xlsx exports (Vietnamese headers)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
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
    """Rows of the first sheet, read by its real cells within the limits.

    A sheet's stated extent cannot be trusted: a 5 KB file with one cell at XFD1048576 made
    calamine build a dense grid of 17 billion cells and abort the worker. So the sheets' XML
    is scanned first for the cells it really places. When they fit in
    ``SOTAY_IMPORT_MAX_ROWS`` × ``SOTAY_IMPORT_MAX_COLUMNS``, calamine reads the file (ten
    times faster); otherwise openpyxl streams it and only cells inside the limits are looked
    at (stray cells far away are ignored, real rows past the limit are refused).
    """
    if not data.startswith(b"PK"):
        raise DomainError("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DomainError("Tệp Excel bị hỏng hoặc không đọc được.") from exc
    limit = settings.SOTAY_IMPORT_MAX_UNPACKED_BYTES
    if sum(info.file_size for info in infos) > limit:
        raise DomainError(
            f"Tệp Excel khi giải nén quá lớn (hơn {limit // (1024 * 1024)} MB). "
            "Hãy chép dữ liệu sang tệp mẫu mới rồi tải lên lại."
        )
    try:
        fits = _sheets_fit(archive, infos)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise DomainError("Tệp Excel bị hỏng hoặc không đọc được.") from exc
    yield from (_read_xlsx_calamine(data) if fits else _read_xlsx_streamed(data))


_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
# A cell reference (letters and digits); row elements have digits only and do not match.
_CELL_REF = re.compile(rb"\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _sheets_fit(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    """Whether every cell of every sheet lies inside the row and column limits (a cell
    without a reference, allowed by the format, counts as not known to fit)."""
    max_rows, max_cols = settings.SOTAY_IMPORT_MAX_ROWS, settings.SOTAY_IMPORT_MAX_COLUMNS
    for info in infos:
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        tags = refs = 0
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                text = tail + chunk
                cut = text.rfind(b"<")  # a tag cut by the chunk boundary is read next time
                text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
                tags += len(_CELL_TAG.findall(text))
                for column, row in _CELL_REF.findall(text):
                    refs += 1
                    if int(row) > max_rows + 1 or _column_number(column) > max_cols:
                        return False
        tags += len(_CELL_TAG.findall(tail))
        refs += len(_CELL_REF.findall(tail))
        if refs != tags:
            return False
    return True


def _read_xlsx_calamine(data: bytes) -> Iterator[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise DomainError("Tệp Excel bị hỏng hoặc không đọc được.") from exc
    yield from _within_row_limit(iter(rows))


def _read_xlsx_streamed(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    max_rows, max_cols = settings.SOTAY_IMPORT_MAX_ROWS, settings.SOTAY_IMPORT_MAX_COLUMNS
    broken = "Tệp Excel bị hỏng hoặc không đọc được."
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a broken package raises many unrelated types (KeyError, XML...)
        raise DomainError(broken) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_row=max_rows + 1, max_col=max_cols, values_only=True)
        yield from _within_row_limit(rows)
    except DomainError:
        raise
    except Exception as exc:
        raise DomainError(broken) from exc
    finally:
        workbook.close()


def _within_row_limit(rows: Iterator[Sequence[Any]]) -> Iterator[list[Any]]:
    max_rows, max_cols = settings.SOTAY_IMPORT_MAX_ROWS, settings.SOTAY_IMPORT_MAX_COLUMNS
    for number, row in enumerate(rows, start=1):
        if number > max_rows:
            if any(value not in (None, "") for value in row):
                raise DomainError(
                    f"Tệp có hơn {max_rows:,} dòng".replace(",", ".")
                    + ": hãy chia thành nhiều tệp nhỏ hơn."
                )
            return
        yield list(row[:max_cols])


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


# Text that a spreadsheet program would run as a formula when opened or edited (CSV/formula
# injection): members' free text such as a comment "=HYPERLINK(...)" or "@SUM(...)".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _body_cell(ws: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # stored as text, never as a formula
        cell.quotePrefix = True  # and kept as text if someone edits the cell in Excel
        return cell
    return value
