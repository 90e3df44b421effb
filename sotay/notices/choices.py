from django.db import models


class NotificationKind(models.TextChoices):
    NOTICE = "notice", "Thông báo của cấp ủy"
    CONTENT = "content", "Tin tức, văn kiện mới"
    MEETING = "meeting", "Sinh hoạt chi bộ"
    STUDY = "study", "Học tập nghị quyết"
    SURVEY = "survey", "Khảo sát, lấy ý kiến"
    ANSWER = "answer", "Trả lời câu hỏi"
    TASK = "task", "Nhiệm vụ được giao"
    CALENDAR = "calendar", "Lịch công tác"
    MESSAGE = "message", "Tin nhắn"
    ACCOUNT = "account", "Tài khoản, hồ sơ"


class Channel(models.TextChoices):
    PUSH = "push", "Thông báo trên điện thoại (ứng dụng)"
    EMAIL = "email", "Email"
    SMS = "sms", "Tin nhắn SMS"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi lỗi"
    SKIPPED = "skipped", "Bỏ qua"


class Priority(models.TextChoices):
    NORMAL = "normal", "Bình thường"
    URGENT = "urgent", "Khẩn"


class AudienceRole(models.TextChoices):
    ALL = "all", "Tất cả đảng viên"
    CELL_SECRETARIES = "cell_secretaries", "Bí thư các chi bộ"
    COMMITTEE = "committee", "Cấp ủy viên các cấp"


class AudienceStatus(models.TextChoices):
    ANY = "", "Mọi trạng thái"
    PROBATIONARY = "probationary", "Đảng viên dự bị"
    FULL = "full", "Đảng viên chính thức"
    EXEMPT = "exempt", "Đảng viên miễn sinh hoạt"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SENT = "sent", "Đã gửi"


class ReminderStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Đã hẹn"
    SENT = "sent", "Đã gửi"
    CANCELLED = "cancelled", "Đã hủy"
