"""The four levels of Quy định 366-QĐ/TW, Điều 11, and the steps of Điều 12."""

from django.db import models


class RatingLevel(models.TextChoices):
    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    DONE = "done", "Hoàn thành nhiệm vụ"
    NOT_DONE = "not_done", "Không hoàn thành nhiệm vụ"


# Lowest total points of each level (Điều 11: ≥ 90, 70 to under 90, 50 to under 70, under 50).
LEVEL_FLOOR: dict[str, int] = {
    RatingLevel.EXCELLENT: 90,
    RatingLevel.GOOD: 70,
    RatingLevel.DONE: 50,
    RatingLevel.NOT_DONE: 0,
}
# Best first: a lower index is a higher level.
LEVEL_ORDER: tuple[str, ...] = tuple(LEVEL_FLOOR)


class RatingStatus(models.TextChoices):
    SELF_ASSESSED = "self_assessed", "Đã tự đánh giá"  # Bước 1
    PROPOSED = "proposed", "Chi bộ đã đề xuất"  # Bước 2 (thẩm định, đề xuất)
    DECIDED = "decided", "Cấp có thẩm quyền đã quyết định"  # Bước 3


# Điều 11 (1): "xuất sắc" at most 20% of those rated "tốt"; up to 25% where the authority
# finds the unit's results outstanding.
DEFAULT_EXCELLENT_PERCENT = 20
OUTSTANDING_EXCELLENT_PERCENT = 25


class CommentKind(models.TextChoices):
    # HD 43, 7.6: the cell of temporary activity comments before the official cell rates.
    TEMPORARY = "temporary", "Chi bộ nơi sinh hoạt tạm thời"
    # CV 19370: the member's committee asks the cell where they live about their duties there.
    RESIDENCE = "residence", "Chi bộ nơi cư trú"
