from django.db import models


class AuditAction(models.TextChoices):
    VIEW_RECORD = "view_record", "xem hồ sơ"
    EDIT_RECORD = "edit_record", "sửa hồ sơ"
    EXPORT = "export", "xuất danh sách"
    ISSUE_CODE = "issue_code", "cấp mã kích hoạt"
    DECIDE_CORRECTION = "decide_correction", "xử lý yêu cầu đính chính"
    TRANSFER = "transfer", "chuyển sinh hoạt"
    RESET_TOTP = "reset_totp", "đặt lại xác thực 2 bước"
    EKYC_READ = "ekyc_read", "eKYC: đọc thẻ"
    EKYC_SUBMIT = "ekyc_submit", "eKYC: gửi đối chiếu"
    EKYC_DECIDE = "ekyc_decide", "eKYC: cấp ủy quyết định"
    EKYC_ACTIVATE = "ekyc_activate", "eKYC: kích hoạt tài khoản"
    EKYC_DELETE = "ekyc_delete", "eKYC: xóa ảnh"
    EID_SIGNIN = "eid_signin", "đăng nhập bằng định danh điện tử"
