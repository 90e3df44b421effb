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
import statistics
import subprocess
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
    # The card is the large bright quadrilateral with its red band (dark once grey, so the
    # band is added by colour); then by brightness alone, then by edges. A photo taken close,
    # the card filling the frame, is also tried as a whole.
    _, bright = cv2.threshold(cv2.GaussianBlur(grey, (7, 7), 0), 0, 255, cv2.THRESH_OTSU)
    band = rgb.astype(np.int16)
    red = (
        (band[..., 0] > 110)
        & (band[..., 0] - band[..., 1] > 50)
        & (band[..., 0] - band[..., 2] > 40)
    ).astype(np.uint8) * 255
    kernel = np.ones((3, 3), np.uint8)
    edges = cv2.dilate(cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 40, 120), kernel, iterations=2)
    with_band = cv2.morphologyEx(
        cv2.bitwise_or(bright, red), cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8)
    )
    h, w = grey.shape
    frame = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype="float32")
    quads = [q for mask in (with_band, bright, edges) for q in _quads(mask, area)] + [frame]
    for quad in quads:
        card = _warp(image, _order(quad) / scale)
        if _is_upside_down(card):
            card = card.rotate(180)
        if _looks_like_a_card(card):
            return card
    if len(quads) == 1:
        raise DomainError(
            "Không tìm thấy thẻ đảng viên trong ảnh. Hãy đặt thẻ trên nền tối, chụp thẳng, "
            "đủ sáng và để thẻ chiếm phần lớn khung hình."
        )
    raise DomainError(
        "Ảnh không giống mặt trước thẻ đảng viên (không thấy dải đỏ “Đảng Cộng sản Việt "
        "Nam”). Hãy chụp mặt có ảnh và họ tên."
    )


def _quads(mask: Any, area: int) -> list[Any]:
    """Card-shaped quadrilaterals (ID-1: sides 1.59 : 1) among the mask's largest shapes."""
    import cv2

    out = []
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        if cv2.contourArea(contour) < 0.12 * area:
            break
        hull = cv2.convexHull(contour)
        quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(quad) != 4:
            quad = cv2.boxPoints(cv2.minAreaRect(hull))
        (w, h) = cv2.minAreaRect(hull)[1]
        if 1.35 < max(w, h) / max(1.0, min(w, h)) < 1.85:
            out.append(quad)
    return out


def _warp(image: Image.Image, corners: Any) -> Image.Image:
    import cv2
    import numpy as np

    target = np.array(
        [[0, 0], [layout.WIDTH - 1, 0], [layout.WIDTH - 1, layout.HEIGHT - 1],
         [0, layout.HEIGHT - 1]], dtype="float32",
    )  # fmt: skip
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(
        np.asarray(image), matrix, (layout.WIDTH, layout.HEIGHT), flags=cv2.INTER_CUBIC
    )
    return Image.fromarray(flat)


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
    crop = card.crop((x0, y0, x1, y1))
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
    """The name as printed (its own letter case: capitals on some cards, not on others)."""
    text = unicodedata.normalize("NFC", raw)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"[\d_]", " ", text)
    text = " ".join(text.split())
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


# How each field's label is worded on the cards in use (folded, without punctuation); the
# longest wording is tried first. A field is read from the text beside its label, or from the
# line just below it when nothing stands beside it.
LABELS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten"),
    "birth_date": ("ngay thang nam sinh", "sinh ngay", "ngay sinh", "nam sinh"),
    "admitted_on": ("vao dang ngay", "ngay vao dang", "ngay ket nap", "ket nap ngay"),
    "card_number": ("so the dang vien", "so the", "the so"),
    "issued_by": ("noi cap the", "noi cap", "cap tai", "dang bo cap"),
}


# Measured on the tuned layouts (bench/ekyc.py --tuned): the whole card is read once, enlarged
# by CARD_SCALE, as sparse text (page segmentation 11); a noise filter before it lost more
# letters than it saved. Each field's strip is then enlarged so that digits stand DIGIT_HEIGHT
# pixels tall and letters LETTER_HEIGHT, the sizes Tesseract reads best.
CARD_SCALE = 1.5
CARD_PSM = 11
DIGIT_HEIGHT = 26.0
LETTER_HEIGHT = 50.0


@dataclass
class Word:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 on the straightened card

    @property
    def middle(self) -> float:
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]


