"""Drafts commented paragraph by paragraph (a cell's draft resolution, a committee's draft
document under consultation): split the text into paragraphs, and keep each paragraph's key
from one version to the next, so comments stay attached to the paragraph they were made on."""

from __future__ import annotations

import difflib
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import models
from django.utils import timezone

from .errors import DomainError
from .text import clean


class Decision(models.TextChoices):
    """What the committee decided about a member's comment on a draft."""

    PENDING = "pending", "Chờ xem xét"
    ADOPTED = "adopted", "Tiếp thu"
    ANSWERED = "answered", "Giải trình"
    NOT_ADOPTED = "not_adopted", "Không tiếp thu"


def record_decision(comment: Any, *, user: Any, decision: str, response: str = "") -> bool:
    """Check and record a decision on a comment (a model with ``decision``, ``response``,
    ``decided_at``, ``decided_by``): anything but adopting needs an explanation for the member.
    Returns whether it was adopted; the caller awards points and tells the member."""
    if decision not in Decision.values or decision == Decision.PENDING:
        raise DomainError("Hãy chọn: tiếp thu, giải trình hoặc không tiếp thu.", field="decision")
    response = (response or "").strip()
    if decision != Decision.ADOPTED and not response:
        raise DomainError("Hãy ghi lời giải trình cho đảng viên.", field="response")
    comment.decision, comment.response = decision, response[:3000]
    comment.decided_at, comment.decided_by = timezone.now(), user
    comment.save(update_fields=["decision", "response", "decided_at", "decided_by", "updated_at"])
    return decision == Decision.ADOPTED


def paragraphs(text: str) -> list[str]:
    parts = [clean(p) for p in text.replace("\r", "").split("\n")]
    return [p for p in parts if p]


def carry_keys(
    old_keys: Sequence[str], old_texts: Sequence[str], new_texts: list[str]
) -> list[str]:
    """Each kept or edited paragraph of the new version gets the key of the paragraph it came
    from (an edit counts when more than half of the text is alike); a new paragraph gets a new
    key."""
    keys = [""] * len(new_texts)
    matcher = difflib.SequenceMatcher(a=list(old_texts), b=new_texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(j2 - j1):
                keys[j1 + k] = old_keys[i1 + k]
        elif tag == "replace":
            used: set[int] = set()
            for j in range(j1, j2):
                best, score = -1, 0.5
                for i in range(i1, i2):
                    if i in used:
                        continue
                    ratio = difflib.SequenceMatcher(a=old_texts[i], b=new_texts[j]).ratio()
                    if ratio > score:
                        best, score = i, ratio
                if best >= 0:
                    used.add(best)
                    keys[j] = old_keys[best]
    return [k or secrets.token_hex(4) for k in keys]
