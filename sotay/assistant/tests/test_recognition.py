"""Server speech-to-text, for real: a small Whisper model shipped on PyPI, checked against the
upstream digests, hearing a Vietnamese question spoken by espeak-ng through the API."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from sotay.assistant.speech import recognition, whisper_models
from sotay.assistant.text import fold
from sotay.conftest import Personas, signed_in

pytest.importorskip("faster_whisper", reason="requirements/stt.txt (make test installs it)")


@pytest.fixture(scope="session")
def whisper_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("whisper-base")
    known = whisper_models.assemble_from_pypi(directory)
    assert known.name == "base"
    return directory


def spoken(text: str, tmp_path: Path) -> bytes:
    wav = tmp_path / "q.wav"
    espeak = shutil.which("espeak-ng")
    assert espeak, "make test installs espeak-ng"
    subprocess.run([espeak, "-v", "vi", "-s", "140", "-w", str(wav), text], check=True)  # noqa: S603
    return wav.read_bytes()


def test_model_from_pypi_matches_upstream_and_a_changed_byte_does_not(
    whisper_dir: Path, tmp_path: Path
) -> None:
    assert whisper_models.identify(whisper_dir) is not None
    copy = tmp_path / "copy"
    shutil.copytree(whisper_dir, copy)
    with (copy / "config.json").open("ab") as fh:
        fh.write(b" ")
    assert whisper_models.identify(copy) is None


def test_off_by_default(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOTAY_STT_MODEL_DIR", raising=False)
    client = signed_in(personas.member)
    r = client.post("/api/v1/speech/transcribe", {"audio": _file(b"RIFF....")})
    assert r.status_code == 400
    assert "chưa bật" in r.json()["detail"]
    assert "data-server-speech" not in client.get("/tro-ly/").content.decode()


def _file(data: bytes, name: str = "q.wav") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="audio/wav")


def test_transcribes_vietnamese_through_the_api(
    personas: Personas, whisper_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOTAY_STT_MODEL_DIR", str(whisper_dir))
    client = signed_in(personas.member)
    assert (
        'data-server-speech="/api/v1/speech/transcribe"' in client.get("/tro-ly/").content.decode()
    )

    audio = spoken("Đảng viên dự bị bao lâu thì được chính thức", tmp_path)
    r = client.post("/api/v1/speech/transcribe", {"audio": _file(audio)})
    assert r.status_code == 200, r.content
    heard = fold(r.json()["text"])
    # espeak-ng's voice is robotic and Whisper base is small: the question's key words are heard.
    assert "bao lau" in heard, heard

    # Not audio, too big, nothing — Vietnamese messages.
    r = client.post("/api/v1/speech/transcribe", {"audio": _file(b"<html>not audio</html>")})
    assert r.status_code == 400 and "không phải là âm thanh" in r.json()["detail"]
    big = _file(b"\0" * (recognition.MAX_BYTES + 1))
    r = client.post("/api/v1/speech/transcribe", {"audio": big})
    assert r.status_code == 400 and "quá lớn" in r.json()["detail"]
    assert client.post("/api/v1/speech/transcribe", {}).status_code in (400, 422)


def test_outsiders_of_the_system_cannot_use_it(
    whisper_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOTAY_STT_MODEL_DIR", str(whisper_dir))
    r = Client().post("/api/v1/speech/transcribe", {"audio": _file(b"x")})
    assert r.status_code == 401
