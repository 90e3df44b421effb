"""The points ledger: award from rules, once per event, within the province's daily caps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from sotay.members.models import Member

from .choices import PointRule
from .models import PointEntry, PointPolicy, PointTotal

# Defaults when a province has not set its own rules. Never anything for time spent.
DEFAULT_RULES: dict[str, dict[str, int]] = {
    PointRule.PROGRAMME_DONE: {"points": 10, "daily_cap": 30},
    PointRule.QUIZ_SCORE: {"points": 10, "daily_cap": 30},  # scaled by the score
    PointRule.MEETING_ATTENDED: {"points": 5, "daily_cap": 5},
    PointRule.COMMENT_ADOPTED: {"points": 3, "daily_cap": 9},
    PointRule.SURVEY_ANSWERED: {"points": 2, "daily_cap": 6},
}


def rules_for(member: Member) -> dict[str, dict[str, int]]:
    province_path = member.cell_path[:4]
    policy = PointPolicy.objects.filter(province__path=province_path).first()
    merged = {k: dict(v) for k, v in DEFAULT_RULES.items()}
    if policy:
        for rule, values in (policy.rules or {}).items():
            merged.setdefault(rule, {}).update(values)
    return merged


def _add_to_total(member: Member, period: str, points: int) -> None:
    row = PointTotal.objects.filter(member=member, period=period)
    if row.update(points=F("points") + points, cell_path=member.cell_path):
        return
    try:
        with transaction.atomic():
            PointTotal.objects.create(
                member=member, period=period, cell_path=member.cell_path, points=points
            )
    except IntegrityError:  # created meanwhile by a concurrent award
        row.update(points=F("points") + points, cell_path=member.cell_path)


def award(
    *,
    member: Member,
    rule: str,
    source_key: str,
    reason: str,
    scale: float = 1.0,
    rules: dict[str, dict[str, int]] | None = None,
) -> PointEntry | None:
    """Add points for an event once (``source_key``), capped per day; None if nothing is due.

    Safe to call again for the same event (a replayed request, a retried task): the unique
    source key makes the second call a no-op.
    """
    config = (rules or rules_for(member)).get(rule, {})
    points = round(config.get("points", 0) * max(0.0, min(1.0, scale)))
    if points <= 0:
        return None
    today = timezone.localdate()
    cap = config.get("daily_cap", 0)
    if cap:
        so_far = (
            PointEntry.objects.filter(member=member, rule=rule, day=today).aggregate(
                s=Sum("points")
            )["s"]
            or 0
        )
        points = min(points, cap - so_far)
        if points <= 0:
            return None
    try:
        with transaction.atomic():
            entry = PointEntry.objects.create(
                member=member,
                cell_path=member.cell_path,
                rule=rule,
                points=points,
                reason=reason[:300],
                source_key=source_key[:120],
                day=today,
            )
            for period in (f"{today:%Y-%m}", f"{today:%Y}"):
                _add_to_total(member, period, points)
            return entry
    except IntegrityError:
        return None  # this event already counted


@dataclass(frozen=True)
class Award:
    rule: str
    source_key: str
    reason: str
    scale: float = 1.0


def award_many(
    *, member: Member, awards: list[Award], rules: dict[str, dict[str, int]] | None = None
) -> int:
    """Several awards for one member in a few queries (one cap lookup, one insert, one update
    per period) — what a quiz hand-in needs. Same rules as ``award``; returns points added."""
    rules = rules or rules_for(member)
    today = timezone.localdate()
    keys = [a.source_key[:120] for a in awards]
    done = set(PointEntry.objects.filter(source_key__in=keys).values_list("source_key", flat=True))
    so_far = dict(
        PointEntry.objects.filter(member=member, day=today, rule__in=[a.rule for a in awards])
        .order_by()
        .values("rule")
        .annotate(s=Sum("points"))
        .values_list("rule", "s")
    )
    rows = []
    for a, key in zip(awards, keys, strict=True):
        config = rules.get(a.rule, {})
        pts = round(config.get("points", 0) * max(0.0, min(1.0, a.scale)))
        cap = config.get("daily_cap", 0)
        if cap:
            pts = min(pts, cap - so_far.get(a.rule, 0))
        if pts <= 0 or key in done:
            continue
        so_far[a.rule] = so_far.get(a.rule, 0) + pts
        rows.append(
            PointEntry(
                member=member,
                cell_path=member.cell_path,
                rule=a.rule,
                points=pts,
                reason=a.reason[:300],
                source_key=key,
                day=today,
            )
        )
    if not rows:
        return 0
    try:
        with transaction.atomic():
            PointEntry.objects.bulk_create(rows)
            added = sum(r.points for r in rows)
            for period in (f"{today:%Y-%m}", f"{today:%Y}"):
                _add_to_total(member, period, added)
            return added
    except IntegrityError:
        # Counted meanwhile by a concurrent request: fall back to one award at a time.
        return sum(
            e.points
            for a in awards
            if (
                e := award(
                    member=member,
                    rule=a.rule,
                    source_key=a.source_key,
                    reason=a.reason,
                    scale=a.scale,
                    rules=rules,
                )
            )
        )


def rebuild_totals() -> int:
    """Recompute every running total from the ledger (after a bulk load, or to repair)."""
    with transaction.atomic():
        PointTotal.objects.all().delete()
        rows: dict[tuple[int, str], list[Any]] = {}
        for member_id, cell_path, day, pts in PointEntry.objects.values_list(
            "member_id", "cell_path", "day", "points"
        ).iterator(chunk_size=20000):
            for period in (f"{day:%Y-%m}", f"{day:%Y}"):
                row = rows.setdefault((member_id, period), [cell_path, 0])
                row[1] += pts
        PointTotal.objects.bulk_create(
            [
                PointTotal(member_id=m, period=p, cell_path=c, points=n)
                for (m, p), (c, n) in rows.items()
            ],
            batch_size=5000,
        )
    return len(rows)


def total(member: Any, since: Any = None) -> int:
    qs = PointEntry.objects.filter(member=member)
    if since:
        qs = qs.filter(day__gte=since)
    return qs.aggregate(s=Sum("points"))["s"] or 0
