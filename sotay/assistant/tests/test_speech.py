"""Listen-aloud: Vietnamese normalisation, real espeak-ng audio per article, access."""

import pytest

from sotay.assistant.models import AudioClip
from sotay.assistant.speech import service
from sotay.assistant.speech.normalize import normalize, number_words
from sotay.conftest import Personas, Tree, signed_in
from sotay.content.corpus import load_corpus


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (105, "một trăm linh năm"),
        (294, "hai trăm chín mươi tư"),
        (2025, "hai nghìn không trăm hai mươi lăm"),
        (1500000, "một triệu năm trăm nghìn"),
    ],
)
def test_numbers(n: int, words: str) -> None:
    assert number_words(n) == words


def test_dates_symbols_and_abbreviations() -> None:
    text = normalize("Quy định số 294-QĐ/TW ngày 10/7/2025 của BCH TƯ; đ/c Bí thư; đạt 95%.")
    assert text == (
        "Quy định số hai trăm chín mươi tư, Quy định, Trung ương ngày mười tháng bảy năm hai "
        "nghìn không trăm hai mươi lăm của Ban Chấp hành Trung ương; đồng chí Bí thư; đạt chín "
        "mươi lăm phần trăm."
    )


def test_audio_per_article_and_access(personas: Personas, tree: Tree) -> None:
    from django.utils import timezone

    from sotay.content.models import Item, Section

    load_corpus(tree.province)
    charter = Item.objects.get(doc_type="dieu_le")
    parts = service.units(charter)
    assert parts[0][1].startswith("Điều 1") and len(parts) == 48
    rules = Item.objects.create(
        kind="document",
        unit=tree.province,
        audience=tree.province,
        title="Quy chế mẫu",
        doc_type="quy_dinh",
        number="01-QC/TU",
        status="published",
        published_at=timezone.now(),
    )
    for n in (1, 2):
        Section.objects.create(
            item=rules,
            position=n,
            kind="article",
            number=str(n),
            anchor=f"dieu-{n}",
            text=f"Điều {n}. Chi bộ họp ngày 5/12/2026 theo Quy định 294-QĐ/TW.",
        )
    assert service.generate(rules.pk) == 2
    assert service.generate(rules.pk) == 0  # unchanged text: nothing is made again
    clip = AudioClip.objects.get(item=rules, anchor="dieu-2")
    assert clip.audio.read(4) == b"OggS"
    member = signed_in(personas.member)
    page = member.get(f"/noi-dung/{rules.public_id}/nghe/").content.decode()
    assert "Điều 2" in page and "/nghe/dieu-2.ogg" in page
    audio = member.get(f"/noi-dung/{rules.public_id}/nghe/dieu-2.ogg")
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/ogg"
    local = Item.objects.create(
        kind="article",
        unit=tree.c3,
        audience=tree.c3,
        title="Tin chi bộ thôn Ba",
        body="Chi bộ họp ngày 5/12/2026.",
        status="published",
        published_at=timezone.now(),
    )
    assert member.get(f"/noi-dung/{local.public_id}/nghe/").status_code == 404
    assert signed_in(personas.outsider).get(f"/noi-dung/{local.public_id}/nghe/").status_code == 200
