"""Demo study data: a question bank on the Party Charter (each question cites its article),
a province-wide programme with a random 10-question quiz, and some members' finished attempts
so that progress, rankings and the hardest questions have something to show."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sotay.members.accounts import find_user
from sotay.members.models import Member
from sotay.orgs.models import Organization

from . import services
from .choices import FeedbackMode, ProgrammeKind

CATEGORY = "Điều lệ Đảng — đảng viên và tổ chức cơ sở"

# (article anchor, question, options, correct keys, explanation); single choice unless the
# correct list has several keys (multiple choice) or the options are Đúng/Sai (true/false).
QUESTIONS: list[tuple[str, str, list[str], list[str], str]] = [
    (
        "dieu-1",
        "Công dân Việt Nam từ bao nhiêu tuổi trở lên có thể được xét để kết nạp vào Đảng?",
        ["16 tuổi", "18 tuổi", "20 tuổi", "21 tuổi"],
        ["B"],
        "Điều 1, khoản 2: công dân Việt Nam từ mười tám tuổi trở lên.",
    ),
    (
        "dieu-4",
        "Người vào Đảng (không qua giới thiệu của Đoàn hay Công đoàn) cần bao nhiêu đảng viên "
        "chính thức giới thiệu?",
        ["Một", "Hai", "Ba", "Không cần"],
        ["B"],
        "Điều 4, khoản 1: được hai đảng viên chính thức giới thiệu.",
    ),
    (
        "dieu-4",
        "Người giới thiệu phải cùng công tác với người vào Đảng ít nhất bao lâu?",
        ["Sáu tháng", "Một năm", "Hai năm", "Ba năm"],
        ["B"],
        "Điều 4, khoản 2: cùng công tác với người vào Đảng ít nhất một năm.",
    ),
    (
        "dieu-4",
        "Người vào Đảng phải làm những việc nào sau đây? (chọn tất cả ý đúng)",
        [
            "Có đơn tự nguyện xin vào Đảng",
            "Báo cáo trung thực lý lịch với chi bộ",
            "Nộp bản tự kiểm điểm hằng quý",
            "Được giới thiệu theo quy định",
        ],
        ["A", "B", "D"],
        "Điều 4, khoản 1: có đơn tự nguyện, báo cáo trung thực lý lịch, được giới thiệu.",
    ),
    (
        "dieu-4",
        "Chi bộ đề nghị kết nạp khi có ít nhất bao nhiêu đảng viên chính thức tán thành?",
        ["Một nửa", "Hai phần ba", "Ba phần tư", "Toàn bộ"],
        ["B"],
        "Điều 4, khoản 3: ít nhất hai phần ba số đảng viên chính thức trong chi bộ tán thành.",
    ),
    (
        "dieu-5",
        "Thời kỳ dự bị của người được kết nạp vào Đảng là bao lâu?",
        ["6 tháng", "12 tháng", "18 tháng", "24 tháng"],
        ["B"],
        "Điều 5, khoản 1: mười hai tháng, tính từ ngày chi bộ tổ chức lễ kết nạp.",
    ),
    (
        "dieu-5",
        "Tuổi đảng của đảng viên đã được công nhận chính thức tính từ ngày nào?",
        [
            "Ngày ghi trong quyết định kết nạp",
            "Ngày được công nhận chính thức",
            "Ngày nộp đơn xin vào Đảng",
            "Ngày nhận thẻ đảng viên",
        ],
        ["A"],
        "Điều 5, khoản 4: tính từ ngày ghi trong quyết định kết nạp.",
    ),
    (
        "dieu-7",
        "Đảng viên tuổi cao, sức yếu tự nguyện xin giảm, miễn công tác và sinh hoạt đảng thì do "
        "ai xem xét, quyết định?",
        ["Đảng ủy cơ sở", "Chi bộ", "Huyện ủy", "Bí thư chi bộ"],
        ["B"],
        "Điều 7: do chi bộ xem xét, quyết định.",
    ),
    (
        "dieu-8",
        "Đảng viên bỏ sinh hoạt chi bộ hoặc không đóng đảng phí bao lâu trong năm mà không có "
        "lý do chính đáng thì chi bộ xem xét, đề nghị xóa tên?",
        ["Một tháng", "Hai tháng", "Ba tháng", "Sáu tháng"],
        ["C"],
        "Điều 8, khoản 1: ba tháng trong năm mà không có lý do chính đáng.",
    ),
    (
        "dieu-9",
        "Đảng Cộng sản Việt Nam tổ chức theo nguyên tắc tập trung dân chủ.",
        ["Đúng", "Sai"],
        ["A"],
        "Điều 9: Đảng tổ chức theo nguyên tắc tập trung dân chủ.",
    ),
    (
        "dieu-24",
        "Mỗi chi bộ có ít nhất bao nhiêu đảng viên chính thức?",
        ["2", "3", "5", "9"],
        ["B"],
        "Điều 24, khoản 1: mỗi chi bộ ít nhất có 3 đảng viên chính thức.",
    ),
    (
        "dieu-24",
        "Chi bộ, chi ủy họp thường lệ bao lâu một lần?",
        ["Mỗi tuần một lần", "Mỗi tháng một lần", "Mỗi quý một lần", "Sáu tháng một lần"],
        ["B"],
        "Điều 24, khoản 2: chi bộ, chi ủy họp thường lệ mỗi tháng một lần.",
    ),
    (
        "dieu-24",
        "Đại hội chi bộ được triệu tập bao lâu một lần?",
        ["Mỗi năm một lần", "Năm năm hai lần", "Năm năm một lần", "Ba năm một lần"],
        ["B"],
        "Điều 24, khoản 3: đại hội chi bộ do chi ủy triệu tập năm năm hai lần.",
    ),
    (
        "dieu-24",
        "Chi bộ có từ bao nhiêu đảng viên chính thức trở lên thì bầu chi ủy?",
        ["Năm", "Bảy", "Chín", "Mười một"],
        ["C"],
        "Điều 24, khoản 4: chi bộ có chín đảng viên chính thức trở lên bầu chi ủy.",
    ),
    (
        "dieu-35",
        "Những hình thức kỷ luật nào áp dụng với đảng viên chính thức? (chọn tất cả ý đúng)",
        ["Khiển trách", "Cảnh cáo", "Giải tán", "Khai trừ"],
        ["A", "B", "D"],
        "Điều 35, khoản 2: khiển trách, cảnh cáo, cách chức, khai trừ; giải tán là hình thức "
        "kỷ luật tổ chức đảng.",
    ),
    (
        "dieu-45",
        "Đảng viên còn trong độ tuổi đoàn phải sinh hoạt và công tác trong tổ chức đoàn.",
        ["Đúng", "Sai"],
        ["A"],
        "Điều 45: đảng viên còn trong độ tuổi đoàn phải sinh hoạt và công tác trong tổ chức đoàn.",
    ),
]


def _kind(options: list[str], correct: list[str]) -> str:
    if options == ["Đúng", "Sai"]:
        return "true_false"
    return "multiple" if len(correct) > 1 else "single"


def generate_study(root: Organization, size: str = "province", seed: int = 5) -> int:
    """The bank, one open programme for the province, and finished attempts of some members.
    Returns the number of attempts made."""
    from sotay.content.models import Item

    staff = find_user("0900000004")  # the province's propaganda commission persona
    if staff is None:
        return 0
    charter = Item.objects.filter(doc_type="dieu_le", status="published").first()
    for anchor, text, options, correct, why in QUESTIONS:
        services.question_save(
            user=staff,
            unit=root,
            category=CATEGORY,
            kind=_kind(options, correct),
            difficulty="easy" if len(correct) == 1 else "medium",
            text=text,
            options=[{"key": "ABCD"[i], "text": o} for i, o in enumerate(options)],
            correct=correct,
            explanation=why,
            tags="Điều lệ Đảng",
            cited_item=charter,
            cited_anchor=anchor if charter else "",
        )
    today = timezone.localdate()
    from .models import QuestionCategory

    programme = services.programme_publish(
        user=staff,
        programme=services.programme_create(
            user=staff,
            unit=root,
            audience=root,
            kind=ProgrammeKind.RESOLUTION,
            title="Học tập Điều lệ Đảng — những điều mỗi đảng viên cần nắm",
            description=(
                "Đọc Điều lệ Đảng (chương I và III), rồi làm bài kiểm tra 10 câu rút ngẫu nhiên "
                "trong 15 phút. Đạt từ 70% trở lên là hoàn thành; được làm tối đa 2 lần."
            ),
            starts_on=today.replace(day=1),
            ends_on=today.replace(day=1) + dt.timedelta(days=45),
            question_count=10,
            feedback=FeedbackMode.IMMEDIATE,
            draw_category=QuestionCategory.objects.get(unit=root, name=CATEGORY),
            materials=[charter] if charter else None,
        ),
        announce=False,  # the programme is in every member's list; no province-wide fan-out
    )
    return _attempts(programme, 400 if size == "province" else 40, random.Random(seed))


def _attempts(programme: object, count: int, rng: random.Random) -> int:
    """Some members have studied already: better readers answer more right."""
    from .models import QuestionVersion

    personas = {"0900000001", "0900000002", "0900000003", "0900000005", "0900000006"}
    members = list(
        Member.objects.current()
        .filter(status__in=["full", "probationary"])
        .exclude(user__username__in=personas)
        .order_by("?")[:count]
    )
    made = 0
    for member in members:
        attempt = services.attempt_start(member=member, programme=programme)  # type: ignore[arg-type]
        skill = rng.uniform(0.4, 1.0)
        keys = dict(
            QuestionVersion.objects.filter(pk__in=[i["v"] for i in attempt.items]).values_list(
                "id", "correct"
            )
        )
        answers = {}
        for item in attempt.items:
            right = list(keys[item["v"]])
            wrong = [k for k in item["order"] if k not in right][:1]
            answers[str(item["v"])] = right if rng.random() < skill else wrong
        services.attempt_submit(
            member=member, attempt=attempt, token=attempt.token, answers=answers
        )
        made += 1
    return made
