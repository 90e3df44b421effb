"""`manage.py demo` loads the corpus as structured documents, provincial documents and news."""

import io

import pytest
from django.core.management import call_command

from sotay.content.choices import ItemStatus, LegalStatus, SectionKind
from sotay.content.corpus import corpus_dir
from sotay.content.models import Bulletin, Item, ItemRelation, ReadReceipt, Section
from sotay.content.search import search

pytestmark = pytest.mark.skipif(not corpus_dir().is_dir(), reason="corpus not present")


@pytest.mark.django_db
def test_demo_loads_content_once() -> None:
    call_command("demo", "--size", "tiny", stdout=io.StringIO())
    charter = Item.objects.get(doc_type="dieu_le")
    assert Section.objects.filter(item=charter, kind=SectionKind.ARTICLE).count() == 48
    assert charter.status == ItemStatus.PUBLISHED and charter.audience.depth == 1
    qd = Item.objects.get(number="294-QĐ/TW")
    assert ItemRelation.objects.filter(source=qd, target=charter).exists()
    assert Item.objects.get(number="07-NQ/TU").legal_status == LegalStatus.REPLACED
    assert Item.objects.filter(kind="article").count() >= 50
    assert ReadReceipt.objects.filter(item=qd).exists()
    assert search("294-QĐ/TW", audience_paths=None).hits[0].item_id == qd.pk
    # An older database without content gets it on the next `make run`, once.
    assert Bulletin.objects.get().entries.count() == 4
    Bulletin.objects.all().delete()
    Item.objects.all().delete()
    out = io.StringIO()
    call_command("demo", "--size", "tiny", "--if-empty", stdout=out)
    assert "tin bài và văn kiện mẫu" in out.getvalue()
    count = Item.objects.count()
    call_command("demo", "--size", "tiny", "--if-empty", stdout=io.StringIO())
    assert Item.objects.count() == count
