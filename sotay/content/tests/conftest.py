from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sotay.conftest import Personas, Tree, make_member, make_user
from sotay.content import services
from sotay.content.choices import Category, DocLevel, ItemKind
from sotay.content.models import Item
from sotay.members.models import User
from sotay.orgs.choices import StaffRoleKind
from sotay.orgs.models import StaffRole

CHARTER_SAMPLE = """ĐIỀU LỆ
Chương I
ĐẢNG VIÊN
Điều 1.
1. Đảng viên Đảng Cộng sản Việt Nam là chiến sĩ cách mạng.
2. Công dân Việt Nam từ mười tám tuổi trở lên.
Điều 2.
Đảng viên có nhiệm vụ:
1. Tuyệt đối trung thành với mục đích lý tưởng cách mạng của Đảng.
Chương II
NGUYÊN TẮC TỔ CHỨC
Điều 3.
Người được kết nạp vào Đảng phải trải qua thời kỳ dự bị mười hai tháng; khi hết thời kỳ dự bị,
chi bộ xét công nhận đảng viên chính thức hoặc xoá tên trong danh sách đảng viên dự bị.
"""


@pytest.fixture
def writer(tree: Tree) -> User:
    m = make_member(tree.c2, "Đỗ Văn Viết", phone="0911000009")
    StaffRole.objects.create(
        member=m, org=tree.g1, kind=StaffRoleKind.WRITER, started_on=dt.date(2020, 1, 1)
    )
    return make_user(m, totp=True)


def publish(board: User, item: Item) -> Item:
    return services.item_publish(user=board, item=item)


@pytest.fixture
def g1_article(tree: Tree, personas: Personas) -> Item:
    item = services.item_create(
        user=personas.committee,
        kind=ItemKind.ARTICLE,
        unit=tree.g1,
        audience=tree.g1,
        title="Đảng ủy xã A1 ra quân làm đường nông thôn mới",
        lead="Sáng nay, cả xã ra quân.",
        body="Nghị quyết của Đảng ủy về giao thông nông thôn được triển khai.",
        category=Category.NEW_RURAL,
    )
    return publish(personas.committee, item)


@pytest.fixture
def charter(tree: Tree, personas: Any) -> Item:
    """A structured document of the province (published to everyone)."""
    from sotay.orgs.models import Position

    province_staff = make_member(tree.c1, "Hoàng Văn Tỉnh", phone="0911000010")
    Position.objects.create(
        member=province_staff, org=tree.province, kind="secretary", started_on=dt.date(2020, 1, 1)
    )
    user = make_user(province_staff, totp=True)
    item = services.item_create(
        user=user,
        kind=ItemKind.DOCUMENT,
        unit=tree.province,
        title="Điều lệ Đảng",
        body=CHARTER_SAMPLE,
        doc_type="dieu_le",
        level=DocLevel.CENTRAL,
        number="",
        issuer="Đại hội XI",
    )
    return publish(user, item)
