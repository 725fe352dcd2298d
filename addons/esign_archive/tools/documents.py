"""What the archive reads out of a PDF once, when it is filed.

Poppler's ``pdftotext`` gives the text (for search) and ``pdftoppm`` a small
PNG of the first page (for the kanban). Both run as separate processes with
a time limit and bounded output, started together so that they overlap; a
failure of either gives an empty result, never an error: a document is
filed even when it cannot be read or drawn.
"""

import dataclasses
import io
import logging
import subprocess

_logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000
TIMEOUT_SECONDS = 15
THUMBNAIL_DPI = 30


@dataclasses.dataclass(frozen=True)
class DocumentPreview:
    text: str
    thumbnail: bytes


def _start(command, data):
    try:
        process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
    except OSError:
        _logger.warning("%s is not available", command[0])
        return None
    return process, data


def _finish(started):
    if not started:
        return b""
    process, data = started
    try:
        output, _errors = process.communicate(data, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        _logger.warning("%s took too long; skipped", process.args[0])
        return b""
    return output if process.returncode == 0 else b""


def preview(pdf_bytes, max_chars=MAX_TEXT_CHARS):
    """The text and first-page thumbnail of ``pdf_bytes`` (either may be empty)."""
    text_job = _start(["pdftotext", "-q", "-enc", "UTF-8", "-", "-"], pdf_bytes)
    picture_job = _start(["pdftoppm", "-q", "-r", str(THUMBNAIL_DPI), "-f", "1", "-l", "1",
                          "-png", "-"], pdf_bytes)
    text = _finish(text_job).decode("utf-8", "replace")
    if not text.strip():
        text = _text_in_process(pdf_bytes, max_chars)
    return DocumentPreview(text=_bounded(text, max_chars), thumbnail=_finish(picture_job))


def _text_in_process(pdf_bytes, max_chars):
    """Fallback when poppler is missing: PyPDF2, page by page, bounded."""
    try:
        from PyPDF2 import PdfReader  # noqa: PLC0415 - only when poppler is missing

        parts, size = [], 0
        for page in PdfReader(io.BytesIO(pdf_bytes), strict=False).pages[:200]:
            part = page.extract_text() or ""
            parts.append(part)
            size += len(part)
            if size >= max_chars:
                break
        return "\n".join(parts)
    except Exception:  # noqa: BLE001 - an unreadable PDF is filed without text
        _logger.info("Text extraction failed", exc_info=True)
        return ""


def _bounded(text, max_chars):
    text = text.replace("\x00", " ").replace("\f", "\n")
    return " ".join(text.split())[:max_chars]
