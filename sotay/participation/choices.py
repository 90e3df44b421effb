from django.db import models

from sotay.core import drafts


class Phase(models.TextChoices):
    """Life of a survey or a consultation."""

    DRAFT = "draft", "Đang soạn"
    OPEN = "open", "Đang lấy ý kiến"
    CLOSED = "closed", "Đã kết thúc"


class QuestionType(models.TextChoices):
    SINGLE = "single", "Chọn một"
    MULTIPLE = "multiple", "Chọn nhiều"
    SCALE = "scale", "Thang điểm"
    RANKING = "ranking", "Xếp thứ tự"
    TEXT = "text", "Trả lời tự do"
    MATRIX = "matrix", "Bảng (nhiều dòng, cùng thang)"


class AudienceRole(models.TextChoices):
    ALL = "", "Mọi đảng viên"
    SECRETARIES = "secretaries", "Chỉ bí thư chi bộ"
    COMMITTEE = "committee", "Chỉ cấp ủy viên"


class AudienceStatus(models.TextChoices):
    ALL = "", "Chính thức và dự bị"
    FULL = "full", "Chỉ đảng viên chính thức"
    PROBATIONARY = "probationary", "Chỉ đảng viên dự bị"


# Decisions on a draft comment: the same set as the meetings' (core.drafts).
Decision = drafts.Decision


class InquiryKind(models.TextChoices):
    QUESTION = "question", "Hỏi"
    REPORT = "report", "Phản ánh"
    PETITION = "petition", "Kiến nghị"


class InquiryStatus(models.TextChoices):
    OPEN = "open", "Chờ trả lời"
    ANSWERED = "answered", "Đã trả lời"


class InquiryEventKind(models.TextChoices):
    SENT = "sent", "Gửi"
    ASSIGNED = "assigned", "Giao người trả lời"
    ESCALATED = "escalated", "Quá hạn, chuyển cấp trên"
    ANSWERED = "answered", "Trả lời"
    PUBLISHED = "published", "Đưa vào hỏi đáp thường gặp"
