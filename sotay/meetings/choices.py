from django.db import models

from sotay.core.drafts import Decision


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Sinh hoạt thường kỳ"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"
    # Điều lệ Điều 22 (2): "Chi bộ, chi uỷ họp thường lệ mỗi tháng một lần"; a đảng ủy bộ phận
    # meets monthly (QĐ 294, 20.3.3). Held at any unit; expected are its committee members.
    COMMITTEE = "committee", "Họp cấp ủy"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Đã lên lịch"
    OPEN = "open", "Đang họp"
    CLOSED = "closed", "Đã họp, đang hoàn thiện biên bản"
    PUBLISHED = "published", "Đã công bố nghị quyết"
    CANCELLED = "cancelled", "Đã hủy"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Có mặt"
    EXCUSED = "excused", "Vắng có lý do"
    ABSENT = "absent", "Vắng không lý do"


class AbsenceReason(models.TextChoices):
    ILL = "ill", "Ốm đau"
    WORK = "work", "Đi công tác"
    EXEMPT = "exempt", "Được miễn sinh hoạt"
    FAMILY = "family", "Việc gia đình"
    OTHER = "other", "Lý do khác"


class CheckinMethod(models.TextChoices):
    CARD = "card", "Quét thẻ điện tử"
    MANUAL = "manual", "Bí thư điểm danh"


CommentDecision = Decision  # one set of decisions for comments on any draft (core.drafts)


class Rating(models.TextChoices):
    GOOD = "good", "Tốt"
    FAIR = "fair", "Khá"
    AVERAGE = "average", "Trung bình"
    POOR = "poor", "Kém"


# The standard order of a regular cell meeting (Hướng dẫn 12-HD/BTCTW, section on preparation
# and conduct); the secretary edits it per meeting.
AGENDA_TEMPLATE = "\n".join(
    [
        "1. Khai mạc: tuyên bố lý do, giới thiệu đại biểu; thông báo số đảng viên có mặt, "
        "vắng mặt (có lý do, không lý do).",
        "2. Thông tin thời sự, chủ trương, nghị quyết, chỉ thị mới của Đảng, chính sách, pháp "
        "luật của Nhà nước và của cấp ủy cấp trên.",
        "3. Đánh giá kết quả lãnh đạo thực hiện nhiệm vụ chính trị và công tác xây dựng Đảng "
        "tháng trước; ưu điểm, hạn chế và nguyên nhân.",
        "4. Thảo luận, xác định phương hướng, nhiệm vụ và giải pháp tháng tới; phân công "
        "đảng viên.",
        "5. Đảng viên phát biểu ý kiến vào dự thảo nghị quyết; tự phê bình và phê bình.",
        "6. Chủ trì kết luận; chi bộ biểu quyết thông qua nghị quyết.",
        "7. Bế mạc.",
    ]
)
