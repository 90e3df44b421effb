"""Party-card reading and face checks, measured on synthetic card photos; appends a section to
docs/benchmarks.md.

    .venv/bin/python bench/ekyc.py [CARDS]     # default 120: half mild, half hard

Cards: Pillow with Debian's DejaVu fonts (Vietnamese glyphs), the card layout of sotay.ekyc.card,
random Vietnamese names, dates and numbers; photographed on a table — turned up to 2° (mild) or
5° (hard), perspective (corners moved ≤1% / ≤3%), uneven light, noise, blur up to 0.6 / 1.4 px,
JPEG quality 70–90 / 40–60.
Baseline in the same run: Tesseract on the whole photo (no straightening, no per-field strips),
fields taken by their labels. Reading does not touch the database, so no dataset is loaded.
Face: detect + describe a selfie, and the card photo's face (from face_recognition's test photos
when `make test` fetched them)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")

import django  # noqa: E402

django.setup()

from sotay.ekyc import card, faces, ocr  # noqa: E402
from sotay.ekyc.services import same_name  # noqa: E402

FIELDS = [f.name for f in card.FIELDS]
LABELS = {
    "full_name": r"H[oọ] v[aà] t[eê]n",
    "birth_date": r"Sinh ng[aà]y",
    "admitted_on": r"V[aà]o [ĐD][aả]ng ng[aà]y",
    "card_number": r"S[oố] th[eẻ]",
    "issued_by": r"N[oơ]i c[aấ]p",
}


def baseline(photo: bytes) -> dict[str, str]:
    """Whole-photo OCR, value = the line after each label (what a naive reader would do)."""
    text = ocr.tesseract(ocr.load_image(photo), "vie+Vietnamese", psm=3)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = dict.fromkeys(FIELDS, "")
    for name, label in LABELS.items():
        for i, line in enumerate(lines):
            if re.search(label, line, re.IGNORECASE) and i + 1 < len(lines):
                out[name] = lines[i + 1]
                break
    out["full_name"] = out["full_name"].upper()
    out["card_number"] = re.sub(r"\D", "", out["card_number"])
    return out


def face_figures(photos: Path, rng: random.Random) -> tuple[list[float], list[float], list[float]]:
    """Timing, and distances of same-person and different-person pairs: photo to photo and
    selfie to the face on a photographed card (mild and hard)."""
    from PIL import Image, ImageEnhance

    def load(name: str) -> Image.Image:
        return Image.open(photos / f"{name}.jpg").convert("RGB")

    times = []
    for _ in range(5):
        start = time.perf_counter()
        faces.one_face(load("obama"))
        times.append(time.perf_counter() - start)
    obama = ["obama", "obama2", "obama3", "obama_partial_face", "obama_partial_face2"]
    described = {n: faces.one_face(load(n)) for n in [*obama, "biden"]}
    base = load("obama")
    for variant in (
        base.rotate(5, expand=True),
        ImageEnhance.Brightness(base).enhance(0.5),
        base.resize((base.width // 4, base.height // 4)),
    ):
        described[f"v{len(described)}"] = faces.one_face(variant)
    names = [n for n in described if n != "biden"]
    same = [faces.distance(described[a], described[b]) for a in names for b in names if a < b]
    different = [faces.distance(described["biden"], described[n]) for n in names]
    for hard in (False, True):
        for portrait in ("obama", "biden"):
            printed = card.render(card.random_card(rng), faces.portrait(load(portrait)))
            straight = ocr.straighten(ocr.load_image(card.photograph(printed, rng, hard)))
            found = faces.card_face(ocr.card_photo(straight))
            if found is None:
                continue
            d = faces.distance(found, described["obama2"])
            (same if portrait == "obama" else different).append(d)
    return times, same, different


def pct(hits: list[bool]) -> str:
    return f"{100 * sum(hits) / max(1, len(hits)):.0f}%"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    rng = random.Random(2026)
    results: dict[str, dict[str, list[bool]]] = {}
    times: dict[str, list[float]] = {"mild": [], "hard": []}
    base_hits: dict[str, dict[str, list[bool]]] = {}
    folded: dict[str, list[bool]] = {"mild": [], "hard": []}
    failures = {"mild": 0, "hard": 0}
    for i in range(count):
        level = "hard" if i % 2 else "mild"
        data = card.random_card(rng)
        photo = card.photograph(card.render(data), rng, level == "hard")
        want = data.values()
        start = time.perf_counter()
        try:
            got = ocr.read_card(photo).values
        except Exception:  # noqa: BLE001 - counted as every field wrong
            got = dict.fromkeys(FIELDS, "")
            failures[level] += 1
        times[level].append(time.perf_counter() - start)
        for name in FIELDS:
            results.setdefault(level, {}).setdefault(name, []).append(got[name] == want[name])
        folded[level].append(same_name(got["full_name"], want["full_name"]))
        if i < 40:  # the baseline is slow and poor; 40 cards tell enough
            naive = baseline(photo)
            for name in FIELDS:
                base_hits.setdefault(level, {}).setdefault(name, []).append(
                    naive[name] == want[name]
                )

    face_times: list[float] = []
    same: list[float] = []
    different: list[float] = []
    photos = ROOT / "var" / "test-assets" / "faces"
    if (photos / "obama.jpg").exists():
        face_times, same, different = face_figures(photos, rng)

    def p(samples: list[float], q: float) -> float:
        samples = sorted(samples)
        return samples[min(len(samples) - 1, int(len(samples) * q))]

    when = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    lines = [
        f"\n## eKYC: party-card reading — {when} ({os.cpu_count()} cores, "
        f"{platform.processor() or platform.machine()})\n",
        f"{count} synthetic card photos (half mild: ≤2°, corners tilted ≤1%, light blur, JPEG "
        "70–90; half hard: ≤5°, tilted ≤3%, "
        "blur 0.8–1.4 px, strong noise and uneven light, JPEG 40–60). Baseline: Tesseract on the "
        "whole photo, value after each label (first 40 cards). Goal ≥95% per field (mild), ≥85% "
        "(hard), <1 s per card.\n",
        "| field | mild | hard | baseline mild | baseline hard |",
        "|---|---|---|---|---|",
    ]
    for name in FIELDS:
        lines.append(
            f"| {name} | {pct(results['mild'][name])} | {pct(results['hard'][name])} | "
            f"{pct(base_hits['mild'][name])} | {pct(base_hits['hard'][name])} |"
        )
    lines += [
        f"| full_name, ignoring marks/case/spaces (what matching uses) | {pct(folded['mild'])} "
        f"| {pct(folded['hard'])} | | |",
        f"| card not found | {failures['mild']} | {failures['hard']} | | |",
        f"| seconds per card p50 / p95 | {statistics.median(times['mild']):.2f} / "
        f"{p(times['mild'], 0.95):.2f} | {statistics.median(times['hard']):.2f} / "
        f"{p(times['hard'], 0.95):.2f} | | |",
    ]
    if face_times:
        median = statistics.median(face_times)
        lines.append(f"| selfie face detect + describe, s (median of 5) | {median:.2f} | | | |")
        lines += [
            "",
            f"Face distances (dlib ResNet; face_recognition's test photos, {len(same)} same-person "
            f"and {len(different)} different-person pairs incl. selfie ↔ photographed card): "
            f"same person {min(same):.2f}–{max(same):.2f}, different people "
            f"{min(different):.2f}–{max(different):.2f}. Thresholds: match < "
            f"{faces.MATCH_BELOW}, different > {faces.REJECT_ABOVE}, a person decides between; "
            f"pairs on the wrong side: {sum(d >= faces.MATCH_BELOW for d in same)} same, "
            f"{sum(d <= faces.REJECT_ABOVE for d in different)} different.",
        ]
    text = "\n".join(lines) + "\n"
    with (ROOT / "docs" / "benchmarks.md").open("a") as fh:
        fh.write(text)
    print(text)


if __name__ == "__main__":
    main()
