"""Make and find the audio of an item: split into its articles/sections, normalise, speak,
encode — in a background task, skipping clips whose text has not changed."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from ..index import CITABLE
from ..models import AudioClip
from .engines import engine, to_opus
from .normalize import normalize


def units(item: Any) -> list[tuple[str, str, str]]:
    """(anchor, title, text) to listen to one by one: a document's articles (with their
    clauses) or sections; a news item or a document without them as one piece."""
    from sotay.content.models import Section

    out: list[list[str]] = []
    depth: int | None = None
    for s in Section.objects.filter(item=item).order_by("position"):
        if s.kind in CITABLE and (depth is None or s.depth <= depth):
            depth = s.depth
            label = str(s)
            title = label + (f". {s.heading}" if s.heading and s.heading != label else "")
            out.append([s.anchor, title, " ".join(x for x in (title, s.text) if x)])
        elif out and depth is not None and s.depth > depth and s.text:
            out[-1][2] += "\n" + s.text
        elif s.kind not in CITABLE:
            depth = None
    if out:
        return [(a, t, x) for a, t, x in out]
    whole = "\n".join(x for x in (item.title, item.lead, item.body) if x)
    return [("", item.title, whole)]


def _hash(text: str, engine_name: str) -> str:
    return hashlib.sha256(f"{engine_name}\x00{text}".encode()).hexdigest()


def generate(item_id: int) -> int:
    """Make the missing or outdated clips of an item; returns how many were made."""
    from sotay.content.models import Item

    item = Item.objects.filter(pk=item_id).first()
    if item is None:
        return 0
    tts = engine()
    wanted = units(item)
    existing = {c.anchor: c for c in AudioClip.objects.filter(item=item)}
    todo = []
    for position, (anchor, title, text) in enumerate(wanted):
        spoken = normalize(text)
        digest = _hash(spoken, tts.name)
        clip = existing.get(anchor)
        if clip is None or clip.text_hash != digest or not clip.audio:
            todo.append((position, anchor, title, spoken, digest, clip))

    def speak(job: tuple[Any, ...]) -> bytes:
        return to_opus(tts.synthesize(job[3]))

    # Speaking and encoding are external processes: run them on every core.
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        audios = list(pool.map(speak, todo))
    for (position, anchor, title, _spoken, digest, clip), audio in zip(todo, audios, strict=True):
        kind = "audio/ogg" if audio[:4] == b"OggS" else "audio/wav"
        with transaction.atomic():
            clip = clip or AudioClip(item=item, anchor=anchor)
            clip.position, clip.text_hash, clip.engine = position, digest, tts.name
            clip.title = title[:300]
            clip.content_type = kind
            name = f"{item.public_id.hex[:12]}-{anchor or 'toan-bai'}.ogg"
            clip.audio.save(name, ContentFile(audio), save=False)
            clip.save()
    made = len(todo)
    AudioClip.objects.filter(item=item).exclude(anchor__in=[a for a, _, _ in wanted]).delete()
    return made


def clip(item: Any, anchor: str) -> AudioClip | None:
    """One clip of an item the caller has already been allowed to read."""
    return AudioClip.objects.filter(item=item, anchor=anchor).first()


def clips(item: Any) -> list[AudioClip]:
    return list(AudioClip.objects.filter(item=item))


def outdated(item: Any) -> bool:
    """Whether the item's audio is missing or older than its text (the page then asks for it)."""
    have = {c.anchor: c for c in clips(item)}
    wanted = units(item)
    if set(have) != {a for a, _, _ in wanted}:
        return True
    return any(have[a].created_at < item.updated_at for a, _, _ in wanted)


def request(item: Any) -> None:
    """Queue the making of an item's audio (after commit; making it twice is harmless)."""
    from ..tasks import speak_item

    pk = item.pk
    transaction.on_commit(lambda: speak_item.enqueue(pk))


# -- Committee notices: one clip per notice, made when it is sent -------------------------------


def notice_text(notice: Any) -> str:
    return f"Thông báo của {notice.org.name}. {notice.title}.\n{notice.body}"


def generate_notice(notice_id: int) -> bool:
    """Make (or remake, when the text changed) a notice's clip; False when nothing to do."""
    from sotay.notices.models import Notice

    notice = Notice.objects.select_related("org").filter(pk=notice_id).first()
    if notice is None:
        return False
    tts = engine()
    spoken = normalize(notice_text(notice))
    digest = _hash(spoken, tts.name)
    existing = AudioClip.objects.filter(notice=notice).first()
    if existing is not None and existing.text_hash == digest and existing.audio:
        return False
    audio = to_opus(tts.synthesize(spoken))
    with transaction.atomic():
        clip = existing or AudioClip(notice=notice)
        clip.text_hash, clip.engine, clip.title = digest, tts.name, notice.title[:300]
        clip.content_type = "audio/ogg" if audio[:4] == b"OggS" else "audio/wav"
        clip.audio.save(
            f"thong-bao-{notice.public_id.hex[:12]}.ogg", ContentFile(audio), save=False
        )
        clip.save()
    return True


def notice_clip(notice: Any) -> AudioClip | None:
    """The clip of a notice the caller has already been allowed to read."""
    return AudioClip.objects.filter(notice=notice).exclude(audio="").first()


def request_notice(notice: Any) -> None:
    from ..tasks import speak_notice

    pk = notice.pk
    transaction.on_commit(lambda: speak_notice.enqueue(pk))
