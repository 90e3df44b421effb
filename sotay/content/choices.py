from django.db import models


class ItemKind(models.TextChoices):
    DOCUMENT = "document", "Văn kiện"
    ARTICLE = "article", "Tin bài"


class ItemStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Chờ duyệt"
    PUBLISHED = "published", "Đã xuất bản"
    WITHDRAWN = "withdrawn", "Đã gỡ"


class DocType(models.TextChoices):
    CHARTER = "dieu_le", "Điều lệ"
    RESOLUTION = "nghi_quyet", "Nghị quyết"
    DIRECTIVE = "chi_thi", "Chỉ thị"
    REGULATION = "quy_dinh", "Quy định"
    CONCLUSION = "ket_luan", "Kết luận"
    GUIDANCE = "huong_dan", "Hướng dẫn"
    DECISION = "quyet_dinh", "Quyết định"
    ANNOUNCEMENT = "thong_bao", "Thông báo"
    PLAN = "ke_hoach", "Kế hoạch"
    OFFICIAL_LETTER = "cong_van", "Công văn"
    OTHER = "khac", "Văn bản khác"


# The letters of the symbol after the number: 294-QĐ/TW, 06-HD/TW, 50-CT/TW...
DOC_TYPE_CODES: dict[str, str] = {
    "NQ": DocType.RESOLUTION,
    "CT": DocType.DIRECTIVE,
    "QĐ": DocType.REGULATION,
    "KL": DocType.CONCLUSION,
    "HD": DocType.GUIDANCE,
    "TB": DocType.ANNOUNCEMENT,
    "KH": DocType.PLAN,
    "CV": DocType.OFFICIAL_LETTER,
}


class DocLevel(models.TextChoices):
    CENTRAL = "central", "Trung ương"
    PROVINCIAL = "provincial", "Tỉnh"
    GRASSROOTS = "grassroots", "Cơ sở"


class LegalStatus(models.TextChoices):
    IN_FORCE = "in_force", "Còn hiệu lực"
    AMENDED = "amended", "Đã được sửa đổi, bổ sung"
    REPLACED = "replaced", "Đã được thay thế"
    EXPIRED = "expired", "Hết hiệu lực"


class RelationKind(models.TextChoices):
    AMENDS = "amends", "Sửa đổi, bổ sung"
    REPLACES = "replaces", "Thay thế"
    IMPLEMENTS = "implements", "Hướng dẫn thi hành"


class Category(models.TextChoices):
    LEADERSHIP = "lanh-dao", "Hoạt động lãnh đạo"
    PROVINCE = "trong-tinh", "Tin trong tỉnh"
    WORLD = "quoc-te", "Tin quốc tế"
    THEORY = "chinh-luan", "Chính luận"
    HEALTH = "suc-khoe", "Sức khỏe"
    LIFE = "doi-song", "Đời sống"
    CULTURE = "van-nghe", "Văn nghệ"
    SPORT = "the-thao", "Thể thao"
    NEW_RURAL = "nong-thon-moi", "Nông thôn mới"
    WEEKEND = "cuoi-tuan", "Điểm đến cuối tuần"


# The seeds' "thông tin hữu ích" group of categories.
USEFUL_CATEGORIES = frozenset(
    {
        Category.HEALTH,
        Category.LIFE,
        Category.CULTURE,
        Category.SPORT,
        Category.NEW_RURAL,
        Category.WEEKEND,
    }
)


class SectionKind(models.TextChoices):
    PREAMBLE = "preamble", "Phần mở đầu"
    PART = "part", "Phần"
    CHAPTER = "chapter", "Chương"
    ARTICLE = "article", "Điều"
    CLAUSE = "clause", "Khoản"
    ITEM = "item", "Mục"
    SUBITEM = "subitem", "Tiểu mục"
    EXCERPT = "excerpt", "Trích đoạn"
    PARAGRAPH = "paragraph", "Đoạn"


class BookmarkKind(models.TextChoices):
    BOOKMARK = "bookmark", "Đánh dấu"
    LATER = "later", "Đọc sau"


class BulletinKind(models.TextChoices):
    REGULAR = "regular", "Bản tin sinh hoạt chi bộ thường kỳ"
    THEMATIC = "thematic", "Bản tin sinh hoạt chuyên đề"


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã phát hành"
    WITHDRAWN = "withdrawn", "Đã gỡ"
