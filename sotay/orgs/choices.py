from django.db import models


class OrgKind(models.TextChoices):
    CENTRAL = "central", "Trung ương"
    PROVINCIAL = "provincial", "Đảng bộ tỉnh/thành phố"
    UPPER_GRASSROOTS = "upper_grassroots", "Đảng bộ cấp trên cơ sở"
    GRASSROOTS = "grassroots", "Đảng bộ cơ sở"
    # Under a grassroots committee and above cells (QĐ 294, 20.3.3): it oversees and reviews
    # its cells' proposals but does not decide on organisation or cadres.
    PARTIAL = "partial", "Đảng bộ bộ phận"
    CELL = "cell", "Chi bộ"


class OrgStatus(models.TextChoices):
    ACTIVE = "active", "Đang hoạt động"
    MERGED = "merged", "Đã hợp nhất"
    DISSOLVED = "dissolved", "Đã giải thể"


class OrgEventKind(models.TextChoices):
    CREATED = "created", "Thành lập"
    RENAMED = "renamed", "Đổi tên"
    MOVED = "moved", "Chuyển trực thuộc"
    MERGED_INTO = "merged_into", "Hợp nhất vào đơn vị khác"
    ABSORBED = "absorbed", "Tiếp nhận đơn vị hợp nhất"
    DISSOLVED = "dissolved", "Giải thể"


class PositionKind(models.TextChoices):
    SECRETARY = "secretary", "Bí thư"
    DEPUTY_SECRETARY = "deputy_secretary", "Phó Bí thư"
    COMMITTEE_MEMBER = "committee_member", "Cấp ủy viên"


class StaffRoleKind(models.TextChoices):
    ORGANISATION = "organisation", "Ban Tổ chức"
    PROPAGANDA = "propaganda", "Ban Tuyên giáo"
    OFFICE = "office", "Văn phòng cấp ủy"
    EDITOR = "editor", "Ban Biên tập"
    WRITER = "writer", "Biên tập viên"
