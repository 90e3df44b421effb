from django.db import models


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    FULL = "full", "Chính thức"
    EXEMPT = "exempt", "Miễn công tác và sinh hoạt"
    TRANSFERRED_OUT = "transferred_out", "Đã chuyển đi"
    DECEASED = "deceased", "Từ trần"
    REMOVED = "removed", "Ra khỏi Đảng"


CURRENT_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.FULL, MemberStatus.EXEMPT)


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class TheoryLevel(models.TextChoices):
    NONE = "", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    ADVANCED = "advanced", "Cao cấp"
    BACHELOR = "bachelor", "Cử nhân"


class HistorySource(models.TextChoices):
    CREATED = "created", "Tạo hồ sơ"
    EDIT = "edit", "Cấp ủy cập nhật"
    CORRECTION = "correction", "Đính chính theo yêu cầu"
    IMPORT = "import", "Nhập từ tệp"
    TRANSFER = "transfer", "Chuyển sinh hoạt"
    STATUS = "status", "Thay đổi trạng thái"
    RESTRUCTURE = "restructure", "Sắp xếp tổ chức"


class TransferKind(models.TextChoices):
    OFFICIAL = "official", "Chuyển sinh hoạt chính thức"
    TEMPORARY = "temporary", "Chuyển sinh hoạt tạm thời"


class TransferStatus(models.TextChoices):
    SENT = "sent", "Chờ nơi nhận tiếp nhận"
    ACCEPTED = "accepted", "Đã tiếp nhận"
    REJECTED = "rejected", "Nơi nhận từ chối"
    CANCELLED = "cancelled", "Đã hủy"
    RETURNED = "returned", "Đã trở về (tạm thời)"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Chờ xử lý"
    APPROVED = "approved", "Đã duyệt"
    REJECTED = "rejected", "Từ chối"


class ImportKind(models.TextChoices):
    MEMBERS = "members", "Đảng viên"
    UNITS = "units", "Đơn vị"


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", "Đang kiểm tra"
    VALIDATED = "validated", "Đã kiểm tra"
    APPLYING = "applying", "Đang cập nhật"
    APPLIED = "applied", "Đã cập nhật"
    DISCARDED = "discarded", "Đã hủy"
    FAILED = "failed", "Lỗi"
