"""Imports of units and members: validate every row first, then apply all or only valid rows.

Validation never writes. Applying re-validates inside one transaction (the data may have
changed since) and upserts members by party card number, so a re-import is idempotent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.core.access import subtree_q
from sotay.core.db import analyze
from sotay.core.errors import DomainError
from sotay.core.text import clean, fold, normalize_phone
from sotay.orgs.choices import OrgKind, OrgStatus
from sotay.orgs.models import Organization

from .choices import Gender, HistorySource, ImportKind, ImportStatus, MemberStatus, TheoryLevel
from .models import CellMembership, ImportJob, Member, MemberHistory
from .rules import DATE_FIELDS, history_value, record_errors
from .services import roles_end_outside
from .spreadsheets import cell_text, parse_date, read_rows

MEMBER_COLUMNS: list[tuple[str, str, bool]] = [
    # (field, Vietnamese header, required)
    ("full_name", "Họ và tên", True),
    ("other_name", "Tên gọi khác", False),
    ("gender", "Giới tính", True),
    ("birth_date", "Ngày sinh", True),
    ("birth_place", "Nơi sinh", False),
    ("hometown", "Quê quán", False),
    ("ethnicity", "Dân tộc", False),
    ("religion", "Tôn giáo", False),
    ("citizen_id", "Số CCCD", False),
    ("party_card_number", "Số thẻ đảng viên", True),
    ("admitted_on", "Ngày vào Đảng", True),
    ("full_member_on", "Ngày chính thức", False),
    ("status", "Trạng thái", True),
    ("education", "Trình độ học vấn", False),
    ("theory_level", "Lý luận chính trị", False),
    ("profession", "Nghề nghiệp", False),
    ("workplace", "Nơi làm việc", False),
    ("phone", "Số điện thoại", False),
    ("email", "Email", False),
    ("cell_code", "Mã chi bộ", True),
]
UNIT_COLUMNS: list[tuple[str, str, bool]] = [
    ("code", "Mã đơn vị", True),
    ("name", "Tên đơn vị", True),
    ("kind", "Loại", True),
    ("parent_code", "Mã đơn vị cấp trên", True),
    ("address", "Địa chỉ", False),
]
COLUMNS: dict[str, list[tuple[str, str, bool]]] = {
    ImportKind.MEMBERS: MEMBER_COLUMNS,
    ImportKind.UNITS: UNIT_COLUMNS,
}

_CHOICE_WORDS: dict[str, dict[str, str]] = {
    "gender": {fold(c.label): c.value for c in Gender},
    "status": {
        **{fold(c.label): c.value for c in MemberStatus},
        "mien sinh hoat": MemberStatus.EXEMPT,
        "mien": MemberStatus.EXEMPT,
    },
    "theory_level": {fold(c.label): c.value for c in TheoryLevel},
    "kind": {
        **{fold(c.label): c.value for c in OrgKind},
        "chi bo co so": OrgKind.CELL,
        "chi bo truc thuoc": OrgKind.CELL,
        "dang bo co so": OrgKind.GRASSROOTS,
        "dang bo xa": OrgKind.GRASSROOTS,
        "dang bo phuong": OrgKind.GRASSROOTS,
        "dang bo cap tren co so": OrgKind.UPPER_GRASSROOTS,
    },
}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Checked:
    """The outcome of validating a whole file."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # valid rows only
    errors: list[RowError] = field(default_factory=list)
    total: int = 0

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors if e.row})


def _header_map(header: list[Any], columns: list[tuple[str, str, bool]]) -> dict[str, int]:
    wanted = {fold(label): name for name, label, _ in columns}
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = wanted.get(fold(cell_text(cell)).rstrip(" *"))
        if name and name not in found:
            found[name] = i
    missing = [label for name, label, required in columns if required and name not in found]
    if missing:
        raise DomainError(
            "Tệp thiếu cột: "
            + ", ".join(f"“{m}”" for m in missing)
            + ". Hãy dùng tệp mẫu tải về từ trang nhập dữ liệu."
        )
    return found