def card_words(card: Image.Image) -> list[Word]:
    """Every word Tesseract finds on the card, with its box (its TSV output, sparse text)."""
    import cv2
    import numpy as np

    grey = np.asarray(ImageOps.autocontrast(card.convert("L"), cutoff=1))
    grey = cv2.resize(grey, None, fx=CARD_SCALE, fy=CARD_SCALE, interpolation=cv2.INTER_CUBIC)
    tsv = tesseract(Image.fromarray(grey), "vie", psm=CARD_PSM, extra=("tsv",))
    words = []
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or not cols[11].strip():
            continue
        x, y, w, h = (round(int(c) / CARD_SCALE) for c in cols[6:10])
        words.append(Word(unicodedata.normalize("NFC", cols[11].strip()), (x, y, x + w, y + h)))
    return words


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed lines (by their vertical middles), left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.middle):
        for line in lines:
            ref = line[0]
            if abs(w.middle - ref.middle) < 0.45 * max(ref.height, w.height):
                line.append(w)
                break
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


def _folded(word: Word) -> str:
    from sotay.core.text import fold

    return re.sub(r"[^a-z0-9]", "", fold(word.text))


def _close(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return a == b or (len(b) > 4 and SequenceMatcher(None, a, b).ratio() >= 0.75)


def locate_labels(words: list[Word]) -> dict[str, tuple[list[Word], list[Word]]]:
    """For each field: the words of its printed label and the line they stand on."""
    found: dict[str, tuple[list[Word], list[Word]]] = {}
    wordings = sorted(
        ((name, wording) for name, ws in LABELS.items() for wording in ws),
        key=lambda nw: -len(nw[1]),
    )
    lines = _lines(words)
    used: set[int] = set()
    for name, wording in wordings:
        if name in found:
            continue
        size = len(wording.split())
        target = wording.replace(" ", "")
        for line in lines:
            for start in range(len(line) - size + 1):
                run = line[start : start + size]
                if any(id(w) in used for w in run):
                    continue
                if _close("".join(_folded(w) for w in run), target):
                    run = _split_colon(run, line)
                    found[name] = (run, line)
                    used.update(id(w) for w in run)
                    break
            if name in found:
                break
    return found


def _split_colon(run: list[Word], line: list[Word]) -> list[Word]:
    """A label read together with the start of its value ("thẻ:5…"): cut the word at the colon,
    the part after it going back to the line as a word of the value."""
    last = run[-1]
    cut = last.text.find(":")
    if cut < 0 or cut == len(last.text) - 1:
        return run
    x0, y0, x1, y1 = last.box
    at = x0 + round((x1 - x0) * (cut + 1) / len(last.text))
    label = Word(last.text[: cut + 1], (x0, y0, at, y1))
    rest = Word(last.text[cut + 1 :], (at, y0, x1, y1))
    line[line.index(last) : line.index(last) + 1] = [label, rest]
    return [*run[:-1], label]


def value_words(
    label: list[Word], line: list[Word], lines: list[list[Word]], taken: set[int]
) -> list[Word]:
    """The words of the field's value: those after the label on its line, or else those of the
    nearest line below that starts under it."""
    right = [w for w in line if w.box[0] > label[-1].box[2] - 2 and id(w) not in taken]
    if not right:
        below = [
            other
            for other in lines
            if other[0].middle > label[0].box[3]
            and other[0].middle - label[0].box[3] < 3.5 * label[0].height
        ]
        for other in sorted(below, key=lambda ln: ln[0].middle):
            right = [w for w in other if id(w) not in taken and w.box[2] > label[0].box[0] - 10]
            if right:
                break
    if not right:
        return []
    # A long gap on the line is the edge of the value (the photo, another column).
    kept = [right[0]]
    for w in right[1:]:
        if w.box[0] - kept[-1].box[2] > 3 * max(w.height, kept[-1].height):
            break
        kept.append(w)
    return kept


_DATE_TOKEN = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}$")
_HEADER = ("congsan", "dangvien", "vietnam")
# Label words read too poorly to be located still must not pass for a value.
_LABELISH = ("vaodang", "sinhngay", "ngaysinh", "hova", "hoten", "noicap", "sothe", "ketnap")


def by_content(
    lines: list[list[Word]], missing: set[str], taken: set[int]
) -> dict[str, list[Word]]:
    """Fields whose label could not be read (small grey print on a worn or blurred card),
    recognised by what they look like: the two dates in order (birth, then admission), the
    card number (6–12 digits), the issuing committee ("Đảng bộ …"), and the name (the line of
    two to six words above the first date)."""
    free = []
    for line in lines:
        words = [w for w in line if id(w) not in taken]
        text = "".join(_folded(w) for w in words)
        if words and not any(h in text for h in _HEADER + _LABELISH):
            free.append(words)
    found: dict[str, list[Word]] = {}
    dates = [ws for ws in free if any(_DATE_TOKEN.match(w.text) for w in ws)]
    date_fields = [n for n in ("birth_date", "admitted_on") if n in missing]
    for name, words in zip(
        date_fields, dates[-len(date_fields) :] if date_fields else [], strict=False
    ):
        found[name] = [w for w in words if _DATE_TOKEN.match(w.text)]
    if "card_number" in missing:
        for words in free:
            number = [w for w in words if re.fullmatch(r"\d{6,12}", w.text)]
            if number:
                found["card_number"] = number[:1]
                break
    if "issued_by" in missing:
        for words in free:
            text = " ".join(_folded(w) for w in words)
            if re.search(r"\bdang (bo|uy)\b", text):
                start = next(i for i, w in enumerate(words) if _folded(w) == "dang")
                found["issued_by"] = words[start:]
                break
    every_date = [ln for ln in lines if any(_DATE_TOKEN.match(w.text) for w in ln)]
    if "full_name" in missing and every_date:
        above = [ws for ws in free if ws[0].middle < every_date[0][0].middle]
        for words in reversed(above):
            letters = [w for w in words if w.text.isalpha()]
            if 2 <= len(letters) <= 6 and len(letters) == len(words):
                found["full_name"] = words
                break
    return found


