"""Who sees and changes events, tasks and notes — the one door for the planner."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sotay.core.access import Capability, ancestor_paths, can, scope_paths, scope_q, units_for

from .models import Assignment, Event, Note, Task

ASSIGN = Capability.TASKS_ASSIGN
PUBLISH_EVENTS = Capability.NOTICES_SEND


def _key(public_id: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc


def _member(user: Any) -> Any:
    return getattr(user, "member", None) if getattr(user, "is_authenticated", False) else None


def member_paths(member: Any) -> list[str]:
    """The member's cell (and temporary cell) and every unit above them."""
    paths = ancestor_paths(member.cell_path)
    temporary = getattr(member, "temporary_cell", None)
    if temporary is not None:
        paths += ancestor_paths(temporary.path)
    return sorted(set(paths))


def events_of(member: Any) -> QuerySet[Event]:
    """The member's own events and the events of their units."""
    return Event.objects.filter(Q(owner=member) | Q(audience_path__in=member_paths(member)))


def access_event(user: Any, public_id: Any, change: bool = False) -> Event:
    event = Event.objects.select_related("unit").filter(public_id=_key(public_id)).first()
    member = _member(user)
    if event is None:
        raise Http404("Không tìm thấy sự kiện.")
    if event.owner_id is not None:
        if member is not None and event.owner_id == member.pk:
            return event
        raise Http404("Không tìm thấy sự kiện.")
    if can(user, PUBLISH_EVENTS, event.unit):
        return event
    if not change and member is not None and event.audience_path in member_paths(member):
        return event
    raise Http404("Không tìm thấy sự kiện.")


def event_units(user: Any) -> QuerySet[Any]:
    units: QuerySet[Any] = units_for(user, PUBLISH_EVENTS)
    return units


def task_units(user: Any) -> QuerySet[Any]:
    units: QuerySet[Any] = units_for(user, ASSIGN)
    return units


def tasks_managed_by(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(scope_q(user, ASSIGN, "unit__path"))


def assignments_of(user: Any) -> QuerySet[Assignment]:
    """What the user must report on: tasks given to them, and to units they run."""
    member = _member(user)
    q = Q(member=member) if member is not None else Q(pk__in=[])
    roots = scope_paths(user, ASSIGN)
    if roots:
        q |= Q(unit__path__in=_units_run(user))
    return Assignment.objects.filter(q)


def _units_run(user: Any) -> list[str]:
    """Units whose committee the user sits on (a task given to the unit is theirs to report)."""
    from sotay.core.access import grants

    return sorted({g.path for g in grants(user)})


def access_task(user: Any, public_id: Any) -> Task:
    task = Task.objects.select_related("unit").filter(public_id=_key(public_id)).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    if can(user, ASSIGN, task.unit) or assignments_of(user).filter(task=task).exists():
        return task
    raise Http404("Không tìm thấy nhiệm vụ.")


def can_manage_task(user: Any, task: Task) -> bool:
    return can(user, ASSIGN, task.unit)


def access_assignment(user: Any, public_id: Any) -> Assignment:
    """An assignment to report on (the assignee) or to look at (the assigning committee)."""
    found = (
        Assignment.objects.select_related("task__unit", "member", "unit")
        .filter(public_id=_key(public_id))
        .first()
    )
    if found is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    if can(user, ASSIGN, found.task.unit) or assignments_of(user).filter(pk=found.pk).exists():
        return found
    raise Http404("Không tìm thấy nhiệm vụ.")


def can_report(user: Any, assignment: Assignment) -> bool:
    return assignments_of(user).filter(pk=assignment.pk).exists()


def notes_of(user: Any) -> QuerySet[Note]:
    member = _member(user)
    if member is None:
        return Note.objects.none()
    return Note.objects.filter(member=member)


def access_note(user: Any, public_id: Any) -> Note:
    note = notes_of(user).filter(public_id=_key(public_id)).first()
    if note is None:
        raise Http404("Không tìm thấy ghi chú.")
    return note


def direct_subordinates(user: Any) -> QuerySet[Any]:
    """Units directly below the units where the user may assign tasks."""
    from sotay.orgs.models import Organization

    roots = scope_paths(user, ASSIGN)
    if not roots:
        return Organization.objects.none()
    q = Q()
    for root in roots:
        q |= Q(path__startswith=root, depth=len(root) // 4 + 1)
    return Organization.objects.filter(q, status="active").order_by("path")


def members_by_card(unit: Any, cards: list[str]) -> tuple[list[Any], list[str]]:
    """Members of ``unit``'s subtree with these party card numbers, and the numbers not found."""
    from sotay.core.access import subtree_q
    from sotay.members.models import Member

    found = list(
        Member.objects.current().filter(
            subtree_q(unit.path, "cell_path"), party_card_number__in=cards
        )
    )
    known = {m.party_card_number for m in found}
    return found, [c for c in cards if c not in known]


def feed_user(token: str) -> Any:
    """The account whose calendar feed has this secret address (None if revoked/unknown)."""
    from .models import CalendarFeed

    feed = CalendarFeed.objects.select_related("member__user").filter(token=token).first()
    if feed is None:
        return None
    return getattr(feed.member, "user", None)


def note_links(user: Any, params: Any) -> tuple[Any, str, Any]:
    """The document/article (and section) or meeting a new note is about, from ``noi-dung``,
    ``muc`` and ``sinh-hoat`` — only ones the user may read."""
    item = meeting = None
    anchor = ""
    if params.get("noi-dung"):
        from sotay.content.access import access_item

        try:
            item = access_item(user, params["noi-dung"])
        except Http404:
            item = None
        anchor = (params.get("muc") or "")[:60] if item else ""
    if params.get("sinh-hoat"):
        from sotay.meetings.access import access_meeting

        try:
            meeting = access_meeting(user, params["sinh-hoat"])
        except Http404:
            meeting = None
    return item, anchor, meeting
