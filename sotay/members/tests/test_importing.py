"""Imports: every bad row reported, nothing half-written, re-imports idempotent, real worker."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from sotay.conftest import Personas, Tree
from sotay.core.errors import DomainError
from sotay.members import importing
from sotay.members.choices import ImportKind, ImportStatus
from sotay.members.models import ImportJob, Member

HEADER = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số thẻ đảng viên",
    "Ngày vào Đảng",
    "Trạng thái",
    "Số điện thoại",
    "Mã chi bộ",
    "Dân tộc",
]


def xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def run(job: ImportJob, data: bytes) -> importing.Checked:
    return importing.validate(job, data)


@pytest.fixture
def job(personas: Personas, tree: Tree) -> ImportJob:
    return ImportJob.objects.create(
        kind=ImportKind.MEMBERS,
        org=tree.g1,
        original_name="ds.xlsx",
        uploaded_by=personas.committee,
    )


MESSY = [
    # NFD name, Excel serial birth date, +84 phone, stray spaces
    [
        unicodedata.normalize("NFD", "  Hoàng   Thị Thủy "),
        "Nữ",
        30000,
        "60000001",
        "15/03/2010",
        "Chính thức",
        "+84 912 000 111",
        "c1",
        "Tày",
    ],
    [
        "Đinh Văn Long",
        "nam",
        "1975-04-30",
        "60000002",
        dt.date(2001, 9, 2),
        "chinh thuc",
        "0912000222",
        "C2",
        "",
    ],
    [None, None, None, None, None, None, None, None, None],  # blank row is skipped
]


def test_messy_but_valid_file_imports(job: ImportJob) -> None:
    checked = run(job, xlsx(MESSY))
    assert checked.errors == [] and checked.total == 2
    job.file.save("a.xlsx", SimpleUploadedFile("a.xlsx", xlsx(MESSY)))
    job.status = ImportStatus.APPLYING
    job.save()
    importing.import_apply(job)
    assert job.status == ImportStatus.APPLIED and job.created_count == 2
    thuy = Member.objects.get(party_card_number="60000001")
    assert thuy.full_name == "Hoàng Thị Thủy" and thuy.birth_date == dt.date(1982, 2, 18)
    assert thuy.phone == "0912000111" and thuy.ethnicity == "Tày" and thuy.cell.code == "C1"
    assert thuy.search_text == "hoang thi thuy"


def test_every_bad_row_is_reported_with_row_and_column(job: ImportJob, tree: Tree) -> None:
    rows = [
        [
            "Nguyễn Văn Một",
            "Nam",
            "31/02/1980",
            "60000011",
            "01/01/2005",
            "Chính thức",
            "0912000333",
            "C1",
            "",
        ],
        [
            "Nguyễn Văn Hai",
            "Không rõ",
            "01/01/1980",
            "60000012",
            "01/01/2005",
            "Chính thức",
            "12",
            "C9",
            "",
        ],
        [
            "Nguyễn Văn Ba",
            "Nam",
            "01/01/1980",
            "60000011",
            "01/01/2005",
            "Chính thức",
            "",
            "C3",
            "",
        ],
        ["", "Nam", "01/01/1980", "", "01/01/2005", "Chính thức", "", "C1", ""],
    ]
    checked = run(job, xlsx(rows))
    found = {(e.row, e.column) for e in checked.errors}
    assert (2, "Ngày sinh") in found
    assert {(3, "Giới tính"), (3, "Số điện thoại"), (3, "Mã chi bộ")} <= found
    assert (4, "Số thẻ đảng viên") in found  # duplicate of row 2
    assert (4, "Mã chi bộ") in found  # C3 is outside the importer's unit
    assert {(5, "Họ và tên"), (5, "Số thẻ đảng viên")} <= found
    assert all(e.message for e in checked.errors)
    assert checked.error_rows == 4


def test_missing_columns_are_named(job: ImportJob) -> None:
    with pytest.raises(DomainError, match="Mã chi bộ"):
        run(job, xlsx([["A"]], header=["Họ và tên", "Giới tính"]))


def test_not_a_spreadsheet(job: ImportJob) -> None:
    with pytest.raises(DomainError, match="Excel"):
        importing.validate(job, b"%PDF-1.4 not excel")


def test_upload_limits(personas: Personas, tree: Tree, settings: object) -> None:
    with pytest.raises(DomainError, match=r"\.xlsx hoặc \.csv"):
        importing.import_start(
            kind="members",
            org=tree.g1,
            actor=personas.committee,
            upload=SimpleUploadedFile("a.pdf", b"x"),
        )
    settings.SOTAY_IMPORT_MAX_BYTES = 10  # type: ignore[attr-defined]
    with pytest.raises(DomainError, match="quá lớn"):
        importing.import_start(
            kind="members",
            org=tree.g1,
            actor=personas.committee,
            upload=SimpleUploadedFile("a.csv", b"x" * 11),
        )
    assert not ImportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_full_cycle_through_real_worker(personas: Personas, tree: Tree) -> None:
    """One bad row: nothing changes, confirm refused; fixed: applied; re-imported: no-op."""
    before = Member.objects.count()
    bad = [
        ["Ngô Thị Mai", "Nữ", "01/01/1990", "60000021", "01/01/2015", "Chính thức", "", "C1", ""],
        ["Ngô Văn Nam", "Nam", "99/99/1990", "60000022", "01/01/2015", "Chính thức", "", "C2", ""],
    ]
    job = importing.import_start(
        kind="members",
        org=tree.g1,
        actor=personas.committee,
        upload=SimpleUploadedFile("ds.csv", csv_bytes(bad)),
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED and job.error_rows == 1 and job.valid_rows == 1
    assert job.errors[0]["row"] == 3 and job.errors[0]["column"] == "Ngày sinh"
    assert Member.objects.count() == before
    with pytest.raises(DomainError, match="dòng lỗi"):
        importing.import_confirm(job=job, only_valid=False)

    bad[1][2] = "09/09/1990"
    for attempt in range(2):
        job = importing.import_start(
            kind="members",
            org=tree.g1,
            actor=personas.committee,
            upload=SimpleUploadedFile("ds.csv", csv_bytes(bad)),
        )
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        job.refresh_from_db()
        assert job.error_rows == 0
        importing.import_confirm(job=job, only_valid=False)
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        job.refresh_from_db()
        assert job.status == ImportStatus.APPLIED
        if attempt == 0:
            assert (job.created_count, job.updated_count) == (2, 0)
        else:
            assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 2)
    assert Member.objects.count() == before + 2


@pytest.mark.django_db(transaction=True)
def test_only_valid_rows_when_chosen(personas: Personas, tree: Tree) -> None:
    rows = [
        ["Lý Văn Ổn", "Nam", "01/01/1990", "60000031", "01/01/2015", "Chính thức", "", "C1", ""],
        ["Lý Văn Lỗi", "Nam", "01/01/1990", "60000032", "01/01/2015", "Sai", "", "C1", ""],
    ]
    job = importing.import_start(
        kind="members",
        org=tree.g1,
        actor=personas.committee,
        upload=SimpleUploadedFile("ds.csv", csv_bytes(rows)),
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    importing.import_confirm(job=job, only_valid=True)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Member.objects.filter(party_card_number="60000031").exists()
    assert not Member.objects.filter(party_card_number="60000032").exists()


def test_reimport_updates_changed_fields_with_history(job: ImportJob, personas: Personas) -> None:
    first = [
        ["Mai Văn Tú", "Nam", "01/01/1990", "60000041", "01/01/2015", "Chính thức", "", "C1", ""]
    ]
    job.file.save("a.xlsx", SimpleUploadedFile("a.xlsx", xlsx(first)))
    importing.import_apply(job)
    first[0][7] = "C2"
    first[0][8] = "Nùng"
    job2 = ImportJob.objects.create(
        kind="members", org=job.org, original_name="b.xlsx", uploaded_by=job.uploaded_by
    )
    job2.file.save("b.xlsx", SimpleUploadedFile("b.xlsx", xlsx(first)))
    importing.import_apply(job2)
    assert job2.updated_count == 1
    m = Member.objects.get(party_card_number="60000041")
    assert m.cell.code == "C2" and m.ethnicity == "Nùng"
    assert m.history.filter(source="import").count() == 2
    assert m.cell_history.filter(ended_on__isnull=True).get().org.code == "C2"


def test_card_owned_outside_scope_cannot_be_taken(job: ImportJob, personas: Personas) -> None:
    card = personas.outsider.member.party_card_number
    rows = [["Kẻ Lạ", "Nam", "01/01/1990", card, "01/01/2015", "Chính thức", "", "C1", ""]]
    checked = run(job, xlsx(rows))
    assert checked.errors and "ngoài phạm vi" in checked.errors[0].message


def test_units_import(personas: Personas, tree: Tree) -> None:
    job = ImportJob.objects.create(
        kind=ImportKind.UNITS, org=tree.g1, original_name="dv.csv", uploaded_by=personas.committee
    )
    header = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Địa chỉ"]
    rows = [
        ["C4", "Chi bộ thôn Bốn", "Chi bộ", "G1", "Thôn 4"],
        ["C5", "Chi bộ X", "Vũ trụ", "G1", ""],
        ["C6", "Chi bộ Y", "Chi bộ", "G2", ""],
    ]
    data = csv_bytes(rows, header)
    checked = importing.validate(job, data)
    assert {(e.row, e.column) for e in checked.errors} == {(3, "Loại"), (4, "Mã đơn vị cấp trên")}
    job.file.save("dv.csv", SimpleUploadedFile("dv.csv", csv_bytes(rows[:1], header)))
    importing.import_apply(job)
    assert job.created_count == 1
    from sotay.orgs.models import Organization

    assert Organization.objects.get_parent(Organization.objects.get(code="C4")).code == "G1"
