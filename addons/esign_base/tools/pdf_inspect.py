"""Check an uploaded PDF before anything is stored, and read its pages.

Refused: empty, not a PDF, truncated or corrupt, password-protected, too
large (checked before parsing), too many pages, and active content
(JavaScript, launch actions, embedded files). pyHanko's decode limits bound
what any one stream may expand to, so a decompression bomb fails cleanly.
"""

import dataclasses
import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from . import page_tree
from .errors import PdfRejected, _lt

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 2000
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/SubmitForm"}


@dataclasses.dataclass(frozen=True)
class PageGeometry:
    """A page as the reader sees it: ``width`` and ``height`` after rotation;
    ``box`` is the visible box in user space."""

    width: float
    height: float
    rotation: int
    box: tuple


@dataclasses.dataclass(frozen=True)
class PdfInfo:
    page_count: int
    pages: tuple
    has_form_fields: bool


def inspect_pdf(data, max_bytes=MAX_BYTES, max_pages=MAX_PAGES):
    _check_envelope(data, max_bytes)
    reader = _open(data)
    try:
        return _read(reader, max_pages)
    except PdfRejected:
        raise
    except Exception:  # noqa: BLE001 - whatever breaks while reading means a broken file
        raise _corrupt() from None


def check_readable(data, max_bytes=MAX_BYTES):
    """Refuse what is no PDF to keep: empty, too large (before parsing), not
    a PDF, or too damaged to open. Unlike :func:`inspect_pdf`, a password,
    attached files (an e-invoice's XML) or scripts are accepted: this is for
    keeping a document as it is (the archive), not for signing it."""
    _check_envelope(data, max_bytes)
    try:
        PdfFileReader(io.BytesIO(data), strict=False)
    except Exception:  # noqa: BLE001 - parser errors of every kind mean a broken file
        raise _corrupt() from None


def _check_envelope(data, max_bytes):
    if not data:
        raise PdfRejected("pdf_empty", _lt("The file is empty."))
    if len(data) > max_bytes:
        raise PdfRejected("pdf_too_large", _lt("The file is larger than %(size)s MB."),
                          size=max_bytes // (1024 * 1024))
    if b"%PDF-" not in data[:1024]:
        raise PdfRejected("pdf_not_pdf", _lt("This file is not a PDF."))


def _open(data):
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except Exception:  # noqa: BLE001 - parser errors of every kind mean a broken file
        raise _corrupt() from None
    if reader.encrypted:
        raise PdfRejected("pdf_encrypted", _lt(
            "This PDF is protected by a password. Upload a copy without a password."))
    return reader


def _read(reader, max_pages):
    root = reader.root
    page_count = int(root["/Pages"].get("/Count", 0))
    if page_count < 1:
        raise _corrupt()
    if page_count > max_pages:
        raise PdfRejected("pdf_too_many_pages", _lt(
            "The PDF has %(count)s pages; at most %(max)s are accepted."),
            count=page_count, max=max_pages)
    _refuse_active_content(root)
    pages = []
    for _ref, page, inherited in page_tree.iter_pages(root):
        _refuse_actions(page.get("/AA"))
        for annotation in page_tree.resolve(page.get("/Annots")) or ():
            annotation = page_tree.resolve(annotation)
            if isinstance(annotation, generic.DictionaryObject):
                _refuse_actions(annotation.get("/A"))
                _refuse_actions(annotation.get("/AA"))
                if annotation.get("/Subtype") == "/FileAttachment":
                    raise _active()
        pages.append(page_geometry(page, inherited))
        if len(pages) > max_pages:
            break
    if len(pages) != page_count:
        raise _corrupt()
    acroform = page_tree.resolve(root.get("/AcroForm"))
    has_fields = bool(isinstance(acroform, generic.DictionaryObject) and acroform.get("/Fields"))
    return PdfInfo(page_count=page_count, pages=tuple(pages), has_form_fields=has_fields)


def page_geometry(page, inherited):
    """A page's :class:`PageGeometry` from its dictionary and inherited keys."""

    def attribute(name):
        return page_tree.resolve(page.get(name) if name in page else inherited.get(name))

    media = attribute("/MediaBox")
    crop = attribute("/CropBox") or media
    if media is None:
        raise _corrupt()
    box = tuple(float(value) for value in page_tree.resolve(crop))
    x0, y0, x1, y1 = min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(
        box[1], box[3])
    rotation = int(attribute("/Rotate") or 0) % 360
    width, height = x1 - x0, y1 - y0
    if rotation in (90, 270):
        width, height = height, width
    return PageGeometry(width=round(width, 3), height=round(height, 3), rotation=rotation,
                        box=(x0, y0, x1, y1))


def _refuse_active_content(root):
    names = page_tree.resolve(root.get("/Names"))
    if isinstance(names, generic.DictionaryObject) and (
        "/JavaScript" in names or "/EmbeddedFiles" in names
    ):
        raise _active()
    _refuse_actions(root.get("/OpenAction"))
    _refuse_actions(root.get("/AA"))


def _refuse_actions(action, depth=0):
    action = page_tree.resolve(action)
    if depth > 16 or action is None:
        return
    if isinstance(action, generic.ArrayObject):
        return  # an explicit destination, not an action
    if not isinstance(action, generic.DictionaryObject):
        return
    if action.get("/S") in ACTIVE_ACTIONS or "/JS" in action:
        raise _active()
    if "/S" not in action:  # an additional-actions dictionary: check each trigger
        for key in list(action.keys()):
            _refuse_actions(action.get(key), depth + 1)
        return
    following = page_tree.resolve(action.get("/Next"))
    for nxt in following if isinstance(following, generic.ArrayObject) else [following]:
        _refuse_actions(nxt, depth + 1)



def _active():
    return PdfRejected("pdf_active_content", _lt(
        "This PDF contains scripts, actions or attached files, which are not accepted "
        "in a document to sign. Print it to a plain PDF and upload that."))


def _corrupt():
    return PdfRejected("pdf_corrupt", _lt(
        "This PDF is damaged or incomplete and cannot be read. Upload another copy."))


__all__ = ["PageGeometry", "PdfInfo", "check_readable", "inspect_pdf", "page_geometry"]
