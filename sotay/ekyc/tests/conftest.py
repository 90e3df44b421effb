"""Real face photos (face_recognition's source release, fetched by `make test`) and synthetic
party-card photos made from them."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from sotay.ekyc import card, faces

FACES = Path(settings.BASE_DIR) / "var" / "test-assets" / "faces"


def face(name: str) -> Image.Image:
    path = FACES / f"{name}.jpg"
    if not path.exists():
        pytest.fail("Face photos are missing: run `make test` (it fetches them).")
    return Image.open(path).convert("RGB")


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def card_photo(
    *,
    name: str,
    birth: dt.date,
    admitted: dt.date,
    number: str,
    portrait: str = "obama",
    hard: bool = False,
    seed: int = 1,
) -> bytes:
    data = card.CardData(name, birth, admitted, number, "Đảng bộ tỉnh Thái Bình")
    rendered = card.render(data, faces.portrait(face(portrait)))
    return card.photograph(rendered, random.Random(seed), hard)
