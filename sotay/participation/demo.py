"""Demo participation data around the member persona's commune: an anonymous survey with
responses, a named province survey still open, a draft under consultation with comments and
decisions, and members' questions (answered, published as FAQ, waiting, one overdue)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sotay.core.access import subtree_q
from sotay.members.accounts import find_user
from sotay.members.models import Member
from sotay.orgs.models import Organization

from .models import Inquiry
from .services import consultations, inquiries, surveys

DRAFT = """Quy chế làm việc của Đảng ủy xã nhiệm kỳ 2025 – 2030
Chương I. Những quy định chung
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định trách nhiệm, quyền hạn, chế độ làm việc của Đảng ủy, Ban Thường vụ Đảng ủy.
Điều 2. Nguyên tắc làm việc
Đảng ủy làm việc theo nguyên tắc tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách.
Mọi hoạt động của Đảng ủy tuân thủ Điều lệ Đảng, Quy định số 294-QĐ/TW và pháp luật của Nhà nước.
Chương II. Trách nhiệm, quyền hạn
Điều 3. Trách nhiệm của Đảng ủy
Lãnh đạo thực hiện nhiệm vụ chính trị, xây dựng Đảng và hệ thống chính trị ở xã.
Điều 4. Chế độ sinh hoạt
Đảng ủy họp thường lệ mỗi tháng một lần; Ban Thường vụ họp mỗi tháng hai lần.
Tài liệu họp được gửi trước ít nhất ba ngày qua Sổ tay đảng viên điện tử.
Điều 5. Quan hệ công tác
Đảng ủy giữ mối liên hệ thường xuyên với các chi bộ trực thuộc và lắng nghe ý kiến đảng viên."""

COMMENTS = [
    "Đề nghị ghi rõ thời hạn gửi tài liệu là ba ngày làm việc.",
    "Nên bổ sung việc công khai kết quả tiếp thu ý kiến đảng viên.",
    "Đồng ý với dự thảo.",
    "Cần quy định họp trực tuyến khi thiên tai, dịch bệnh.",
    "Đề nghị Ban Thường vụ họp mỗi tháng một lần là đủ.",
    "Nên có lịch tiếp đảng viên định kỳ của Bí thư Đảng ủy.",
]

QUESTIONS = [
    (
        "Miễn sinh hoạt khi tuổi cao",
        "Tôi năm nay 78 tuổi, sức khỏe yếu. Tôi có được miễn sinh hoạt đảng không, thủ tục thế "
        "nào?",
        "Theo Điều 7 Điều lệ Đảng, đảng viên tuổi cao, sức yếu tự nguyện làm đơn xin giảm, miễn "
        "công tác và sinh hoạt đảng; chi bộ xem xét, quyết định. Đồng chí gửi đơn cho chi ủy.",
    ),
    (
        "Mức đóng đảng phí của người hưởng lương hưu",
        "Tôi đã nghỉ hưu, đóng đảng phí bao nhiêu mỗi tháng?",
        "Đảng viên hưởng lương hưu đóng 0,5% lương hưu theo quy định về chế độ đảng phí.",
    ),
    (
        "Chuyển sinh hoạt tạm thời khi đi làm xa",
        "Con tôi đi làm ở tỉnh khác 6 tháng, chuyển sinh hoạt tạm thời thế nào?",
        "Đảng viên đi làm ăn xa từ 3 tháng trở lên làm đơn xin chuyển sinh hoạt tạm thời; chi ủy "
        "giới thiệu về nơi ở mới.",
    ),
    (
        "Đường liên thôn xuống cấp",
        "Đường liên thôn đoạn qua xóm 3 xuống cấp, đề nghị Đảng ủy chỉ đạo sửa.",
        "",
    ),
    ("Lịch sinh hoạt chi bộ tháng tới", "Tháng tới chi bộ có đổi ngày sinh hoạt không?", ""),
]


def generate_participation(seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    member_user = find_user("0900000001")
    commune_staff = find_user("0900000003")
    province_staff = find_user("0900000004")
    if member_user is None or commune_staff is None or province_staff is None:
        return {}
    persona = member_user.member
    if persona is None:
        return {}
    commune = Organization.objects.get(path=persona.cell_path[:12])
    root = Organization.objects.get(path=persona.cell_path[:4])
    now = timezone.now()
    members = list(
        Member.objects.current()
        .filter(subtree_q(commune.path, "cell_path"), status__in=["full", "probationary"])
        .exclude(pk=persona.pk)
        .order_by("pk")[:400]
    )
    # An anonymous survey of the commune, answered by most of its members.
    quality = surveys.survey_create(
        user=commune_staff,
        unit=commune,
        audience=commune,
        title="Đánh giá chất lượng sinh hoạt chi bộ năm 2026",
        intro="Ý kiến của đồng chí giúp Đảng ủy nâng cao chất lượng sinh hoạt chi bộ.",
        opens_at=now - dt.timedelta(days=5),
        closes_at=now + dt.timedelta(days=10),
        anonymous=True,
    )
    add = surveys.question_add
    add(
        user=commune_staff,
        survey=quality,
        kind="single",
        text="Chi bộ của đồng chí có sinh hoạt đủ mỗi tháng một lần không?",
        options=["Đủ", "Có tháng không sinh hoạt"],
    )
    add(
        user=commune_staff,
        survey=quality,
        kind="text",
        text="Vì sao có tháng chi bộ không sinh hoạt?",
        show_if_question="q1",
        show_if_options=["2"],
    )
    add(
        user=commune_staff,
        survey=quality,
        kind="scale",
        text="Đồng chí chấm chất lượng sinh hoạt chi bộ (1 = kém, 5 = rất tốt)",
    )
    add(
        user=commune_staff,
        survey=quality,
        kind="ranking",
        text="Xếp thứ tự những việc cần cải thiện nhất",
        options=["Tài liệu gửi trước", "Thời gian hợp lý", "Nhiều đảng viên phát biểu"],
    )
    add(
        user=commune_staff,
        survey=quality,
        kind="matrix",
        text="Đánh giá từng khâu của buổi sinh hoạt",
        options=["Tốt", "Đạt", "Chưa đạt"],
        rows=["Chuẩn bị", "Điều hành", "Ra nghị quyết"],
    )
    add(
        user=commune_staff,
        survey=quality,
        kind="multiple",
        text="Đồng chí muốn Sổ tay hỗ trợ thêm gì?",
        options=["Nghe đọc tài liệu", "Chữ to hơn", "Nhắc lịch sinh hoạt", "Hỏi đáp Điều lệ"],
        required=False,
    )
    surveys.survey_open(user=commune_staff, survey=quality)
    reasons = ["Trùng mùa vụ", "Bí thư đi vắng", "Mưa bão", "Ít người dự"]
    answered = 0
    for m in members[: int(len(members) * 0.6)]:
        missed = rng.random() < 0.2
        answers = {
            "q1": "2" if missed else "1",
            "q3": rng.choices([2, 3, 4, 5], [1, 3, 5, 3])[0],
            "q4": rng.sample(["1", "2", "3"], 3),
            "q5": {r: rng.choices(["1", "2", "3"], [5, 4, 1])[0] for r in ("1", "2", "3")},
            "q6": rng.sample(["1", "2", "3", "4"], rng.randint(0, 2)),
        }
        if missed:
            answers["q2"] = rng.choice(reasons)
        surveys.survey_answer(member=m, survey=quality, answers=answers)
        answered += 1
    # A named province survey still open for everyone (the persona has not answered).
    needs = surveys.survey_create(
        user=province_staff,
        unit=root,
        audience=root,
        title="Nhu cầu sử dụng Sổ tay đảng viên điện tử",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=20),
    )
    add(
        user=province_staff,
        survey=needs,
        kind="single",
        text="Đồng chí đọc tài liệu trên điện thoại được không?",
        options=["Dễ dàng", "Cần chữ to hơn", "Cần người hỗ trợ"],
    )
    add(
        user=province_staff,
        survey=needs,
        kind="text",
        text="Đồng chí đề nghị gì để Sổ tay dễ dùng hơn?",
        required=False,
    )
    surveys.survey_open(user=province_staff, survey=needs)
    # A draft under consultation, with comments and some decisions.
    draft = consultations.consultation_create(
        user=commune_staff,
        unit=commune,
        audience=commune,
        title="Dự thảo Quy chế làm việc của Đảng ủy xã nhiệm kỳ 2025 – 2030",
        summary="Đề nghị các đồng chí góp ý từng điều; hạn góp ý 15 ngày.",
        closes_at=now + dt.timedelta(days=15),
        text=DRAFT,
    )
    version = draft.versions.first()
    paragraphs = [p for p in version.paragraphs.all() if not p.heading] if version else []
    comments = []
    for m in members[:30]:
        target = rng.choice([None, *paragraphs])
        comments.append(
            consultations.comment_add(
                member=m,
                consultation=draft,
                text=rng.choice(COMMENTS),
                paragraph_key=target.key if target else "",
            )
        )
    for c in comments[:8]:
        decision = rng.choice(["adopted", "answered", "not_adopted"])
        consultations.comment_decide(
            user=commune_staff,
            comment=c,
            decision=decision,
            response="" if decision == "adopted" else "Đã có trong Quy định 294-QĐ/TW.",
        )
    # Members' questions: answered and published, answered, waiting, overdue.
    made = 0
    for n, (subject, body, answer) in enumerate(QUESTIONS):
        asker = members[40 + n] if len(members) > 45 else persona
        inquiry = inquiries.inquiry_send(
            member=asker,
            to=commune,
            kind="question" if answer else "report",
            subject=subject,
            body=body,
            public_consent=n < 3,
        )
        made += 1
        if answer:
            inquiries.inquiry_answer(user=commune_staff, inquiry=inquiry, answer=answer)
            inquiries.inquiry_publish(user=commune_staff, inquiry=inquiry, question=body)
        elif n == 3:
            Inquiry.objects.filter(pk=inquiry.pk).update(due_at=now - dt.timedelta(days=1))
    return {"responses": answered, "comments": len(comments), "inquiries": made}
