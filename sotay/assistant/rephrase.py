"""Optional generative step: an OpenAI-compatible chat endpoint chosen by the operator (a local
vLLM, llama.cpp server, …) rewrites the quoted clauses in plain words. Off by default.

It may only rephrase: it gets the question and the quotes, nothing else; its output is dropped
(and the quotes kept) when it is empty, much longer than the quotes, brings a number the quotes
do not contain, or the endpoint is slow or down. The citations never depend on it.

    SOTAY_ASSISTANT_LLM_URL=http://127.0.0.1:8000/v1   # …/chat/completions is appended
    SOTAY_ASSISTANT_LLM_MODEL=qwen2.5-7b-instruct
    SOTAY_ASSISTANT_LLM_KEY=…                          # optional bearer token
    SOTAY_ASSISTANT_LLM_TIMEOUT=8                      # seconds
"""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.error
import urllib.request

log = logging.getLogger(__name__)

SYSTEM = (
    "Bạn giúp đảng viên lớn tuổi hiểu văn bản của Đảng. Hãy diễn đạt lại ĐÚNG nội dung các trích "
    "dẫn được cung cấp bằng lời lẽ giản dị, ngắn gọn, bằng tiếng Việt. Không thêm thông tin, con "
    "số, thời hạn hay ý kiến nào không có trong trích dẫn. Không nêu số hiệu văn bản."
)
_NUMBER = re.compile(r"\d+")


def configured() -> bool:
    return bool(os.environ.get("SOTAY_ASSISTANT_LLM_URL", "").strip())


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def faithful(source: str, rewritten: str) -> bool:
    """The cheap checks a rewrite must pass to be shown instead of the quotes."""
    rewritten = rewritten.strip()
    if not rewritten or len(rewritten) > 2 * len(source) + 200:
        return False
    return _numbers(rewritten) <= _numbers(source)


def rephrase(question: str, quoted: str) -> str | None:
    """The endpoint's plain-words version of ``quoted``, or None (then show the quotes)."""
    base = os.environ.get("SOTAY_ASSISTANT_LLM_URL", "").strip().rstrip("/")
    if not base:
        return None
    body = {
        "model": os.environ.get("SOTAY_ASSISTANT_LLM_MODEL", "default"),
        "temperature": 0,
        "max_tokens": 400,
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Câu hỏi: {question}\n\nTrích dẫn:\n{quoted}"},
        ],
    }
    headers = {"Content-Type": "application/json"}
    if key := os.environ.get("SOTAY_ASSISTANT_LLM_KEY", "").strip():
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(  # noqa: S310 - the operator's own endpoint
        f"{base}/chat/completions", data=json.dumps(body).encode(), headers=headers
    )
    timeout = float(os.environ.get("SOTAY_ASSISTANT_LLM_TIMEOUT", "8"))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = json.load(response)
        text = str(data["choices"][0]["message"]["content"]).strip()
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        log.warning("assistant rephrase endpoint failed: %s", exc)
        return None
    if not faithful(quoted, text):
        log.info("assistant rephrase dropped: not faithful to the quotes")
        return None
    return text