def _rows(job_kind: str, data: bytes, filename: str) -> Iterator[tuple[int, dict[str, Any]]]:
    columns = COLUMNS[job_kind]
    rows = read_rows(data, filename)
    header = next(rows, None)
    if header is None:
        raise DomainError("Tệp trống.")
    index = _header_map(list(header), columns)
    for number, raw in enumerate(rows, start=2):
        values = {name: raw[i] if i < len(raw) else None for name, i in index.items()}
        if all(cell_text(v) == "" for v in values.values()):
            continue  # blank line
        yield number, values


def _choice(kind: str, value: Any) -> str | None:
    return _CHOICE_WORDS[kind].get(fold(cell_text(value)))


def _parse_member(
    raw: dict[str, Any], labels: dict[str, str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for name, value in raw.items():
        if name in DATE_FIELDS:
            try:
                values[name] = parse_date(value)
            except ValueError as exc:
                errors.append((name, str(exc)))
        elif name in ("gender", "status", "theory_level"):
            text = cell_text(value)
            if not text:
                values[name] = "" if name != "status" else None
                continue
            choice = _choice(name, text)
            if choice is None:
                errors.append((name, f"Giá trị “{text}” không hợp lệ."))
            else:
                values[name] = choice
        elif name == "phone":
            text = cell_text(value)
            values[name] = normalize_phone(text) if text else ""
            if text and not values[name]:
                errors.append((name, f"Số điện thoại “{text}” không hợp lệ."))
        else:
            values[name] = cell_text(value)
    failed = {name for name, _ in errors}
    for name, label in labels.items():
        if name in failed:
            continue
        if name in raw and values.get(name) in (None, "") and _required(name):
            errors.append((name, f"Thiếu {label.lower()}."))
    return values, errors


def _required(name: str) -> bool:
    return any(n == name and req for cols in COLUMNS.values() for n, _, req in cols)


def validate_members(job: ImportJob, data: bytes) -> Checked:
    labels = {name: label for name, label, _ in MEMBER_COLUMNS}
    scope = job.org
    cells = {
        o.code: o
        for o in Organization.objects.filter(subtree_q(scope.path), kind=OrgKind.CELL).only(
            "id", "code", "name", "path", "status", "kind"
        )
    }
    checked = Checked()
    seen_cards: dict[str, int] = {}
    parsed: list[tuple[int, dict[str, Any]]] = []
    today = timezone.localdate()
    for number, raw in _rows(ImportKind.MEMBERS, data, job.original_name):
        checked.total += 1
        values, errors = _parse_member(raw, labels)
        errors += [e for e in record_errors(values, today) if e[0] not in {f for f, _ in errors}]
        code = clean(values.pop("cell_code", "")).upper()
        cell = cells.get(code)
        if code and cell is None:
            errors.append(("cell_code", f"Mã chi bộ “{code}” không có trong {scope.name}."))
        elif cell is not None and cell.status != OrgStatus.ACTIVE:
            errors.append(("cell_code", f"Chi bộ “{cell.name}” không còn hoạt động."))
        values["cell"] = cell
        card = values.get("party_card_number")
        if card and card in seen_cards:
            errors.append(("party_card_number", f"Trùng số thẻ với dòng {seen_cards[card]}."))
        elif card:
            seen_cards[card] = number
        for name, message in errors:
            checked.errors.append(RowError(number, labels.get(name, name), message))
        if not errors:
            parsed.append((number, values))
    # Cards already used by members outside the importer's scope cannot be taken over.
    cards = [v["party_card_number"] for _, v in parsed]
    outside: set[str] = set()
    for i in range(0, len(cards), 5000):
        outside |= set(
            Member.objects.filter(party_card_number__in=cards[i : i + 5000])
            .exclude(subtree_q(scope.path, "cell_path"))
            .exclude(party_card_number=None)
            .values_list("party_card_number", flat=True)  # type: ignore[arg-type]
        )
    for number, values in parsed:
        if values["party_card_number"] in outside:
            checked.errors.append(
                RowError(
                    number,
                    labels["party_card_number"],
                    "Số thẻ này thuộc đảng viên của đơn vị ngoài phạm vi quản lý: "
                    "cần chuyển sinh hoạt.",
                )
            )
        else:
            checked.rows.append((number, values))
    return checked


def validate_units(job: ImportJob, data: bytes) -> Checked:
    labels = {name: label for name, label, _ in UNIT_COLUMNS}
    scope = job.org
    existing = {o.code: o for o in Organization.objects.filter(subtree_q(scope.path))}
    checked = Checked()
    known_codes = set(existing)
    for number, raw in _rows(ImportKind.UNITS, data, job.original_name):
        checked.total += 1
        errors: list[tuple[str, str]] = []
        values = {k: cell_text(v) for k, v in raw.items()}
        values["code"] = values.get("code", "").upper()
        values["parent_code"] = values.get("parent_code", "").upper()
        for name in ("code", "name", "parent_code", "kind"):
            if not values.get(name):
                errors.append((name, f"Thiếu {labels[name].lower()}."))
        kind = _choice("kind", values.get("kind")) if values.get("kind") else None
        if values.get("kind") and kind is None:
            errors.append(("kind", f"Loại đơn vị “{values['kind']}” không hợp lệ."))
        values["kind"] = kind or ""
        code, parent_code = values["code"], values["parent_code"]
        if code and code == parent_code:
            errors.append(("parent_code", "Đơn vị không thể trực thuộc chính nó."))
        elif parent_code and parent_code not in known_codes:
            errors.append(
                ("parent_code", f"Không tìm thấy đơn vị cấp trên “{parent_code}” trong phạm vi.")
            )
        current = existing.get(code)
        if (
            current is not None
            and parent_code
            and Organization.objects.get_parent(current)
            and (Organization.objects.get_parent(current).code != parent_code)
        ):
            errors.append(
                ("parent_code", "Đơn vị đã có; đổi trực thuộc hãy dùng chức năng “Chuyển đơn vị”.")
            )
        if code in {v["code"] for _, v in checked.rows}:
            errors.append(("code", "Mã đơn vị bị lặp trong tệp."))
        elif code and code not in existing and Organization.objects.filter(code=code).exists():
            errors.append(("code", f"Mã “{code}” đã dùng cho đơn vị ngoài phạm vi."))
        for name, message in errors:
            checked.errors.append(RowError(number, labels.get(name, name), message))
        if not errors:
            checked.rows.append((number, values))
            known_codes.add(code)
    return checked


def validate(job: ImportJob, data: bytes) -> Checked:
    return (
        validate_members(job, data) if job.kind == ImportKind.MEMBERS else validate_units(job, data)
    )


@dataclass
class Applied:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _apply_members(job: ImportJob, checked: Checked) -> Applied:
    result = Applied()
    actor = job.uploaded_by
    today = timezone.localdate()
    now = timezone.now()
    rows = [values for _, values in checked.rows]
    cards = [v["party_card_number"] for v in rows]
    existing: dict[str, Member] = {}
    for i in range(0, len(cards), 5000):
        for m in Member.objects.filter(party_card_number__in=cards[i : i + 5000]).select_related(
            "cell"
        ):
            existing[m.party_card_number or ""] = m
    new_members: list[Member] = []
    changed: list[Member] = []
    changed_fields: set[str] = set()
    history: list[MemberHistory] = []
    memberships: list[CellMembership] = []
    for values in rows:
        values = {k: v for k, v in values.items()}
        cell = values.pop("cell")
        status = values.pop("status")
        member = existing.get(values["party_card_number"])
        if member is None:
            member = Member(cell=cell, status=status, status_since=today, **values)
            member.refresh_derived()
            new_members.append(member)
            continue
        diff: dict[str, list[Any]] = {}
        for name, value in {**values, "status": status}.items():
            old = getattr(member, name)
            if value in (None, "") and old in (None, "") or old == value:
                continue
            diff[name] = [history_value(name, old), history_value(name, value)]
            setattr(member, name, value)
        if member.cell_id != cell.pk:
            diff["cell"] = [member.cell.name, cell.name]
            memberships.append(
                CellMembership(
                    member=member,
                    org=cell,
                    org_name=cell.name,
                    started_on=today,
                    reason="Nhập từ tệp",
                )
            )
            CellMembership.objects.filter(member=member, ended_on__isnull=True).update(
                ended_on=today
            )
            roles_end_outside(member=member, cell=cell, day=today)
            member.cell = cell
        if not diff:
            result.unchanged += 1
            continue
        member.refresh_derived()
        changed_fields |= {k for k in diff if k != "cell"} | ({"cell"} if "cell" in diff else set())
        history.append(
            MemberHistory(
                member=member,
                source=HistorySource.IMPORT,
                actor=actor,
                changes=diff,
                note=job.original_name,
                created_at=now,
            )
        )
        changed.append(member)
    Member.objects.bulk_create(new_members, batch_size=1000)
    for m in new_members:
        memberships.append(
            CellMembership(
                member=m,
                org=m.cell,
                org_name=m.cell.name,
                started_on=m.admitted_on or today,
                reason="Nhập từ tệp",
            )
        )
        history.append(
            MemberHistory(
                member=m,
                source=HistorySource.IMPORT,
                actor=actor,
                created_at=now,
                note=job.original_name,
                changes={"created": [None, True]},
            )
        )
    if changed:
        fields = sorted(
            changed_fields
            | {"search_text", "phone_digest", "citizen_digest", "cell_path", "updated_at"}
        )
        for m in changed:
            m.updated_at = now
        Member.objects.bulk_update(changed, fields, batch_size=1000)
    CellMembership.objects.bulk_create(memberships, batch_size=2000)
    MemberHistory.objects.bulk_create(history, batch_size=2000)
    result.created, result.updated = len(new_members), len(changed)
    return result


def _apply_units(job: ImportJob, checked: Checked) -> Applied:
    from sotay.orgs.services import org_create, org_rename

    result = Applied()
    for _, values in checked.rows:
        org = Organization.objects.filter(code=values["code"]).first()
        if org is None:
            parent = Organization.objects.get(code=values["parent_code"])
            org_create(
                parent=parent,
                kind=values["kind"],
                code=values["code"],
                name=values["name"],
                address=values.get("address", ""),
                actor=job.uploaded_by,
            )
            result.created += 1
        elif org.name != values["name"] or org.address != values.get("address", org.address):
            org_rename(org=org, name=values["name"], actor=job.uploaded_by)
            if "address" in values and org.address != values["address"]:
                org.address = values["address"]
                org.save(update_fields=["address", "updated_at"])
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def import_start(*, kind: str, org: Organization, upload: Any, actor: Any) -> ImportJob:
    """Store the uploaded file and create the job; validation runs in the background."""
    from django.conf import settings

    name = clean(getattr(upload, "name", "")) or "tep"
    if not name.lower().endswith((".xlsx", ".xlsm", ".csv")):
        raise DomainError("Chỉ nhận tệp .xlsx hoặc .csv. Hãy dùng tệp mẫu tải về từ trang này.")
    if upload.size > settings.SOTAY_IMPORT_MAX_BYTES:
        raise DomainError(
            f"Tệp quá lớn (tối đa {settings.SOTAY_IMPORT_MAX_BYTES // (1024 * 1024)} MB)."
        )
    if upload.size == 0:
        raise DomainError("Tệp trống.")
    if kind not in ImportKind.values:
        raise DomainError("Loại dữ liệu nhập không hợp lệ.")
    with transaction.atomic():
        job = ImportJob(kind=kind, org=org, original_name=name[:255], uploaded_by=actor)
        job.file.save(f"{job.public_id}-{name[-60:]}", upload, save=False)
        job.save()
        transaction.on_commit(lambda: _enqueue("validate", job.pk))
    return job


def _enqueue(step: str, job_id: int) -> None:
    from . import tasks

    (tasks.import_validate if step == "validate" else tasks.import_apply).enqueue(job_id)


def import_validate(job: ImportJob) -> ImportJob:
    """Check every row and store the report. Writes nothing but the job itself."""
    try:
        checked = validate(job, _read(job))
    except DomainError as exc:
        job.status, job.failure = ImportStatus.FAILED, exc.message
        job.save(update_fields=["status", "failure", "updated_at"])
        return job
    job.total_rows, job.valid_rows = checked.total, len(checked.rows)
    job.errors = [e.as_dict() for e in checked.errors[:5000]]
    job.error_rows = checked.error_rows
    job.status = ImportStatus.VALIDATED
    job.save(
        update_fields=["total_rows", "valid_rows", "errors", "error_rows", "status", "updated_at"]
    )
    return job


def import_confirm(*, job: ImportJob, only_valid: bool) -> ImportJob:
    """The committee decides to apply: all rows (only if none failed) or only the valid ones."""
    if job.status != ImportStatus.VALIDATED:
        raise DomainError("Lần nhập này không ở trạng thái chờ xác nhận.")
    if job.error_rows and not only_valid:
        raise DomainError(
            "Tệp còn dòng lỗi: hãy sửa tệp và tải lên lại, hoặc chọn chỉ nhập các dòng hợp lệ."
        )
    if job.valid_rows == 0:
        raise DomainError("Không có dòng hợp lệ nào để nhập.")
    with transaction.atomic():
        job.status, job.only_valid = ImportStatus.APPLYING, only_valid
        job.save(update_fields=["status", "only_valid", "updated_at"])
        transaction.on_commit(lambda: _enqueue("apply", job.pk))
    return job


def import_discard(*, job: ImportJob) -> ImportJob:
    if job.status not in (ImportStatus.VALIDATED, ImportStatus.FAILED):
        raise DomainError("Không thể hủy lần nhập này.")
    job.status = ImportStatus.DISCARDED
    job.save(update_fields=["status", "updated_at"])
    return job


def import_apply(job: ImportJob) -> ImportJob:
    """Re-validate and write in one transaction; any failure leaves the data untouched."""
    try:
        with transaction.atomic():
            checked = validate(job, _read(job))
            if checked.errors and not job.only_valid:
                raise DomainError("Dữ liệu đã thay đổi từ lúc kiểm tra; hãy tải tệp lên lại.")
            applied = (_apply_members if job.kind == ImportKind.MEMBERS else _apply_units)(
                job, checked
            )
            job.created_count, job.updated_count = applied.created, applied.updated
            job.unchanged_count = applied.unchanged
            job.status = ImportStatus.APPLIED
            job.save(
                update_fields=[
                    "created_count",
                    "updated_count",
                    "unchanged_count",
                    "status",
                    "updated_at",
                ]
            )
    except DomainError as exc:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, failure=exc.message)
        job.refresh_from_db()
        return job
    if job.created_count + job.updated_count >= 10_000:
        analyze()
    return job


IMPORT_TASKS = {"sotay.members.tasks.import_validate", "sotay.members.tasks.import_apply"}


def import_task_failed(task_result: Any) -> None:
    """Called for every finished task: an import task that did not succeed fails its job
    (nothing was written: applying runs in one transaction)."""
    if task_result.status != "FAILED" or task_result.task.module_path not in IMPORT_TASKS:
        return
    job_id = task_result.args[0] if task_result.args else None
    if not isinstance(job_id, int):
        return
    died = any("WorkerDied" in (e.exception_class_path or "") for e in task_result.errors)
    message = (
        "Máy xử lý dừng đột ngột khi đọc tệp này (tệp có thể quá lớn hoặc hỏng). "
        "Dữ liệu chưa thay đổi; hãy kiểm tra tệp hoặc chia nhỏ rồi tải lên lại."
        if died
        else "Có lỗi khi xử lý tệp. Dữ liệu chưa thay đổi; hãy tải tệp lên lại."
    )
    ImportJob.objects.filter(
        pk=job_id, status__in=[ImportStatus.VALIDATING, ImportStatus.APPLYING]
    ).update(status=ImportStatus.FAILED, failure=message, updated_at=timezone.now())


def _read(job: ImportJob) -> bytes:
    with job.file.open("rb") as fh:
        return fh.read()


def template_headers(kind: str) -> list[str]:
    return [label + (" *" if required else "") for _, label, required in COLUMNS[kind]]
