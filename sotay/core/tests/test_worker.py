"""Tasks of a worker that died are retried (deliveries) or failed visibly (imports): issue 17
(1, 2). The end-to-end version with real processes and SIGKILL is test_worker_crash.py."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sotay.conftest import Personas, Tree, make_member
from sotay.core.models import WorkerBeat
from sotay.core.worker import tasks_recover
from sotay.members.choices import ImportKind, ImportStatus
from sotay.members.importing import import_start
from sotay.members.models import Member
from sotay.notices.choices import DeliveryStatus, NotificationKind
from sotay.notices.models import Delivery
from sotay.notices.services import notify


def _claim_all(worker_id: str) -> list[DBTaskResult]:
    """What a worker's claim does, for every queued task, by a worker that then dies."""
    results = list(DBTaskResult.objects.filter(status="READY"))
    for r in results:
        r.claim(worker_id)
    return results


def _dead(worker_id: str) -> None:
    old = timezone.now() - dt.timedelta(minutes=5)
    WorkerBeat.objects.create(worker_id=worker_id, host="h", pid=1, started_at=old, beat_at=old)


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_died_fails_with_a_message(tree: Tree, personas: Personas) -> None:
    upload = SimpleUploadedFile("ds.csv", "Họ và tên\nA\n".encode())
    job = import_start(
        kind=ImportKind.MEMBERS, org=tree.g1, upload=upload, actor=personas.committee
    )
    [result] = _claim_all("w-dead")
    _dead("w-dead")
    outcome = tasks_recover()
    assert outcome.failed == [str(result.id)] and outcome.retried == []
    result.refresh_from_db()
    assert result.status == "FAILED" and "WorkerDied" in result.exception_class_path
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "dừng đột ngột" in job.failure
    assert Member.objects.count() == 3  # the personas only: nothing imported


@pytest.mark.django_db(transaction=True)
def test_deliveries_of_a_dead_worker_are_sent_once_by_the_next(tree: Tree) -> None:
    members = [make_member(tree.c1, f"Người {i}", phone=f"09120000{i:02d}") for i in range(30)]
    notify(members=[m.pk for m in members], kind=NotificationKind.MEETING, title="Họp chi bộ")
    [result] = _claim_all("w-dead")
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 30
    # The dead worker had sent ten and was sending the eleventh.
    Delivery.objects.filter(pk__in=ids[:10]).update(status=DeliveryStatus.SENT)
    Delivery.objects.filter(pk=ids[10]).update(status=DeliveryStatus.SENDING, attempts=1)
    _dead("w-dead")
    assert tasks_recover().retried == [str(result.id)]
    assert Delivery.objects.get(pk=ids[10]).status == DeliveryStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    statuses = list(Delivery.objects.values_list("status", flat=True))
    assert statuses == [DeliveryStatus.SENT] * 30
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL" and result.return_value == {"sent": 20, "skipped": 10}


@pytest.mark.django_db(transaction=True)
def test_tasks_of_live_or_unknown_workers_are_left_alone(tree: Tree) -> None:
    members = [make_member(tree.c1, f"Người {i}", phone=f"09120000{i:02d}") for i in range(3)]
    notify(members=[m.pk for m in members], kind=NotificationKind.MEETING, title="Họp")
    notify(members=[m.pk for m in members], kind=NotificationKind.MEETING, title="Họp 2")
    first, second = _claim_all("w-alive")[0], None
    second = DBTaskResult.objects.exclude(pk=first.pk).get()
    second.worker_ids = ["plain-db-worker"]
    second.status = "RUNNING"
    second.save()
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="w-alive", host="h", pid=2, started_at=now, beat_at=now)
    assert tasks_recover().retried == [] and tasks_recover().failed == []
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"RUNNING"}


@pytest.mark.django_db(transaction=True)
def test_a_delivery_batch_is_retried_only_so_many_times(tree: Tree) -> None:
    member = make_member(tree.c1, "Người", phone="0912000001")
    notify(members=[member.pk], kind=NotificationKind.MEETING, title="Họp")
    result = DBTaskResult.objects.get()
    result.status, result.worker_ids = "RUNNING", [f"w{i}" for i in range(5)]
    result.save()
    _dead("w4")
    assert tasks_recover().failed == [str(result.id)]
