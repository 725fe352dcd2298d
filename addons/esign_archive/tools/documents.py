"""What the archive reads out of a PDF once, in the background after filing.

Poppler's ``pdftotext`` gives the text (for search) and ``pdftoppm`` a small
PNG of the first page (for the kanban). Both run as separate processes with
a time limit and bounded output, started together so that they overlap, and
for a few documents at a time; a failure of either gives an empty result,
never an error: a document is kept even when it cannot be read or drawn.
"""

import dataclasses
import io
import logging
import os
import subprocess
import tempfile

_logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000
TIMEOUT_SECONDS = 15
THUMBNAIL_DPI = 30
PARALLEL_DOCUMENTS = 2


@dataclasses.dataclass(frozen=True)
class DocumentPreview:
    text: str
    thumbnail: bytes


def _start(command):
    try:
        return subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
    except OSError:
        _logger.warning("%s is not available", command[0])
        return None


def _finish(process):
    if not process:
        return b""
    try:
        output, _errors = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        _logger.warning("%s took too long; skipped", process.args[0])
        return b""
    return output if process.returncode == 0 else b""


def preview(pdf_bytes, max_chars=MAX_TEXT_CHARS):
    """The text and first-page thumbnail of ``pdf_bytes`` (either may be empty)."""
    return preview_many([pdf_bytes], max_chars)[0]


def preview_many(pdfs, max_chars=MAX_TEXT_CHARS, parallel=PARALLEL_DOCUMENTS):
    """:func:`preview` of each PDF in ``pdfs``, in order.

    Each PDF goes to a private temporary file that both processes read, so
    they run side by side, for ``parallel`` documents at a time.
    """
    parallel = max(1, parallel)
    results = []
    with tempfile.TemporaryDirectory(prefix="esign_archive_") as folder:
        for start in range(0, len(pdfs), parallel):
            chunk = pdfs[start:start + parallel]
            jobs = [_start_preview(pdf, os.path.join(folder, f"{start + index}.pdf"))
                    for index, pdf in enumerate(chunk)]
            results.extend(_finish_preview(pdf, job, max_chars)
                           for pdf, job in zip(chunk, jobs, strict=True))
    return results


def _start_preview(pdf_bytes, path):
    if not pdf_bytes:
        return None, None
    with open(path, "wb") as handle:
        handle.write(pdf_bytes)
    return (_start(["pdftotext", "-q", "-enc", "UTF-8", path, "-"]),
            _start(["pdftoppm", "-q", "-r", str(THUMBNAIL_DPI), "-f", "1", "-l", "1",
                    "-png", path]))


def _finish_preview(pdf_bytes, jobs, max_chars):
    text_job, picture_job = jobs
    text = _finish(text_job).decode("utf-8", "replace")
    thumbnail = _finish(picture_job)
    if not text.strip() and pdf_bytes:
        text = _text_in_process(pdf_bytes, max_chars)
    return DocumentPreview(text=_bounded(text, max_chars), thumbnail=thumbnail)


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
