from django.db import models


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Chọn một đáp án"
    MULTIPLE = "multiple", "Chọn nhiều đáp án"
    TRUE_FALSE = "true_false", "Đúng / Sai"
    ORDERING = "ordering", "Sắp xếp thứ tự"


class Difficulty(models.TextChoices):
    EASY = "easy", "Dễ"
    MEDIUM = "medium", "Trung bình"
    HARD = "hard", "Khó"


class ProgrammeKind(models.TextChoices):
    RESOLUTION = "resolution", "Học tập nghị quyết"
    HCM_TOPIC = "hcm_topic", "Chuyên đề học tập và làm theo Bác"
    OTHER = "other", "Học tập khác"


class FeedbackMode(models.TextChoices):
    IMMEDIATE = "immediate", "Xem đáp án, giải thích ngay khi nộp bài"
    DEFERRED = "deferred", "Xem đáp án khi hết hạn làm bài"


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã giao"
    CLOSED = "closed", "Đã kết thúc"


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Đang làm"
    SUBMITTED = "submitted", "Đã nộp"
    EXPIRED = "expired", "Hết giờ"


class PointRule(models.TextChoices):
    PROGRAMME_DONE = "programme_done", "Hoàn thành chương trình học tập"
    QUIZ_SCORE = "quiz_score", "Kết quả bài kiểm tra"
    MEETING_ATTENDED = "meeting_attended", "Dự sinh hoạt chi bộ"
    COMMENT_ADOPTED = "comment_adopted", "Góp ý được tiếp thu"
    SURVEY_ANSWERED = "survey_answered", "Trả lời khảo sát"


class RankingVisibility(models.TextChoices):
    PUBLIC = "public", "Công khai trong toàn tỉnh"
    CELL = "cell", "Chỉ trong chi bộ của mình"
    UNITS = "units", "Chỉ xếp hạng đơn vị, không công bố cá nhân"
