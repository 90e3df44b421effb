"""Speech-to-text on the server, for phones whose browser cannot recognise speech itself.

Off by default. The operator turns it on by pointing ``SOTAY_STT_MODEL_DIR`` at a
CTranslate2 Whisper model directory (``model.bin``, ``config.json``, ``tokenizer.json``,
``vocabulary.txt`` — e.g. a copy of Systran/faster-whisper-small) and installing
``requirements/stt.txt`` (faster-whisper). Nothing is downloaded at run time: a directory
that is missing or incomplete leaves the feature off.

The recorded audio is decoded in memory (faster-whisper reads WebM/Opus, Ogg, WAV, MP4 through
PyAV) and never stored."""

from __future__ import annotations

import io
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from sotay.core.errors import DomainError

MODEL_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")
MAX_BYTES = 2 * 1024 * 1024  # ≈ 1 minute of Opus from MediaRecorder; a question is seconds
MAX_SECONDS = 60


class Recognizer(Protocol):
    name: str

    def transcribe(self, audio: bytes, language: str = "vi") -> str: ...


class WhisperRecognizer:
    """faster-whisper on the CPU, int8, greedy decoding: a few seconds for a spoken question."""

    name = "faster-whisper"

    def __init__(self, model_dir: Path, threads: int = 0) -> None:
        from faster_whisper import WhisperModel

        self.model_dir = model_dir
        self._model: Any = WhisperModel(
            str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads
        )
        self._lock = threading.Lock()  # one decoding at a time per process: CPU bound

    def transcribe(self, audio: bytes, language: str = "vi") -> str:
        from faster_whisper.audio import decode_audio

        try:
            samples = decode_audio(io.BytesIO(audio), sampling_rate=16000)
        except Exception as exc:  # PyAV raises many kinds for what is not audio
            raise DomainError("Tệp gửi lên không phải là âm thanh đọc được.") from exc
        if len(samples) == 0:
            raise DomainError("Không nghe thấy gì trong đoạn ghi âm.")
        if len(samples) > MAX_SECONDS * 16000:
            raise DomainError(f"Đoạn ghi âm dài quá {MAX_SECONDS} giây; hãy nói ngắn gọn hơn.")
        with self._lock:
            # Silero VAD (shipped inside faster-whisper) drops the silence before the member
            # taps "Nói xong": on silence Whisper invents text ("Hãy subscribe cho kênh …").
            # Not conditioning on the previous window stops it repeating a phrase.
            segments, _info = self._model.transcribe(
                samples,
                language=language,
                beam_size=1,
                vad_filter=True,
                condition_on_previous_text=False,
            )
            return " ".join(s.text.strip() for s in segments).strip()


def model_dir() -> Path | None:
    """The operator's model directory when it is complete, else None (feature off)."""
    raw = os.environ.get("SOTAY_STT_MODEL_DIR", "").strip()
    if not raw:
        return None
    path = Path(raw)
    if not all((path / name).is_file() for name in MODEL_FILES):
        return None
    return path


@lru_cache(maxsize=2)
def _load(path: str) -> Recognizer | None:
    try:
        return WhisperRecognizer(Path(path))
    except ImportError:  # faster-whisper not installed: requirements/stt.txt
        return None


def recognizer() -> Recognizer | None:
    path = model_dir()
    return _load(str(path)) if path is not None else None


def enabled() -> bool:
    return model_dir() is not None


def transcribe(audio: bytes) -> str:
    """Text of a short recording, or a Vietnamese DomainError."""
    engine = recognizer()
    if engine is None:
        raise DomainError(
            "Máy chủ chưa bật nhận giọng nói. Hãy gõ câu hỏi, hoặc dùng nút micro của bàn phím."
        )
    if not audio:
        raise DomainError("Chưa có đoạn ghi âm.")
    if len(audio) > MAX_BYTES:
        raise DomainError("Đoạn ghi âm quá lớn (tối đa 2 MB); hãy nói ngắn gọn hơn.")
    text = engine.transcribe(audio)
    if not text:
        raise DomainError("Không nhận ra lời nói; hãy nói lại chậm và rõ hơn.")
    return text
