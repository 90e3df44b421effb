"""Party-card fronts for the synthetic photos used by tests, the benchmark and the demo: three
layouts that differ the way real cards and provincial print runs do — labels above or beside
their values, other label wordings, name in capitals or as written, photo left or right, other
fonts, dates with slashes or dashes. The reader (``ocr``) knows none of these positions: it finds
the printed labels. ``HELD_OUT`` is never used to tune the reader; it is only measured."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1012, 638  # 85.6 x 54 mm (ID-1) at ≈300 dpi
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
RED = (200, 16, 30)
YELLOW = (255, 222, 0)
FIELD_NAMES = ("full_name", "birth_date", "admitted_on", "card_number", "issued_by")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    box: tuple[int, int, int, int]  # where the value is printed (x0, y0, x1, y1)
    size: int


@dataclass(frozen=True)
class Layout:
    name: str
    fields: tuple[Field, ...]
    photo: tuple[int, int, int, int]  # x0, y0, x1, y1 of the 3x4 photo
    header: int  # height of the red band
    beside: bool  # labels on the value's line (else just above it)
    capitals: bool  # the name printed in capitals
    date_sep: str
    value_font: str
    label_font: str
    label_size: int
    background: tuple[int, int, int]


STANDARD = Layout(
    name="chuan",
    fields=(
        Field("full_name", "Họ và tên:", (310, 200, 1000, 250), 38),
        Field("birth_date", "Sinh ngày:", (310, 285, 720, 330), 34),
        Field("admitted_on", "Vào Đảng ngày:", (310, 365, 720, 410), 34),
        Field("card_number", "Số thẻ:", (310, 445, 720, 490), 36),
        Field("issued_by", "Nơi cấp:", (310, 525, 1000, 570), 30),
    ),
    photo=(40, 185, 280, 505),
    header=150,
    beside=False,
    capitals=True,
    date_sep="/",
    value_font="DejaVuSans-Bold.ttf",
    label_font="DejaVuSans.ttf",
    label_size=22,
    background=(252, 247, 236),
)
# Labels beside the values, photo on the right, name as written, serif values.
BESIDE = Layout(
    name="nhan-ben-canh",
    fields=(
        Field("full_name", "Họ và tên:", (215, 205, 740, 250), 34),
        Field("birth_date", "Ngày sinh:", (215, 285, 600, 325), 32),
        Field("admitted_on", "Ngày vào Đảng:", (275, 360, 660, 400), 32),
        Field("card_number", "Số thẻ:", (160, 435, 560, 475), 34),
        Field("issued_by", "Nơi cấp:", (175, 515, 990, 555), 28),
    ),
    photo=(760, 170, 980, 463),
    header=130,
    beside=True,
    capitals=False,
    date_sep="/",
    value_font="DejaVuSerif-Bold.ttf",
    label_font="DejaVuSans.ttf",
    label_size=24,
    background=(255, 250, 242),
)
# Held out: other wordings, condensed fonts, dashes in dates, a shorter band.
HELD_OUT = Layout(
    name="giu-lai",
    fields=(
        Field("full_name", "Họ tên:", (300, 195, 1000, 240), 36),
        Field("birth_date", "Ngày, tháng, năm sinh:", (300, 290, 700, 330), 30),
        Field("admitted_on", "Ngày kết nạp:", (300, 375, 700, 415), 30),
        Field("card_number", "Số thẻ đảng viên:", (300, 460, 700, 500), 32),
        Field("issued_by", "Cấp tại:", (300, 540, 1000, 580), 28),
    ),
    photo=(45, 175, 265, 468),
    header=120,
    beside=False,
    capitals=True,
    date_sep="-",
    value_font="DejaVuSansCondensed-Bold.ttf",
    label_font="DejaVuSerifCondensed-Italic.ttf",
    label_size=23,
    background=(246, 244, 250),
)
LAYOUTS = (STANDARD, BESIDE, HELD_OUT)
TUNED = (STANDARD, BESIDE)


@dataclass
class CardData:
    full_name: str
    birth_date: dt.date
    admitted_on: dt.date
    card_number: str
    issued_by: str

    def values(self, layout: Layout = STANDARD) -> dict[str, str]:
        """The fields as this layout prints them (the reader gives dates as dd/mm/yyyy)."""
        return {
            "full_name": self.full_name.upper() if layout.capitals else self.full_name,
            "birth_date": f"{self.birth_date:%d/%m/%Y}",
            "admitted_on": f"{self.admitted_on:%d/%m/%Y}",
            "card_number": self.card_number,
            "issued_by": self.issued_by,
        }


def font(size: int, bold: bool = False, name: str = "") -> ImageFont.FreeTypeFont:
    name = name or ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(str(FONT_DIR / name), size)


def render(
    data: CardData, photo: Image.Image | None = None, layout: Layout = STANDARD
) -> Image.Image:
    """The card itself, flat, at the canonical size."""
    card = Image.new("RGB", (WIDTH, HEIGHT), layout.background)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, WIDTH, layout.header), fill=RED)
    scale = layout.header / 150
    for text, y, size, colour in (
        ("ĐẢNG CỘNG SẢN VIỆT NAM", 22, 40, (255, 255, 255)),
        ("THẺ ĐẢNG VIÊN", 82, 44, YELLOW),
    ):
        f = font(round(size * scale), bold=True)
        w = draw.textlength(text, font=f)
        draw.text(((WIDTH - w) / 2, round(y * scale)), text, font=f, fill=colour)
    box = layout.photo
    draw.rectangle(box, outline=(120, 120, 120), width=2, fill=(225, 225, 225))
    if photo is not None:
        inner = (box[0] + 3, box[1] + 3, box[2] - 3, box[3] - 3)
        card.paste(_cover(photo, inner[2] - inner[0], inner[3] - inner[1]), inner[:2])
    values = data.values(layout)
    for name in ("birth_date", "admitted_on"):
        values[name] = values[name].replace("/", layout.date_sep)
    label_font = font(layout.label_size, name=layout.label_font)
    for field in layout.fields:
        x0, y0, _x1, _y1 = field.box
        value_font = font(field.size, name=layout.value_font)
        if layout.beside:  # the label ends just before the value, on its baseline
            width = draw.textlength(field.label, font=label_font)
            draw.text(
                (x0 - 12 - width, y0 + field.size - layout.label_size - 2),
                field.label,
                font=label_font,
                fill=(90, 90, 90),
            )
        else:
            draw.text((x0, y0 - 30), field.label, font=label_font, fill=(90, 90, 90))
        colour = RED if field.name == "card_number" else (20, 20, 20)
        draw.text((x0, y0), values[field.name], font=value_font, fill=colour)
    draw.rectangle((0, 0, WIDTH - 1, HEIGHT - 1), outline=(180, 170, 150), width=2)
    return card


def _cover(image: Image.Image, width: int, height: int) -> Image.Image:
    """Scale and centre-crop to fill width x height (as a printed 3x4 photo)."""
    image = image.convert("RGB")
    scale = max(width / image.width, height / image.height)
    resized = image.resize((round(image.width * scale), round(image.height * scale)))
    left, top = (resized.width - width) // 2, (resized.height - height) // 2
    return resized.crop((left, top, left + width, top + height))


def photograph(card: Image.Image, rng: random.Random, hard: bool, fill: bool = False) -> bytes:
    """A phone photo of the card: on a table, turned up to 5°, tilted, unevenly lit, noisy,
    blurred and JPEG-compressed — milder or harder. ``fill``: taken close, the card fills the
    frame (its edges may be cut off by up to 2%)."""
    import io

    import numpy as np

    scene_w, scene_h = 1280, 960
    base = rng.randint(60, 150)
    table = np.full((scene_h, scene_w, 3), base, dtype=np.float32)
    table += np.array([rng.randint(0, 40), rng.randint(0, 25), 0], dtype=np.float32)
    table += np.random.default_rng(rng.randint(0, 2**31)).normal(0, 8, table.shape)
    scene = Image.fromarray(np.clip(table, 0, 255).astype("uint8"))

    angle = rng.uniform(-5, 5) if hard else rng.uniform(-2, 2)
    scale = rng.uniform(1.24, 1.30) if fill else rng.uniform(0.80, 1.05)
    shown = card.resize((round(WIDTH * scale), round(HEIGHT * scale)), Image.Resampling.LANCZOS)
    mask = Image.new("L", shown.size, 255)
    # Held not quite flat: each corner pulled by up to 3% (hard) or 1% (mild) of the card's size.
    shown, mask = _tilt(shown, mask, rng, 0.03 if hard else 0.01)
    shown = shown.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    mask = mask.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    if fill:  # centred, the card's edges at (or just past) the frame's
        x, y = (scene_w - shown.width) // 2, (scene_h - shown.height) // 2
    else:
        x = rng.randint(20, max(21, scene_w - shown.width - 20))
        y = rng.randint(20, max(21, scene_h - shown.height - 20))
    scene.paste(shown, (x, y), mask)

    pixels = np.asarray(scene, dtype=np.float32)
    # Uneven light: a gradient across the photo.
    strength = rng.uniform(0.15, 0.35) if hard else rng.uniform(0.0, 0.15)
    ramp = np.linspace(1 - strength, 1 + strength / 2, scene_w, dtype=np.float32)
    pixels *= ramp[None, :, None]
    noise = rng.uniform(8, 16) if hard else rng.uniform(2, 6)
    pixels += np.random.default_rng(rng.randint(0, 2**31)).normal(0, noise, pixels.shape)
    scene = Image.fromarray(np.clip(pixels, 0, 255).astype("uint8"))
    blur = rng.uniform(0.8, 1.4) if hard else rng.uniform(0.0, 0.6)
    if blur > 0.05:
        scene = scene.filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    quality = rng.randint(40, 60) if hard else rng.randint(70, 90)
    scene.save(out, "JPEG", quality=quality)
    return out.getvalue()


def _tilt(
    image: Image.Image, mask: Image.Image, rng: random.Random, amount: float
) -> tuple[Image.Image, Image.Image]:
    """A perspective change: the corners of the card move inward by random amounts."""
    import numpy as np

    w, h = image.size
    target = [(0, 0), (w, 0), (w, h), (0, h)]
    inward = [(1, 1), (-1, 1), (-1, -1), (1, -1)]
    source = [
        (x + dx * rng.uniform(0, amount) * w, y + dy * rng.uniform(0, amount) * h)
        for (x, y), (dx, dy) in zip(target, inward, strict=True)
    ]
    # PIL maps output (x, y) to input ((a x + b y + c) / (g x + h y + 1), …): solve for a..h.
    rows, rhs = [], []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    coeffs = tuple(float(c) for c in np.linalg.solve(np.array(rows), np.array(rhs)))
    transform = Image.Transform.PERSPECTIVE
    return (
        image.transform((w, h), transform, coeffs, Image.Resampling.BICUBIC),
        mask.transform((w, h), transform, coeffs, Image.Resampling.BICUBIC),
    )


def random_card(rng: random.Random, issued_by: str = "Đảng bộ tỉnh Thái Bình") -> CardData:
    from sotay.core.demo import names

    female = rng.random() < 0.45
    surnames = [s for s, w in names.SURNAMES for _ in range(w)]
    middle = rng.choice(names.MIDDLE_FEMALE if female else names.MIDDLE_MALE)
    given = rng.choice(names.GIVEN_FEMALE if female else names.GIVEN_MALE)
    birth = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 58))
    admitted = birth + dt.timedelta(days=rng.randint(365 * 19, 365 * 40))
    admitted = min(admitted, dt.date(2025, 12, 31))
    return CardData(
        full_name=f"{rng.choice(surnames)} {middle} {given}",
        birth_date=birth,
        admitted_on=admitted,
        card_number=f"{rng.randint(10_000_000, 99_999_999)}",
        issued_by=issued_by,
    )
