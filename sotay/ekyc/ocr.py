"""Read the party card from a phone photo: find the card, straighten it to the canonical layout,
clean each field's strip and read it with Tesseract (Debian ``tesseract-ocr`` with the
Vietnamese language and script models), then apply each field's rules.

Every failure is a Vietnamese ``DomainError``; nothing is stored here."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from sotay.core.errors import DomainError

from . import card as layout

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
WORK_WIDTH = 1600  # photos are scaled down to this before looking for the card

# Letters Tesseract may give for digits printed on the card.
_DIGIT_FIXES = str.maketrans("OoDQlIi|!ZSsBGgqTA", "000011111255869974")


@dataclass
class Reading:
    values: dict[str, str]  # what the member is shown and may correct
    problems: dict[str, str] = field(default_factory=dict)  # field -> why it looks wrong
    card: Image.Image | None = None  # the straightened card (for the face on its photo)


def load_image(data: bytes, what: str = "Ảnh") -> Image.Image:
    """Decode an uploaded photo (JPEG, PNG, WebP, HEIF where Pillow reads it), upright."""
    if not data:
        raise DomainError(f"{what} trống.")
    if len(data) > MAX_BYTES:
        raise DomainError(f"{what} quá lớn (tối đa {MAX_BYTES // 1024 // 1024} MB).")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise DomainError(f"{what} không phải là ảnh đọc được (JPEG, PNG).") from exc
    upright: Image.Image = ImageOps.exif_transpose(image) or image
    return upright.convert("RGB")


def _order(points: Any) -> Any:
    import numpy as np

    pts = np.asarray(points, dtype="float32").reshape(4, 2)
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[s.argmin()], pts[d.argmin()], pts[s.argmax()], pts[d.argmax()]], dtype="float32"
    )


def straighten(image: Image.Image) -> Image.Image:
    """The card cut out of the photo and warped flat to the canonical size."""
    import cv2
    import numpy as np

    scale = min(1.0, WORK_WIDTH / image.width)
    small = image.resize((round(image.width * scale), round(image.height * scale)))
    rgb = np.asarray(small)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    area = grey.shape[0] * grey.shape[1]
    best = None
    # The card is the large bright quadrilateral: threshold on brightness, then on edges.
    _, bright = cv2.threshold(cv2.GaussianBlur(grey, (7, 7), 0), 0, 255, cv2.THRESH_OTSU)
    kernel = np.ones((3, 3), np.uint8)
    edges = cv2.dilate(cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 40, 120), kernel, iterations=2)
    for mask in (bright, edges):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            if cv2.contourArea(contour) < 0.12 * area:
                break
            hull = cv2.convexHull(contour)
            quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
            if len(quad) != 4:
                quad = cv2.boxPoints(cv2.minAreaRect(hull))
            (w, h) = cv2.minAreaRect(hull)[1]
            ratio = max(w, h) / max(1.0, min(w, h))
            if 1.35 < ratio < 1.85:
                best = quad
                break
        if best is not None:
            break
    if best is None:
        raise DomainError(
            "Không tìm thấy thẻ đảng viên trong ảnh. Hãy đặt thẻ trên nền tối, chụp thẳng, "
            "đủ sáng và để thẻ chiếm phần lớn khung hình."
        )
    corners = _order(best) / scale
    target = np.array(
        [[0, 0], [layout.WIDTH - 1, 0], [layout.WIDTH - 1, layout.HEIGHT - 1],
         [0, layout.HEIGHT - 1]], dtype="float32",
    )  # fmt: skip
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(
        np.asarray(image), matrix, (layout.WIDTH, layout.HEIGHT), flags=cv2.INTER_CUBIC
    )
    card = Image.fromarray(flat)
    if _is_upside_down(card):
        card = card.rotate(180)
    if not _looks_like_a_card(card):
        raise DomainError(
            "Ảnh không giống mặt trước thẻ đảng viên (không thấy dải đỏ “Đảng Cộng sản Việt "
            "Nam”). Hãy chụp mặt có ảnh và họ tên."
        )
    return card


def _red_share(card: Image.Image, box: tuple[int, int, int, int]) -> float:
    import numpy as np

    band = np.asarray(card.crop(box), dtype=np.int16)
    red = (
        (band[..., 0] > 120)
        & (band[..., 0] - band[..., 1] > 60)
        & (band[..., 0] - band[..., 2] > 50)
    )
    return float(red.mean())


def _is_upside_down(card: Image.Image) -> bool:
    top = _red_share(card, (0, 0, layout.WIDTH, 120))
    bottom = _red_share(card, (0, layout.HEIGHT - 120, layout.WIDTH, layout.HEIGHT))
    return bottom > 0.4 and bottom > 2 * top


def _looks_like_a_card(card: Image.Image) -> bool:
    return _red_share(card, (20, 20, layout.WIDTH - 20, 120)) > 0.45


def _strip(
    card: Image.Image, box: tuple[int, int, int, int], binarise: bool, scale: float = 2.0
) -> Image.Image:
    """One field's strip, cleaned: grey, contrast stretched, denoised, upscaled; digits are
    also binarised (Otsu) — letters keep their grey levels, which hold the tone marks."""
    import cv2
    import numpy as np

    x0, y0, x1, y1 = box
    crop = card.crop((x0 - 6, y0 - 10, x1, y1 + 8))
    grey = np.asarray(ImageOps.autocontrast(crop.convert("L"), cutoff=1))
    grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    if binarise:
        grey = cv2.GaussianBlur(grey, (3, 3), 0)
        _, grey = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return Image.fromarray(cv2.copyMakeBorder(grey, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=255))


# The five strips are read by five Tesseract processes at once; each would otherwise start an
# OpenMP thread per core and they would fight over the cores (measured: 0.80 → 0.60 s a card).
# Set for Tesseract only: the same variable would also slow (and change) other OpenMP users in
# this process, such as the speech recogniser.
_TESSERACT_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def tesseract(image: Image.Image, lang: str, psm: int = 7, extra: tuple[str, ...] = ()) -> str:
    """Tesseract on an image (PNG through stdin), ``--psm 7`` = one line of text."""
    import subprocess

    png = io.BytesIO()
    image.save(png, "PNG")
    done = subprocess.run(  # noqa: S603 - fixed argv
        [shutil.which("tesseract") or "tesseract", "stdin", "stdout", "-l", lang,
         "--psm", str(psm), *extra],
        input=png.getvalue(), capture_output=True, timeout=30, env=_TESSERACT_ENV, check=False,
    )  # fmt: skip
    if done.returncode:
        raise DomainError("Không đọc được ảnh thẻ (Tesseract).")
    return done.stdout.decode("utf-8", "replace").strip()


def _date(raw: str) -> tuple[str, str]:
    digits = re.sub(r"\D", "", raw.translate(_DIGIT_FIXES))
    if len(digits) == 8:
        text = f"{digits[:2]}/{digits[2:4]}/{digits[4:]}"
        try:
            dt.date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
        except ValueError:
            return text, "Ngày không hợp lệ — hãy sửa lại."
        return text, ""
    return raw.strip(), "Không đọc rõ ngày (dạng ngày/tháng/năm) — hãy sửa lại."


def _name(raw: str) -> tuple[str, str]:
    text = unicodedata.normalize("NFC", raw)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"[\d_]", " ", text)
    text = " ".join(text.split()).upper()
    if len(text.split()) < 2:
        return text, "Không đọc rõ họ tên — hãy sửa lại."
    return text, ""


def _card_number(raw: str) -> tuple[str, str]:
    digits = re.sub(r"\D", "", raw.translate(_DIGIT_FIXES))
    if not 6 <= len(digits) <= 12:
        return digits, "Số thẻ gồm 6–12 chữ số — hãy sửa lại."
    return digits, ""


def _issued_by(raw: str) -> tuple[str, str]:
    text = " ".join(unicodedata.normalize("NFC", raw).replace("|", " ").split())
    text = re.sub(r"^[^\wĐđ]+|[^\w]+$", "", text)
    return text, "" if len(text) >= 5 else "Không đọc rõ nơi cấp."


RULES = {
    "full_name": (_name, "vie+Vietnamese", ()),
    "birth_date": (_date, "eng", ("-c", "tessedit_char_whitelist=0123456789/")),
    "admitted_on": (_date, "eng", ("-c", "tessedit_char_whitelist=0123456789/")),
    "card_number": (_card_number, "eng", ("-c", "tessedit_char_whitelist=0123456789")),
    "issued_by": (_issued_by, "vie+Vietnamese", ()),
}


def available() -> bool:
    return shutil.which("tesseract") is not None


def read_card(data: bytes) -> Reading:
    """Fields of the card in a phone photo, each checked against its rule."""
    if not available():
        raise DomainError("Máy chủ chưa cài Tesseract; chưa đọc được thẻ.")
    card = straighten(load_image(data, "Ảnh thẻ"))
    # Letters read best at twice the size in grey (the tone marks survive); digits at 1.5x
    # binarised. (Measured on synthetic cards: bench/ekyc.py.)
    strips = {
        f.name: _strip(card, f.box, digits, 1.5 if digits else 2.0)
        for f in layout.FIELDS
        for digits in [RULES[f.name][1] == "eng"]
    }

    def read(name: str) -> tuple[str, str, str]:
        rule, lang, extra = RULES[name]
        value, problem = rule(tesseract(strips[name], lang, extra=extra))
        return name, value, problem

    with ThreadPoolExecutor(max_workers=len(strips)) as pool:
        results = list(pool.map(read, strips))
    return Reading(
        values={n: v for n, v, _ in results},
        problems={n: p for n, _, p in results if p},
        card=card,
    )


def card_photo(card: Image.Image) -> Image.Image:
    """The 3x4 photo printed on a straightened card."""
    return card.crop(layout.PHOTO)
