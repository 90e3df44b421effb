"""Check uploads by their content (never by their name alone) and extract their text."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from sotay.core.errors import DomainError

PDF, DOCX = (
    "application/pdf",
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
)
MAX_PDF_PAGES = 1000
MAX_DOCX_XML = 50 * 1024 * 1024  # uncompressed word/document.xml: refuses zip bombs
IMAGE_SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


@dataclass
class Extracted:
    content_type: str
    text: str
    pages: int


def max_upload_bytes() -> int:
    return int(getattr(settings, "CONTENT_MAX_UPLOAD_MB", 25)) * 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f}"


def check_size(size: int, limit: int | None = None) -> None:
    limit = limit or max_upload_bytes()
    if size > limit:
        raise DomainError(
            f"Tệp quá lớn ({_mb(size)} MB). Chỉ nhận tệp tối đa {_mb(limit)} MB.", field="file"
        )


def _pdf_text(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF-"):
        raise DomainError(
            "Tệp không phải PDF hợp lệ (nội dung không đúng định dạng PDF).", field="file"
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DomainError(
                "Tệp PDF đang được đặt mật khẩu; hãy gửi bản không khóa.", field="file"
            )
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise DomainError(f"Tệp PDF quá dài (tối đa {MAX_PDF_PAGES} trang).", field="file")
        text = "\n".join((page.extract_text() or "") for page in pages)
        return Extracted(PDF, text.strip(), len(pages))
    except DomainError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DomainError("Tệp PDF bị hỏng, không đọc được.", field="file") from exc


def _docx_text(data: bytes) -> Extracted:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise DomainError("Tệp DOCX quá lớn khi giải nén.", field="file")
        document = docx.Document(io.BytesIO(data))
    except DomainError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DomainError(
            "Tệp không phải DOCX hợp lệ (không mở được bằng Word).", field="file"
        ) from exc
    except Exception as exc:  # python-docx raises its own errors for broken packages
        raise DomainError(
            "Tệp không phải DOCX hợp lệ (không mở được bằng Word).", field="file"
        ) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return Extracted(DOCX, "\n".join(line for line in lines if line.strip()), 0)


def inspect_document(upload: Any) -> Extracted:
    """A PDF or DOCX upload's type and text; DomainError with a Vietnamese message otherwise."""
    check_size(upload.size)
    name = (upload.name or "").lower()
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if name.endswith(".pdf") or data.startswith(b"%PDF-"):
        return _pdf_text(data)
    if name.endswith(".docx") or data.startswith(b"PK"):
        return _docx_text(data)
    raise DomainError("Chỉ nhận tệp PDF hoặc DOCX.", field="file")


def inspect_image(upload: Any) -> str:
    """The content type of a JPEG or PNG image of at most 5 MB."""
    check_size(upload.size, 5 * 1024 * 1024)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((t for sig, t in IMAGE_SIGNATURES.items() if head.startswith(sig)), None)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = "image/webp"
    if kind is None:
        raise DomainError("Ảnh phải là tệp JPEG, PNG hoặc WebP.", field="image")
    return kind
