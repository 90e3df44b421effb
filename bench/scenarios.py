"""Measure the Foundation budgets on one database; prints a JSON object.

Run through bench/run.py, which picks the database and writes docs/benchmarks.md.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402
import django.utils.timezone  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from sotay.core.db import analyze  # noqa: E402
from sotay.core.demo.generator import generate  # noqa: E402
from sotay.members import importing  # noqa: E402
from sotay.members.accounts import find_user  # noqa: E402
from sotay.members.models import ImportJob, Member  # noqa: E402
from sotay.orgs.models import Organization  # noqa: E402

SIZE = os.environ.get("BENCH_SIZE", "province")  # "small" for a quick check of this script
IMPORT_ROWS = 100_000 if SIZE == "province" else 2_000


def timed(client: Client, url: str, n: int) -> dict[str, float]:
    for _ in range(5):
        client.get(url)
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1], "n": n}


def timed_many(client: Client, urls: list[str]) -> dict[str, float]:
    for u in urls[:5]:
        client.get(u)
    samples = []
    for u in urls:
        t = time.perf_counter()
        r = client.get(u)
        samples.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    samples.sort()
    return {
        "p50": statistics.median(samples),
        "p95": samples[int(len(samples) * 0.95) - 1],
        "n": len(urls),
    }


def import_file(rows: int, cells: list[str]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([label for _, label, _ in importing.MEMBER_COLUMNS])
    rng = random.Random(7)
    for i in range(rows):
        ws.append(
            [
                f"Nguyễn Văn Nhập {i}",
                "",
                "Nam",
                "15/03/1985",
                "Thái Nguyên",
                "Thái Nguyên",
                "Kinh",
                "Không",
                f"0190{i:08d}",
                f"{70_000_000 + i}",
                "20/05/2010",
                "20/05/2011",
                "Chính thức",
                "12/12",
                "Sơ cấp",
                "Nông dân",
                "",
                f"08{i:08d}",
                "",
                rng.choice(cells),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def notices_bench(result: dict[str, Any], root: Organization, staff: Any, client: Client) -> None:
    """A notice to every member of the province, and the inbox with 200 notifications."""
    from sotay.members.models import User
    from sotay.notices import services as notices
    from sotay.notices.models import Notification, PushSubscription

    # Some members have installed the app: 20,000 push subscriptions.
    users = list(User.objects.filter(member__isnull=False).values_list("id", flat=True)[:20_000])
    PushSubscription.objects.bulk_create(
        [
            PushSubscription(user_id=u, endpoint=f"https://push.invalid/{u}", p256dh="k", auth="a")
            for u in users
        ],
        batch_size=5000,
    )
    notice = notices.notice_create(
        org=root, actor=staff, title="Thông báo toàn tỉnh", body="Nội dung", priority="urgent"
    )
    t = time.perf_counter()
    notices.notice_send(notice=notice)
    result["notice_send_s"] = time.perf_counter() - t
    notice.refresh_from_db()
    result["notice_recipients"] = notice.recipient_count
    result["notice_deliveries"] = notices.Delivery.objects.filter(
        notification__notice=notice
    ).count()
    ids = list(Member.objects.current().values_list("id", flat=True))
    t = time.perf_counter()
    now = django.utils.timezone.now()
    Notification.objects.bulk_create(
        [Notification(member_id=i, kind="notice", title="Baseline", created_at=now) for i in ids],
        batch_size=2000,
    )
    result["notification_bulk_baseline_s"] = time.perf_counter() - t
    member_id = staff.member_id
    for i in range(200 - Notification.objects.filter(member_id=member_id).count()):
        notices.notify(members=[member_id], kind="study", title=f"Thông báo số {i}")
    result["inbox_page"] = timed(client, "/thong-bao/", 100)


def main() -> None:
    result: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", "--noinput", verbosity=0)
    t = time.perf_counter()
    counts = generate(size=SIZE)
    result["generate_s"] = time.perf_counter() - t
    result["dataset"] = counts
    analyze()  # as `manage.py demo` does after loading
    root = Organization.objects.get(code="TN")
    staff = find_user("0900000004")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff, backend="sotay.members.auth.IdentifierBackend")
    result["bare_view"] = timed(client, "/bench/bare/", 300)
    result["tree_root"] = timed(client, f"/quan-ly/don-vi/{root.public_id}/", 40)
    rng = random.Random(11)
    sample = list(
        Member.objects.order_by("?").values_list("search_text", "party_card_number")[:150]
    )
    urls = []
    for folded, card in sample:
        words = folded.split()
        choice = rng.random()
        q = (
            " ".join([words[0], words[-1]])
            if choice < 0.6
            else (words[-1] if choice < 0.8 else card[:6])
        )
        urls.append(f"/quan-ly/don-vi/{root.public_id}/dang-vien/?q={q.replace(' ', '+')}")
    result["member_search"] = timed_many(client, urls)
    result["adoption_root"] = timed(
        client, f"/quan-ly/don-vi/{root.public_id}/ket-qua-su-dung/", 20
    )

    notices_bench(result, root, staff, client)

    cells = list(Organization.objects.filter(kind="cell").values_list("code", flat=True))
    t = time.perf_counter()
    data = import_file(IMPORT_ROWS, cells)
    result["import_file_build_s"] = time.perf_counter() - t
    job = ImportJob.objects.create(
        kind="members", org=root, original_name="bench.xlsx", uploaded_by=staff
    )
    job.file.save("bench.xlsx", ContentFile(data))
    t = time.perf_counter()
    importing.import_validate(job)
    result["import_validate_s"] = time.perf_counter() - t
    assert job.error_rows == 0, job.errors[:3]
    t = time.perf_counter()
    importing.import_apply(job)
    result["import_apply_s"] = time.perf_counter() - t
    assert job.created_count == IMPORT_ROWS, (job.status, job.failure)
    # Baseline for the import: a plain bulk insert of the same number of member rows.
    cell = Organization.objects.filter(kind="cell").first()
    t = time.perf_counter()
    Member.objects.bulk_create(
        [
            Member(
                full_name=f"Baseline {i}",
                gender="male",
                cell=cell,
                party_card_number=f"{80_000_000 + i}",
                search_text=f"baseline {i}",
            )
            for i in range(IMPORT_ROWS)
        ],
        batch_size=2000,
    )
    result["bulk_insert_baseline_s"] = time.perf_counter() - t
    print(json.dumps(result))


if __name__ == "__main__":
    main()
