"""The worker's rollups: for one month, every count of ``metrics.SECTIONS`` per cell (grouped
queries over the activity tables, one pass each), then summed up the tree by path prefix, and
written as one ``Rollup`` row per unit in one transaction. Counts at the month's end (stocks)
are reconstructed from the members' dates (admitted, made full, left), so past months can be
filled in too; members are counted in the cell they belong to now."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Rollup
from .periods import add_months

STEP = 4  # Organization.steplen
Counts = dict[str, Counter[str]]


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _add(counts: Counts, rows: Iterable[Any], key: str = "p") -> None:
    for row in rows:
        path = row.pop(key) or ""
        if path:
            counts[path].update({k: v for k, v in row.items() if v})


def _members(counts: Counts, start: dt.date, end: dt.date, stock_at: dt.date) -> None:
    from sotay.members.choices import CURRENT_STATUSES
    from sotay.members.choices import MemberStatus as S
    from sotay.members.models import Member

    left = (S.TRANSFERRED_OUT, S.DECEASED, S.REMOVED)
    in_party = (Q(admitted_on__lte=stock_at) | Q(admitted_on__isnull=True)) & (
        Q(status__in=CURRENT_STATUSES) | Q(status__in=left, status_since__gt=stock_at)
    )
    probationary = in_party & (
        Q(full_member_on__gt=stock_at) | Q(full_member_on__isnull=True, status=S.PROBATIONARY)
    )
    born_after = {n: _years_before(stock_at, n) for n in (31, 46, 61)}

    def left_in(status: str) -> Q:
        return Q(status=status, status_since__gte=start, status_since__lt=end)

    rows = (
        Member.objects.order_by()
        .values(p=F("cell_path"))
        .annotate(
            members=Count("id", filter=in_party),
            probationary=Count("id", filter=probationary),
            exempt=Count("id", filter=in_party & Q(status=S.EXEMPT)),
            admitted=Count("id", filter=Q(admitted_on__gte=start, admitted_on__lt=end)),
            made_full=Count("id", filter=Q(full_member_on__gte=start, full_member_on__lt=end)),
            transferred_out=Count("id", filter=left_in(S.TRANSFERRED_OUT)),
            deceased=Count("id", filter=left_in(S.DECEASED)),
            removed=Count("id", filter=left_in(S.REMOVED)),
            female=Count("id", filter=in_party & Q(gender="female")),
            age_under_31=Count("id", filter=in_party & Q(birth_date__gt=born_after[31])),
            age_31_45=Count(
                "id",
                filter=in_party & Q(birth_date__gt=born_after[46], birth_date__lte=born_after[31]),
            ),
            age_46_60=Count(
                "id",
                filter=in_party & Q(birth_date__gt=born_after[61], birth_date__lte=born_after[46]),
            ),
            age_over_60=Count("id", filter=in_party & Q(birth_date__lte=born_after[61])),
            minority=Count("id", filter=in_party & ~Q(ethnicity__in=("Kinh", ""))),
            university=Count(
                "id",
                filter=in_party
                & (
                    Q(education__icontains="Đại học")
                    | Q(education__icontains="Thạc sĩ")
                    | Q(education__icontains="Tiến sĩ")
                ),
            ),
            theory_high=Count("id", filter=in_party & Q(theory_level__in=("advanced", "bachelor"))),
            theory_mid=Count("id", filter=in_party & Q(theory_level="intermediate")),
            accounts=Count(
                "id", filter=in_party & Q(user__activated_at__lt=_aware(stock_at + dt.timedelta(1)))
            ),
        )
    )
    _add(counts, rows)


def _transfers(moves: Counts, start: dt.date, end: dt.date) -> None:
    """Official transfers accepted this month: out of every unit the member left, into every
    unit they joined (a move inside a unit is neither for that unit)."""
    from sotay.members.choices import TransferKind, TransferStatus
    from sotay.members.models import Transfer

    accepted = Transfer.objects.filter(
        kind=TransferKind.OFFICIAL,
        status=TransferStatus.ACCEPTED,
        decided_at__gte=_aware(start),
        decided_at__lt=_aware(end),
    ).values_list("from_cell__path", "to_cell__path")
    for source, target in accepted:
        for length in range(STEP, max(len(source), len(target)) + 1, STEP):
            if source[:length] == target[:length]:
                continue
            if length <= len(source):
                moves[source[:length]]["transferred_out"] += 1
            if length <= len(target):
                moves[target[:length]]["transferred_in"] += 1


def _meetings(counts: Counts, month: dt.date) -> None:
    from sotay.meetings.choices import MeetingKind, MeetingStatus
    from sotay.meetings.models import Meeting
    from sotay.meetings.selectors import ADVANCE, HELD

    cell_held = Q(status__in=HELD) & ~Q(kind=MeetingKind.COMMITTEE)
    rows = (
        Meeting.objects.filter(month=month)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by()
        .values(p=F("cell_path"))
        .annotate(
            meetings_scheduled=Count("id", filter=Q(kind=MeetingKind.REGULAR)),
            meetings_held=Count("id", filter=Q(kind=MeetingKind.REGULAR, status__in=HELD)),
            meetings_in_advance=Count(
                "id",
                filter=Q(kind=MeetingKind.REGULAR, draft_posted_at__lte=F("starts_at") - ADVANCE),
            ),
            thematic_held=Count("id", filter=Q(kind=MeetingKind.THEMATIC, status__in=HELD)),
            attendance_expected=Sum("expected_count", filter=cell_held),
            attendance_present=Sum("present_count", filter=cell_held),
            # Held at the committee's own unit (a cell's chi ủy, a commune's đảng ủy).
            committee_held=Count("id", filter=Q(kind=MeetingKind.COMMITTEE, status__in=HELD)),
        )
    )
    _add(counts, rows)


def _study_and_reading(counts: Counts, start: dt.datetime, end: dt.datetime) -> None:
    from sotay.content.models import ReadReceipt
    from sotay.study.choices import AttemptStatus
    from sotay.study.models import Attempt

    attempts = (
        Attempt.objects.filter(
            status=AttemptStatus.SUBMITTED, submitted_at__gte=start, submitted_at__lt=end
        )
        .order_by()
        .values(p=F("cell_path"))
        .annotate(quiz_submitted=Count("id"), quiz_passed=Count("id", filter=Q(passed=True)))
    )
    _add(counts, attempts)
    reads = (
        ReadReceipt.objects.filter(opened_at__gte=start, opened_at__lt=end)
        .order_by()
        .values(p=F("cell_path"))
        .annotate(reads=Count("id"), readers=Count("member", distinct=True))
    )
    _add(counts, reads)


def _engagement(
    counts: Counts, start: dt.datetime, end: dt.datetime, stock_end: dt.datetime
) -> None:
    from sotay.notices.models import Notification
    from sotay.participation.models import Inquiry, SurveyParticipation
    from sotay.planner.models import Assignment

    notices = (
        Notification.objects.filter(
            notice__requires_ack=True, created_at__gte=start, created_at__lt=end
        )
        .order_by()
        .values(p=F("member__cell_path"))
        .annotate(
            notices_sent=Count("id"),
            notices_acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
        )
    )
    _add(counts, notices)
    surveys = (
        SurveyParticipation.objects.filter(survey__closes_at__gte=start, survey__closes_at__lt=end)
        .order_by()
        .values(p=F("member__cell_path"))
        .annotate(survey_answers=Count("id"))
    )
    _add(counts, surveys)
    asked = (
        Inquiry.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .values(p=F("member__cell_path"))
        .annotate(questions_asked=Count("id"))
    )
    _add(counts, asked)
    overdue = (
        Inquiry.objects.filter(created_at__lt=stock_end, due_at__lt=stock_end)
        .filter(Q(answered_at__isnull=True) | Q(answered_at__gte=stock_end))
        .order_by()
        .values(p=F("member__cell_path"))
        .annotate(questions_overdue=Count("id"))
    )
    _add(counts, overdue)
    answered = Inquiry.objects.filter(answered_at__gte=start, answered_at__lt=end).values_list(
        "member__cell_path", "created_at", "answered_at"
    )
    for path, asked_at, answered_at in answered:
        if answered_at is None:
            continue
        counts[path]["questions_answered"] += 1
        counts[path]["answer_hours"] += round((answered_at - asked_at).total_seconds() / 3600)
    tasks = (
        Assignment.objects.filter(task__due_at__gte=start, task__due_at__lt=end)
        .order_by()
        .values(p=Coalesce(F("member__cell_path"), F("unit__path")))
        .annotate(
            tasks_due=Count("id"),
            tasks_done_on_time=Count("id", filter=Q(done_at__lte=F("task__due_at"))),
        )
    )
    _add(counts, tasks)


def _ratings(counts: Counts, start: dt.datetime, end: dt.datetime) -> None:
    """Yearly quality ratings decided this month: members in their cell, organisations at
    their own place in the tree."""
    from sotay.ratings.choices import RatingLevel as L
    from sotay.ratings.choices import RatingStatus
    from sotay.ratings.models import QualityRating

    decided = QualityRating.objects.filter(
        status=RatingStatus.DECIDED, decided_at__gte=start, decided_at__lt=end
    ).order_by()
    members = decided.filter(member__isnull=False).values(p=F("unit_path"))
    _add(
        counts,
        members.annotate(
            rated_members=Count("id"),
            rated_excellent=Count("id", filter=Q(level=L.EXCELLENT)),
            rated_good=Count("id", filter=Q(level=L.GOOD)),
            rated_done=Count("id", filter=Q(level=L.DONE)),
            rated_not_done=Count("id", filter=Q(level=L.NOT_DONE)),
        ),
    )
    orgs = decided.filter(org__isnull=False).values(p=F("unit_path"))
    _add(
        counts,
        orgs.annotate(
            rated_orgs=Count("id"),
            orgs_excellent=Count("id", filter=Q(level=L.EXCELLENT)),
            orgs_good=Count("id", filter=Q(level=L.GOOD)),
            orgs_not_done=Count("id", filter=Q(level=L.NOT_DONE)),
        ),
    )


def _dues(counts: Counts, month: dt.date, end: dt.date) -> None:
    """The month's dues charges and how many are paid, the money cells received in the month
    (whatever months it was for), and members owing for earlier months at the month's end:
    a charge of a month before, not excused, unpaid then (still due, or paid later)."""
    from sotay.dues.choices import ChargeStatus as S
    from sotay.dues.models import DuesCharge, DuesPayment

    charges = DuesCharge.objects.filter(month=month).exclude(status=S.EXCUSED).order_by()
    _add(
        counts,
        charges.values(p=F("cell_path")).annotate(
            dues_charged=Count("id"),
            dues_members_paid=Count("id", filter=Q(status=S.PAID)),
            dues_due=Sum("amount"),
            dues_paid=Coalesce(Sum("amount", filter=Q(status=S.PAID)), 0),
        ),
    )
    received = DuesPayment.objects.filter(
        paid_on__gte=month, paid_on__lt=end, voided_at__isnull=True
    ).order_by()
    _add(counts, received.values(p=F("cell_path")).annotate(dues_collected=Sum("amount")))
    owing = (
        DuesCharge.objects.filter(month__lt=month)
        .filter(Q(status=S.DUE) | Q(status=S.PAID, payment__paid_on__gte=end))
        .order_by()
    )
    _add(
        counts,
        owing.values(p=F("cell_path")).annotate(dues_in_arrears=Count("member_id", distinct=True)),
    )


def _active(counts: Counts, start: dt.datetime, end: dt.datetime) -> None:
    """Members who did something in the month — opened a text, handed in a quiz, were present
    at a meeting, asked their committee — each counted once, in their cell."""
    from sotay.content.models import ReadReceipt
    from sotay.meetings.models import Attendance, Meeting
    from sotay.members.models import Member
    from sotay.participation.models import Inquiry
    from sotay.study.models import Attempt

    receipts, attempts = ReadReceipt._meta.db_table, Attempt._meta.db_table
    attendance, meetings = Attendance._meta.db_table, Meeting._meta.db_table
    inquiries, members = Inquiry._meta.db_table, Member._meta.db_table
    sql = f"""
        SELECT m.cell_path, COUNT(*) FROM (
            SELECT member_id FROM {receipts} WHERE opened_at >= %s AND opened_at < %s
            UNION SELECT member_id FROM {attempts} WHERE submitted_at >= %s AND submitted_at < %s
            UNION SELECT a.member_id FROM {attendance} a JOIN {meetings} g ON g.id = a.meeting_id
                WHERE a.status = 'present' AND g.starts_at >= %s AND g.starts_at < %s
            UNION SELECT member_id FROM {inquiries} WHERE created_at >= %s AND created_at < %s
        ) t JOIN {members} m ON m.id = t.member_id GROUP BY m.cell_path
    """  # noqa: S608 - table names from the models, values bound
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end] * 4)
        for path, n in cursor.fetchall():
            if path:
                counts[path]["active"] += n


def month_counts(month: dt.date, today: dt.date | None = None) -> Counts:
    """Every unit's counts for ``month``, subtrees included, keyed by unit path."""
    today = today or timezone.localdate()
    start, end = month, add_months(month, 1)
    stock_at = min(end - dt.timedelta(days=1), today)
    cells: Counts = defaultdict(Counter)
    _members(cells, start, end, stock_at)
    _meetings(cells, month)
    _study_and_reading(cells, _aware(start), _aware(end))
    _engagement(cells, _aware(start), _aware(end), _aware(stock_at + dt.timedelta(days=1)))
    _active(cells, _aware(start), _aware(end))
    _ratings(cells, _aware(start), _aware(end))
    _dues(cells, start, end)
    units: Counts = defaultdict(Counter)
    for path, counts in cells.items():
        for length in range(STEP, len(path) + 1, STEP):
            units[path[:length]].update(counts)
    moves: Counts = defaultdict(Counter)
    _transfers(moves, start, end)
    for path, counts in moves.items():
        units[path].update(counts)
    return units


def refresh(months: Iterable[dt.date], today: dt.date | None = None) -> int:
    """Recompute and replace the rollups of these months (each in its own transaction, so a
    report never sees a month half-written). Returns the rows written."""
    written = 0
    for month in months:
        units = month_counts(month, today)
        now = timezone.now()
        rows = [
            Rollup(
                path=path,
                depth=len(path) // STEP,
                month=month,
                values=dict(counts),
                computed_at=now,
            )
            for path, counts in units.items()
            if any(counts.values())
        ]
        with transaction.atomic():
            Rollup.objects.filter(month=month).delete()
            Rollup.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    return written


def due_months(today: dt.date | None = None) -> list[dt.date]:
    """What the periodic refresh recomputes: this month, and last month during the first week
    (late minutes and answers still land in it)."""
    today = today or timezone.localdate()
    this = today.replace(day=1)
    return [add_months(this, -1), this] if today.day <= 7 else [this]