def box_of(words: list[Word], width: int, typical: float) -> tuple[int, int, int, int]:
    """The value's box. On a blurred card Tesseract may merge a label with the value printed
    under it into one tall word: such a word keeps only its lower part (the value)."""
    tall = 1.6 * typical
    x0 = min(w.box[0] for w in words)
    x1 = max(w.box[2] for w in words)
    y1 = max(w.box[3] for w in words)
    y0 = min(w.box[1] if w.height <= tall else round(w.box[3] - 1.3 * typical) for w in words)
    # Tesseract's boxes hold the letters, not always the marks stacked over capitals (Ễ, Ặ)
    # or under them: more room above and below than beside.
    # The label words are painted out first (``without``), so the margin may reach them.
    h = y1 - y0
    return (max(0, x0 - h // 2), max(0, y0 - 2 * h // 3), min(width, x1 + h // 2), y1 + h // 2)


def without(card: Image.Image, words: list[Word]) -> Image.Image:
    """The card with these words (the labels) painted over in the card's own colour."""
    from PIL import ImageDraw, ImageStat

    out = card.copy()
    draw = ImageDraw.Draw(out)
    for w in words:
        x0, y0, x1, y1 = w.box
        ring = card.crop((max(0, x0 - 4), max(0, y0 - 4), x1 + 4, y1 + 4))
        colour = tuple(round(c) for c in ImageStat.Stat(ring).median)
        draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=colour)
    return out


def read_card(data: bytes) -> Reading:
    """Fields of the card in a phone photo, each checked against its rule. The fields are found
    by their printed labels, so a card laid out differently from the system's template is read
    too; a field whose strip Tesseract fails on is reported for the member to type, the others
    are still read."""
    if not available():
        raise DomainError("Máy chủ chưa cài Tesseract; chưa đọc được thẻ.")
    card = straighten(load_image(data, "Ảnh thẻ"))
    words = card_words(card)
    labels = locate_labels(words)
    lines = _lines(words)
    taken = {id(w) for run, _ in labels.values() for w in run}
    located: dict[str, list[Word]] = {}
    for name, (run, line) in labels.items():
        found = value_words(run, line, lines, taken)
        if found:
            located[name] = found
            taken.update(id(w) for w in found)
    missing = set(layout.FIELD_NAMES) - set(located)
    if missing:
        located.update(by_content(lines, missing, taken))
    values_only = without(card, [w for run, _ in labels.values() for w in run])
    typical = statistics.median([w.height for w in words]) if words else 30.0
    strips: dict[str, Image.Image] = {}
    problems: dict[str, str] = {}
    for name in layout.FIELD_NAMES:
        if name not in located:
            problems[name] = "Không tìm thấy dòng này trên thẻ — hãy nhập tay."
            continue
        digits = RULES[name][1] == "eng"
        box = box_of(located[name], card.width, typical)
        # Tesseract reads best at a given letter height whatever the card's print size.
        height = statistics.median([min(w.height, 1.6 * typical) for w in located[name]])
        target = DIGIT_HEIGHT if digits else LETTER_HEIGHT
        scale = min(3.0, max(1.0, target / max(8.0, height)))
        strips[name] = _strip(values_only, box, digits, scale)

    def read(name: str) -> tuple[str, str, str]:
        rule, lang, extra = RULES[name]
        try:
            raw = tesseract(strips[name], lang, extra=extra)
        except (DomainError, subprocess.SubprocessError, OSError):  # one strip, not the card
            return name, "", "Không đọc được dòng này — hãy nhập tay."
        value, problem = rule(raw)
        return name, value, problem

    with ThreadPoolExecutor(max_workers=max(1, len(strips))) as pool:
        results = list(pool.map(read, strips))
    values = dict.fromkeys(layout.FIELD_NAMES, "")
    values.update({n: v for n, v, _ in results})
    problems.update({n: p for n, _, p in results if p})
    return Reading(values=values, problems=problems, card=card)
