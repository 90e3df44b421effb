"""Generated demo content: news of the province and of its communes, and provincial documents.

Written from templates so that the demo province (and the 20,000-item benchmark dataset) has
realistic Vietnamese text with a realistic spread of words for search to work on.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from sotay.orgs.models import Organization

from .choices import Category, DocLevel, DocType, ItemKind, ItemStatus, LegalStatus, RelationKind
from .models import Item, ItemRelation, SearchEntry
from .search.index import entries_for
from .services.items import _write_sections

TOPICS: dict[str, list[str]] = {
    Category.LEADERSHIP: [
        "Ban Thường vụ {unit} họp bàn nhiệm vụ trọng tâm tháng {month}",
        "{unit} quán triệt Nghị quyết về công tác xây dựng Đảng",
        "Lãnh đạo {unit} làm việc với các chi bộ về nâng cao chất lượng sinh hoạt",
        "Hội nghị sơ kết công tác kiểm tra, giám sát {unit}",
    ],
    Category.PROVINCE: [
        "{place}: ra quân làm đường giao thông nông thôn",
        "Kết nạp {n} đảng viên mới tại {unit}",
        "{place} tổ chức ngày hội đại đoàn kết toàn dân tộc",
        "Chuyển đổi số trong công tác đảng ở {unit}",
    ],
    Category.WORLD: [
        "Hợp tác kinh tế khu vực tiếp tục được thúc đẩy",
        "Diễn đàn quốc tế bàn về phát triển bền vững và biến đổi khí hậu",
        "Việt Nam tham dự hội nghị hợp tác khu vực về chuyển đổi số",
    ],
    Category.THEORY: [
        "Kiên định nền tảng tư tưởng của Đảng trong tình hình mới",
        "Đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng",
        "Giữ gìn phẩm chất đạo đức cách mạng của người đảng viên",
    ],
    Category.HEALTH: [
        "Phòng bệnh mùa {season} cho người cao tuổi",
        "Khám sức khỏe miễn phí cho đảng viên cao tuổi tại {place}",
        "Chế độ ăn uống hợp lý giúp phòng tăng huyết áp",
    ],
    Category.LIFE: [
        "Mô hình sinh kế giúp hộ nghèo {place} vươn lên",
        "Bảo hiểm y tế hộ gia đình: những điều cần biết",
        "Dịch vụ công trực tuyến giúp người dân {place} tiết kiệm thời gian",
    ],
    Category.CULTURE: [
        "Liên hoan văn nghệ quần chúng {unit} năm {year}",
        "Gìn giữ hát then, đàn tính ở {place}",
        "Câu lạc bộ thơ của các cựu chiến binh {place}",
    ],
    Category.SPORT: [
        "Giải bóng chuyền hơi người cao tuổi {unit}",
        "Phong trào đi bộ vì sức khỏe lan tỏa ở {place}",
        "Đại hội thể dục thể thao {unit} năm {year}",
    ],
    Category.NEW_RURAL: [
        "{place} về đích nông thôn mới nâng cao",
        "Sản phẩm OCOP chè {place} vươn xa",
        "Dồn điền đổi thửa, xây dựng cánh đồng lớn ở {place}",
    ],
    Category.WEEKEND: [
        "Cuối tuần về hồ Núi Cốc",
        "Thăm Khu di tích ATK Định Hóa",
        "Đồi chè Tân Cương mùa hái búp",
    ],
}
SENTENCES = [
    "Thực hiện chỉ đạo của cấp ủy cấp trên, {unit} đã triển khai nhiều giải pháp đồng bộ.",
    "Các chi bộ đã đưa nội dung này vào sinh hoạt chi bộ thường kỳ tháng {month}.",
    "Đến nay đã có {n} đảng viên tham gia tích cực, tỷ lệ đạt trên {pct}%.",
    "Đồng chí Bí thư nhấn mạnh vai trò tiên phong, gương mẫu của cán bộ, đảng viên.",
    "Người dân {place} phấn khởi trước những đổi thay của quê hương.",
    "Công tác tuyên truyền được thực hiện qua Sổ tay đảng viên điện tử và loa truyền thanh.",
    "Nhiều mô hình mới, cách làm hay đã được nhân rộng trong toàn đảng bộ.",
    "Ban Chấp hành đảng bộ đề ra {n} nhiệm vụ trọng tâm cho thời gian tới.",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với nhiệm vụ chính trị.",
    "Hội nghị đã thảo luận, thống nhất các giải pháp nâng cao chất lượng sinh hoạt chi bộ.",
    "Đảng viên dự bị được phân công đảng viên chính thức giúp đỡ trong thời kỳ dự bị.",
    "Kết quả kiểm tra cho thấy các tổ chức đảng chấp hành nghiêm Điều lệ Đảng.",
    "Bà con nông dân được hướng dẫn ứng dụng khoa học kỹ thuật vào sản xuất.",
    "Thu nhập bình quân đầu người năm {year} ước đạt {n} triệu đồng.",
    "Các đoàn thể chính trị - xã hội phối hợp chặt chẽ trong tổ chức thực hiện.",
    "Bác sĩ khuyến cáo người cao tuổi nên vận động nhẹ nhàng, ngủ đủ giấc và khám định kỳ.",
    "Mùa này, du khách có thể trải nghiệm hái chè, thưởng thức ẩm thực địa phương.",
    "Ý kiến đóng góp của đảng viên được tổng hợp, tiếp thu trong dự thảo nghị quyết.",
]
SEASONS = ["xuân", "hè", "thu", "đông"]
PLACES = [
    "Đại Từ",
    "Đồng Hỷ",
    "Phổ Yên",
    "Phú Bình",
    "Định Hóa",
    "Võ Nhai",
    "Phú Lương",
    "Sông Công",
    "Tân Cương",
    "Thái Nguyên",
]


def _fill(template: str, rng: random.Random, unit: str, when: dt.datetime) -> str:
    return template.format(
        unit=unit,
        place=rng.choice(PLACES),
        n=rng.randint(3, 120),
        pct=rng.randint(85, 99),
        month=when.month,
        year=when.year,
        season=rng.choice(SEASONS),
    )


def news_item(rng: random.Random, unit: Organization, when: dt.datetime) -> Item:
    category = rng.choice(list(TOPICS))
    unit_name = unit.name
    title = _fill(rng.choice(TOPICS[category]), rng, unit_name, when)
    sentences = [_fill(s, rng, unit_name, when) for s in rng.sample(SENTENCES, 9)]
    lead = sentences[0]
    body = "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(1, 9, 3))
    return Item(
        kind=ItemKind.ARTICLE,
        title=title[:400],
        lead=lead,
        body=body,
        category=category,
        unit=unit,
        audience=unit,
        audience_path=unit.path,
        status=ItemStatus.PUBLISHED,
        published_at=when,
    )


@transaction.atomic
def generate_news(units: list[Organization], count: int, seed: int = 7) -> int:
    """``count`` published articles spread over ``units`` and the last 400 days."""
    rng = random.Random(seed)
    now = timezone.now()
    created = 0
    batch: list[Item] = []
    for n in range(count):
        unit = units[0] if n % 3 == 0 else rng.choice(units)
        when = now - dt.timedelta(minutes=rng.randint(30, 400 * 24 * 60))
        batch.append(news_item(rng, unit, when))
        if len(batch) == 1000 or n == count - 1:
            Item.objects.bulk_create(batch)
            saved = Item.objects.filter(public_id__in=[i.public_id for i in batch])
            entries = [e for item in saved for e in entries_for(item)]
            SearchEntry.objects.bulk_create(entries, batch_size=1000)
            created += len(batch)
            batch = []
    return created


PROVINCIAL_DOCS = [
    (
        "15-NQ/TU",
        DocType.RESOLUTION,
        "Nghị quyết về chuyển đổi số trong hoạt động của các tổ chức đảng tỉnh",
        [
            "Đẩy mạnh sử dụng Sổ tay đảng viên điện tử trong toàn đảng bộ tỉnh.",
            "Đến năm 2027, 100% chi bộ sử dụng Sổ tay đảng viên điện tử trong sinh hoạt.",
            "Các cấp ủy bố trí nguồn lực, đào tạo cán bộ phụ trách công tác chuyển đổi số.",
        ],
    ),
    (
        "09-CT/TU",
        DocType.DIRECTIVE,
        "Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ",
        [
            "Sinh hoạt chi bộ thường kỳ mỗi tháng một lần, chuyên đề ít nhất mỗi quý một lần.",
            "Tỷ lệ đảng viên dự sinh hoạt đạt trên 85%.",
            "Dự thảo nghị quyết chi bộ được gửi đảng viên trước ngày sinh hoạt.",
        ],
    ),
    (
        "07-NQ/TU",
        DocType.RESOLUTION,
        "Nghị quyết về công tác phát triển đảng viên giai đoạn 2021-2025",
        [
            "Mỗi năm kết nạp từ 3% đến 4% tổng số đảng viên.",
            "Chú trọng kết nạp đoàn viên ưu tú, người dân tộc thiểu số.",
            "Các chi bộ thôn, tổ dân phố chưa có đảng viên được ưu tiên tạo nguồn.",
        ],
    ),
    (
        "21-NQ/TU",
        DocType.RESOLUTION,
        "Nghị quyết về công tác phát triển đảng viên giai đoạn 2025-2030",
        [
            "Mỗi năm kết nạp từ 3,5% đến 4% tổng số đảng viên.",
            "Xóa thôn, tổ dân phố chưa có đảng viên trong năm 2026.",
            "Ứng dụng Sổ tay đảng viên điện tử trong quản lý quần chúng ưu tú.",
        ],
    ),
]


@transaction.atomic
def generate_provincial_documents(root: Organization) -> list[Item]:
    """A few documents of the provincial committee, one replacing another."""
    items = []
    today = timezone.localdate()
    for i, (number, doc_type, title, articles) in enumerate(PROVINCIAL_DOCS):
        if Item.objects.filter(number=number).exists():
            continue
        issued = today - dt.timedelta(days=700 - 150 * i)
        body = "\n".join(f"Điều {n}.\n{text}" for n, text in enumerate(articles, start=1))
        item = Item.objects.create(
            kind=ItemKind.DOCUMENT,
            title=title,
            lead=f"{DocType(doc_type).label} {number} "
            f"ngày {issued:%d/%m/%Y} của Ban Chấp hành Đảng bộ tỉnh.",
            body=body,
            unit=root,
            audience=root,
            status=ItemStatus.PUBLISHED,
            published_at=timezone.now() - dt.timedelta(days=600 - 150 * i),
            doc_type=doc_type,
            number=number,
            issuer="Tỉnh ủy Thái Nguyên",
            level=DocLevel.PROVINCIAL,
            issued_on=issued,
            effective_on=issued,
            legal_status=LegalStatus.IN_FORCE,
        )
        _write_sections(item)
        items.append(item)
    by_number = {
        i.number: i for i in Item.objects.filter(number__in=[d[0] for d in PROVINCIAL_DOCS])
    }
    if "21-NQ/TU" in by_number and "07-NQ/TU" in by_number:
        ItemRelation.objects.get_or_create(
            source=by_number["21-NQ/TU"], target=by_number["07-NQ/TU"], kind=RelationKind.REPLACES
        )
        Item.objects.filter(pk=by_number["07-NQ/TU"].pk).update(legal_status=LegalStatus.REPLACED)
    from .search.index import reindex

    for item in Item.objects.filter(number__in=[d[0] for d in PROVINCIAL_DOCS]):
        reindex(item)
    return items


NEWS_PER_SIZE = {"tiny": 60, "small": 400, "province": 3000}


def load_demo_content(root: Organization, size: str) -> int:
    """Corpus documents, provincial documents, generated news, and reading receipts."""
    from .corpus import corpus_dir, load_corpus

    documents = load_corpus(root)
    if not documents:
        print(  # noqa: T201 - a set-up message for the operator
            f"Không tìm thấy văn kiện mẫu ở {corpus_dir()}: đặt SOTAY_CORPUS_DIR tới thư mục "
            "shared/corpus để nạp Điều lệ Đảng, Quy định 294, Hướng dẫn 06..."
        )
    generate_provincial_documents(root)
    units = [root, *Organization.objects.filter(kind="grassroots").order_by("path")]
    news = generate_news(units, NEWS_PER_SIZE.get(size, 400))
    _demo_receipts(documents)
    if len(units) > 1:
        _demo_bulletin(units[1])
    return len(documents) + len(PROVINCIAL_DOCS) + news


def _demo_receipts(documents: list[Item]) -> None:
    """About half the members with an account have opened QĐ 294; a third read it through."""
    from sotay.members.models import Member

    from .models import ReadReceipt

    target = next((d for d in documents if d.number == "294-QĐ/TW"), None)
    if target is None:
        return
    rng = random.Random(294)
    now = timezone.now()
    rows = []
    for member_id, cell_path in (
        Member.objects.filter(has_account=True)
        .values_list("id", "cell_path")
        .iterator(chunk_size=5000)
    ):
        if rng.random() < 0.5:
            opened = now - dt.timedelta(minutes=rng.randint(10, 40000))
            finished = opened + dt.timedelta(minutes=25) if rng.random() < 0.65 else None
            rows.append(
                ReadReceipt(
                    member_id=member_id,
                    item=target,
                    cell_path=cell_path,
                    opened_at=opened,
                    finished_at=finished,
                )
            )
    ReadReceipt.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)


def _demo_bulletin(commune: Organization) -> None:
    """This month's bulletin of the first commune: a document and its latest news."""
    from sotay.core.access import ancestor_paths

    from .choices import BulletinKind, BulletinStatus
    from .models import Bulletin, BulletinEntry

    today = timezone.localdate()
    visible = Item.objects.filter(
        status=ItemStatus.PUBLISHED, audience_path__in=ancestor_paths(commune.path)
    )
    chosen = list(visible.filter(number="09-CT/TU")[:1]) + list(
        visible.filter(kind=ItemKind.ARTICLE).order_by("-published_at")[:3]
    )
    bulletin = Bulletin.objects.create(
        kind=BulletinKind.REGULAR,
        title=f"Bản tin sinh hoạt chi bộ tháng {today:%m/%Y}",
        issue_month=today.replace(day=1),
        intro="Đề nghị các chi bộ quán triệt Chỉ thị 09-CT/TU và thảo luận các tin dưới đây "
        "trong buổi sinh hoạt thường kỳ.",
        unit=commune,
        status=BulletinStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    BulletinEntry.objects.bulk_create(
        [
            BulletinEntry(bulletin=bulletin, item=item, position=n)
            for n, item in enumerate(chosen, 1)
        ]
    )
