from django.db import models


class AuditAction(models.TextChoices):
    VIEW_RECORD = "view_record", "xem hồ sơ"
    EDIT_RECORD = "edit_record", "sửa hồ sơ"
    EXPORT = "export", "xuất danh sách"
    ISSUE_CODE = "issue_code", "cấp mã kích hoạt"
    DECIDE_CORRECTION = "decide_correction", "xử lý yêu cầu đính chính"
    TRANSFER = "transfer", "chuyển sinh hoạt"
    RESET_TOTP = "reset_totp", "đặt lại xác thực 2 bước"
