"""What the report centre counts, in the order it shows them. A *stock* is a count at the end
of a month (members, composition): a period shows its last month's value. A *flow* happens
during a month (admissions, meetings, readings): a period shows the sum of its months. A
*rate* is one count over another, computed after the sums."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    stock: bool = False


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    part: str
    whole: str
    per: int = 100  # 100: a percentage; 1: an average (e.g. hours per answer)
    unit: str = "%"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    metrics: tuple[Metric, ...]
    rates: tuple[Rate, ...] = ()
    # Shown per child unit (the columns of the section's table); the first is charted.
    headline: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(
        "members",
        "Đảng viên và biến động",
        (
            Metric("members", "Đảng viên (cuối kỳ)", stock=True),
            Metric("probationary", "Trong đó dự bị", stock=True),
            Metric("exempt", "Miễn công tác và sinh hoạt", stock=True),
            Metric("admitted", "Kết nạp mới"),
            Metric("made_full", "Công nhận chính thức"),
            Metric("transferred_in", "Chuyển đến"),
            Metric("transferred_out", "Chuyển đi"),
            Metric("deceased", "Từ trần"),
            Metric("removed", "Ra khỏi Đảng"),
        ),
        headline=("members", "admitted", "transferred_in", "transferred_out"),
    ),
    Section(
        "composition",
        "Cơ cấu đảng viên (cuối kỳ)",
        (
            Metric("female", "Nữ", stock=True),
            Metric("age_under_31", "Từ 30 tuổi trở xuống", stock=True),
            Metric("age_31_45", "31–45 tuổi", stock=True),
            Metric("age_46_60", "46–60 tuổi", stock=True),
            Metric("age_over_60", "Trên 60 tuổi", stock=True),
            Metric("minority", "Dân tộc thiểu số", stock=True),
            Metric("university", "Đại học trở lên", stock=True),
            Metric("theory_high", "Lý luận chính trị cao cấp, cử nhân", stock=True),
            Metric("theory_mid", "Lý luận chính trị trung cấp", stock=True),
        ),
        rates=(
            Rate("female_rate", "Tỷ lệ nữ", "female", "members"),
            Rate("minority_rate", "Tỷ lệ dân tộc thiểu số", "minority", "members"),
        ),
        headline=("female", "minority", "age_under_31", "theory_high"),
    ),
    Section(
        "meetings",
        "Sinh hoạt chi bộ",
        (
            Metric("meetings_scheduled", "Buổi sinh hoạt thường kỳ đã lên lịch"),
            Metric("meetings_held", "Buổi sinh hoạt thường kỳ đã họp"),
            Metric("meetings_in_advance", "Gửi dự thảo trước ≥ 3 ngày"),
            Metric("thematic_held", "Buổi sinh hoạt chuyên đề"),
            Metric("attendance_expected", "Lượt đảng viên phải dự"),
            Metric("attendance_present", "Lượt có mặt"),
            Metric("committee_held", "Cuộc họp cấp ủy đã họp (chi ủy, đảng ủy)"),
        ),
        rates=(
            Rate("held_rate", "Tỷ lệ đã họp", "meetings_held", "meetings_scheduled"),
            Rate("attendance_rate", "Tỷ lệ dự họp", "attendance_present", "attendance_expected"),
            Rate(
                "advance_rate",
                "Tỷ lệ gửi dự thảo trước",
                "meetings_in_advance",
                "meetings_scheduled",
            ),
        ),  # fmt: skip
        headline=("held_rate", "attendance_rate", "advance_rate", "thematic_held"),
    ),
    Section(
        "study",
        "Học tập, đọc tài liệu",
        (
            Metric("quiz_submitted", "Bài kiểm tra đã nộp"),
            Metric("quiz_passed", "Bài đạt yêu cầu"),
            Metric("reads", "Lượt mở tin bài, văn kiện"),
            Metric("readers", "Đảng viên đã đọc (tháng cuối kỳ)", stock=True),
        ),
        rates=(Rate("pass_rate", "Tỷ lệ đạt", "quiz_passed", "quiz_submitted"),),
        headline=("quiz_submitted", "pass_rate", "reads"),
    ),
    Section(
        "engagement",
        "Thông báo, khảo sát, hỏi đáp, nhiệm vụ",
        (
            Metric("notices_sent", "Thông báo cần xác nhận đã gửi"),
            Metric("notices_acknowledged", "Đã xác nhận đã nhận"),
            Metric("survey_answers", "Lượt trả lời khảo sát (khảo sát kết thúc trong kỳ)"),
            Metric("questions_asked", "Câu hỏi, kiến nghị gửi lên"),
            Metric("questions_answered", "Câu đã trả lời"),
            Metric("answer_hours", "Tổng số giờ chờ trả lời"),
            Metric("questions_overdue", "Câu quá hạn chưa trả lời (cuối kỳ)", stock=True),
            Metric("tasks_due", "Nhiệm vụ đến hạn"),
            Metric("tasks_done_on_time", "Hoàn thành đúng hạn"),
        ),
        rates=(
            Rate("ack_rate", "Tỷ lệ xác nhận thông báo", "notices_acknowledged", "notices_sent"),
            Rate(
                "answer_hours_avg",
                "Thời gian trả lời trung bình",
                "answer_hours",
                "questions_answered",
                per=1,
                unit=" giờ",
            ),
            Rate("tasks_rate", "Tỷ lệ nhiệm vụ đúng hạn", "tasks_done_on_time", "tasks_due"),
        ),  # fmt: skip
        headline=("ack_rate", "survey_answers", "questions_asked", "answer_hours_avg"),
    ),
    Section(
        "ratings",
        "Đánh giá, xếp loại chất lượng (quyết định trong kỳ)",
        (
            Metric("rated_members", "Đảng viên được xếp loại"),
            Metric("rated_excellent", "Đảng viên hoàn thành xuất sắc nhiệm vụ"),
            Metric("rated_good", "Đảng viên hoàn thành tốt nhiệm vụ"),
            Metric("rated_done", "Đảng viên hoàn thành nhiệm vụ"),
            Metric("rated_not_done", "Đảng viên không hoàn thành nhiệm vụ"),
            Metric("rated_orgs", "Tổ chức đảng được xếp loại"),
            Metric("orgs_excellent", "Tổ chức đảng hoàn thành xuất sắc nhiệm vụ"),
            Metric("orgs_good", "Tổ chức đảng hoàn thành tốt nhiệm vụ"),
            Metric("orgs_not_done", "Tổ chức đảng không hoàn thành nhiệm vụ"),
        ),
        rates=(
            Rate("excellent_rate", "Tỷ lệ đảng viên xuất sắc", "rated_excellent", "rated_members"),
            Rate("not_done_rate", "Tỷ lệ không hoàn thành", "rated_not_done", "rated_members"),
        ),
        headline=("rated_members", "excellent_rate", "rated_good", "not_done_rate"),
    ),
    Section(
        "dues",
        "Đảng phí",
        (
            Metric("dues_charged", "Đảng viên phải nộp đảng phí tháng"),
            Metric("dues_members_paid", "Đảng viên đã nộp đảng phí của tháng"),
            Metric("dues_due", "Số phải thu của tháng (đồng)"),
            Metric("dues_paid", "Số đã thu của tháng (đồng)"),
            Metric("dues_collected", "Tiền chi bộ nhận trong tháng, cả nợ cũ (đồng)"),
            Metric("dues_in_arrears", "Đảng viên còn nợ các tháng trước (cuối kỳ)", stock=True),
        ),
        rates=(
            Rate("dues_paid_rate", "Tỷ lệ đảng viên đã nộp", "dues_members_paid", "dues_charged"),
            Rate("dues_amount_rate", "Tỷ lệ số tiền đã thu", "dues_paid", "dues_due"),
        ),
        headline=("dues_paid_rate", "dues_collected", "dues_in_arrears"),
    ),
    Section(
        "use",
        "Sử dụng Sổ tay",
        (
            Metric("accounts", "Đảng viên đã kích hoạt tài khoản (cuối kỳ)", stock=True),
            Metric(
                "active", "Đảng viên thực sự dùng: đọc, học, họp, hỏi (tháng cuối kỳ)", stock=True
            ),
        ),
        rates=(
            Rate("accounts_rate", "Tỷ lệ kích hoạt", "accounts", "members"),
            Rate("active_rate", "Tỷ lệ thực sự dùng", "active", "members"),
        ),
        headline=("accounts_rate", "active_rate", "active"),
    ),
)

METRICS: dict[str, Metric] = {m.key: m for s in SECTIONS for m in s.metrics}
RATES: dict[str, Rate] = {r.key: r for s in SECTIONS for r in s.rates}
STOCKS = frozenset(k for k, m in METRICS.items() if m.stock)


def label(key: str) -> str:
    return METRICS[key].label if key in METRICS else RATES[key].label
