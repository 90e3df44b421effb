"""Demo tổ đảng: every cell of 30 members or more is divided into groups of about fifteen
(QĐ 294, 20.3.2), and the persona's cell into two, so the demo shows them; each group has a
leader and a deputy."""

from __future__ import annotations

from sotay.members.accounts import find_user
from sotay.members.choices import CURRENT_STATUSES
from sotay.members.models import Member

from .groups import SPLIT_AT
from .models import PartyGroup


def _divide(cell_id: int, member_ids: list[int], parts: int) -> int:
    size = -(-len(member_ids) // parts)
    for i in range(parts):
        chunk = member_ids[i * size : (i + 1) * size]
        if not chunk:
            break
        group = PartyGroup.objects.create(
            cell_id=cell_id, name=f"Tổ đảng số {i + 1}", leader_id=chunk[-1],
            deputy_id=chunk[-2] if len(chunk) > 1 else None,
        )  # fmt: skip
        Member.objects.filter(pk__in=chunk).update(party_group=group)
    return parts


def generate_party_groups() -> int:
    current = Member.objects.filter(status__in=CURRENT_STATUSES, temporary_cell__isnull=True)
    by_cell: dict[int, list[int]] = {}
    for member_id, cell_id in current.order_by("search_text").values_list("id", "cell_id"):
        by_cell.setdefault(cell_id, []).append(member_id)
    persona = find_user("0900000001")
    persona_cell = persona.member.cell_id if persona and persona.member else None
    made = 0
    for cell_id, ids in by_cell.items():
        if len(ids) >= SPLIT_AT:
            made += _divide(cell_id, ids, max(2, len(ids) // 15))
        elif cell_id == persona_cell and len(ids) >= 4:
            made += _divide(cell_id, ids, 2)
    return made
