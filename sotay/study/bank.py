"""Question bank import and export (.xlsx / .csv): every row checked first, all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from sotay.content.structure import anchor_label
from sotay.core.errors import DomainError
from sotay.core.text import clean, fold
from sotay.members.spreadsheets import cell_text, read_rows, write_xlsx
from sotay.orgs.models import Organization

from .choices import Difficulty, QuestionKind
from .models import Question
from .services import _check_question, question_save, require_study

COLUMNS = [
    "Chủ đề",
    "Loại câu",
    "Độ khó",
    "Câu hỏi",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "Đáp án đúng",
    "Giải thích",
    "Văn bản trích dẫn (số, ký hiệu)",
    "Điều, mục",
    "Thẻ",
]
KINDS = {fold(label): value for value, label in QuestionKind.choices} | {
    "mot": QuestionKind.SINGLE,
    "nhieu": QuestionKind.MULTIPLE,
    "dung sai": QuestionKind.TRUE_FALSE,
    "sap xep": QuestionKind.ORDERING,
}
LEVELS = {fold(label): value for value, label in Difficulty.choices}
_ANCHOR = re.compile(r"^(điều|dieu|mục|muc)\s*([\d.]+)$", re.IGNORECASE)


@dataclass
class BankImport:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0


def _anchor(text: str) -> str:
    m = _ANCHOR.match(clean(text))
    if not m:
        return ""
    word = "dieu" if fold(m.group(1)).startswith("dieu") else "muc"
    return f"{word}-{m.group(2).replace('.', '-')}"


def parse(data: bytes, filename: str, cited: dict[str, Any]) -> BankImport:
    """Read and check every row; ``cited`` maps document numbers (and "điều lệ") to items."""
    result = BankImport()
    try:
        rows = list(read_rows(data, filename))
    except DomainError:
        raise
    except Exception as exc:  # a file that is not a spreadsheet at all
        raise DomainError("Không đọc được tệp: hãy dùng mẫu .xlsx của hệ thống.") from exc
    if not rows or [fold(cell_text(c)) for c in rows[0][:4]] != [fold(c) for c in COLUMNS[:4]]:
        raise DomainError("Dòng đầu của tệp phải là tiêu đề cột theo mẫu (Chủ đề, Loại câu, ...).")
    for n, raw in enumerate(rows[1:], start=2):
        cells = [cell_text(c) for c in raw] + [""] * len(COLUMNS)
        if not any(cells[: len(COLUMNS)]):
            continue
        problems: list[str] = []
        kind = KINDS.get(fold(cells[1]))
        level = LEVELS.get(fold(cells[2]))
        if kind is None:
            problems.append(f"loại câu “{cells[1]}” không có trong mẫu")
        if level is None:
            problems.append(f"độ khó “{cells[2]}” phải là Dễ, Trung bình hoặc Khó")
        options = [
            {"key": k, "text": clean(v)}
            for k, v in zip("ABCDEF", cells[4:10], strict=True)
            if clean(v)
        ]
        correct = [c.strip().upper() for c in re.split(r"[,;\s]+", cells[10]) if c.strip()]
        item = None
        if cells[12]:
            item = cited.get(fold(cells[12]).replace(" ", ""))
            if item is None:
                problems.append(f"không có văn bản “{cells[12]}” trong hệ thống")
        anchor = _anchor(cells[13]) if cells[13] else ""
        if cells[13] and (
            not anchor or (item and not item.sections.filter(anchor=anchor).exists())
        ):
            problems.append(f"không tìm thấy “{cells[13]}” trong văn bản trích dẫn")
        if kind is not None:
            try:
                _check_question(kind, cells[3], options, correct)
            except DomainError as exc:
                problems.append(exc.message.rstrip("."))
        if problems:
            result.errors.append(f"Dòng {n}: " + "; ".join(problems) + ".")
            continue
        result.rows.append(
            {
                "category": cells[0] or "Chung",
                "kind": kind,
                "difficulty": level,
                "text": cells[3],
                "options": options,
                "correct": correct,
                "explanation": cells[11],
                "tags": cells[14],
                "cited_item": item,
                "cited_anchor": anchor,
            }
        )
    return result


@transaction.atomic
def import_questions(*, user: Any, unit: Organization, data: bytes, filename: str) -> BankImport:
    """Add every question of the file, or none if any row is wrong (with every wrong row listed)."""
    from sotay.content.models import Item

    require_study(user, unit)
    cited = {}
    for item in Item.objects.filter(kind="document", status="published").only(
        "id", "number", "doc_type", "title"
    ):
        if item.number:
            cited[fold(item.number).replace(" ", "")] = item
        if item.doc_type == "dieu_le":
            cited["dieuledang"] = cited["dieule"] = item
    result = parse(data, filename, cited)
    if result.errors:
        return result
    if not result.rows:
        raise DomainError("Tệp không có câu hỏi nào.")
    for row in result.rows:
        question_save(user=user, unit=unit, **row)
    result.created = len(result.rows)
    return result


def export_questions(unit: Organization) -> bytes:
    kinds = dict(QuestionKind.choices)
    levels = dict(Difficulty.choices)
    rows = []
    for q in Question.objects.filter(unit=unit, active=True).select_related(
        "category", "current", "current__cited_item"
    ):
        v = q.current
        if v is None:
            continue
        texts = {o["key"]: o["text"] for o in v.options}
        rows.append(
            [
                q.category.name,
                kinds[q.kind],
                levels[q.difficulty],
                v.text,
                *[texts.get(k, "") for k in "ABCDEF"],
                ",".join(v.correct),
                v.explanation,
                (v.cited_item.number or v.cited_item.title) if v.cited_item else "",
                anchor_label(v.cited_anchor) if v.cited_anchor else "",
                q.tags,
            ]
        )
    return write_xlsx("Ngân hàng câu hỏi", COLUMNS, rows)
