"""Listen-aloud: Vietnamese normalisation, real espeak-ng audio per article, access."""

import pytest
from django.core.management import call_command

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
    # The preamble (what the Party is, its aims) is read aloud too, then the 48 articles.
    assert parts[0][1] == "Phần mở đầu" and parts[1][1].startswith("Điều 1") and len(parts) == 49
    assert "Đảng Cộng sản Việt Nam" in parts[0][2]
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


@pytest.mark.django_db(transaction=True)  # the task worker runs in it (it closes connections)
def test_a_sent_notice_is_heard_by_its_recipients_only(personas: Personas, tree: Tree) -> None:
    from sotay.notices import services as notices

    notice = notices.notice_create(
        org=tree.c1,
        actor=personas.committee,
        title="Họp chi bộ tháng 12",
        body="Chi bộ họp lúc 8 giờ ngày 5/12/2026 tại nhà văn hóa.",
    )
    notices.notice_send(notice=notice)  # queues the audio on commit
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    clip = service.notice_clip(notice)  # made by the task enqueued when it was sent
    assert clip is not None and clip.engine == "espeak-ng"

    url = f"/thong-bao/cap-uy/{notice.public_id}/nghe.ogg"
    member = signed_in(personas.member)
    r = member.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content)[:4] == b"OggS"
    page = member.get(f"/thong-bao/cap-uy/{notice.public_id}/").content.decode()
    assert url in page and 'id="speed"' in page
    assert signed_in(personas.outsider).get(url).status_code == 404
    assert AudioClip.objects.filter(notice=notice).count() == 1

    # A member opening it before the worker made it still hears it (made on the spot, once).
    AudioClip.objects.filter(notice=notice).delete()
    assert member.get(url).status_code == 200
    assert AudioClip.objects.filter(notice=notice).count() == 1


def _ogg_seconds(data: bytes) -> float:
    """Length of an Ogg Opus stream: the last page's granule position (48 kHz samples)."""
    last = data.rindex(b"OggS")
    return int.from_bytes(data[last + 6 : last + 14], "little") / 48_000


def test_listen_aloud_clips_are_24_kbit_speech() -> None:
    """The documented size on weak 3G: ≈ 24 kbit/s (plain VBR gave ≈ 45 on espeak's voice)."""
    from sotay.assistant.speech.engines import Espeak, to_opus

    wav = Espeak().synthesize(
        "Đảng viên dự bị phải trải qua thời kỳ dự bị mười hai tháng, tính từ ngày chi bộ tổ "
        "chức lễ kết nạp. Trong thời kỳ dự bị, chi bộ tiếp tục giáo dục, rèn luyện và phân "
        "công đảng viên chính thức giúp đỡ đảng viên dự bị tiến bộ."
    )
    clip = to_opus(wav)
    assert clip[:4] == b"OggS"
    seconds = _ogg_seconds(clip)
    assert seconds > 8
    assert len(clip) * 8 / seconds / 1000 < 27
