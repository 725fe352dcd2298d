"""Seal a signed document in one incremental update.

The original file is kept byte for byte. One pyHanko incremental update
adds, to every page, a form XObject with the field values and the footer
(wrapped so the page's own graphics state cannot leak into it), appends the
receipt pages, records the fingerprint in the document information, and
carries the PAdES certification signature (DocMDP: no changes allowed).

What is drawn comes from overlay.py (content streams written directly, the
fast path) or, for text the standard fonts cannot show, from receipt.py
(reportlab with an embedded Unicode font); how it is signed is signing.py.
Drawing by adding streams instead of merging pages keeps sealing linear and
cheap per page (figures in docs/PERFORMANCE.md).
"""

import contextlib
import dataclasses
import gc
import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from . import fast_read, overlay, page_tree, pdf_inspect, signing
from .errors import SealError, _lt
from .geometry import reader_to_user_matrix
from .receipt import FieldStamp, ReceiptLabels, ReceiptSigner, draw_overlay
from .signing import LEVEL_WORDS, SEAL_FIELD, SealSigner, protection_info

__all__ = ["LEVEL_WORDS", "SEAL_FIELD", "FieldStamp", "ReceiptLabels", "ReceiptSigner",
           "SealPlan", "SealSigner", "protection_info", "seal_pdf"]

OVERLAY_NAME = "/ESignOverlay"
RECEIPT_NAME = "/ESignReceipt"


@dataclasses.dataclass(frozen=True)
class SealPlan:
    fingerprint: str
    document_name: str
    stamps: tuple = ()
    signers: tuple = ()
    audit_summary: tuple = ()
    verify_url: str = ""
    labels: ReceiptLabels = ReceiptLabels()
    self_signed_notice: str = ""
    reason: str = ""
    location: str = ""
    company_name: str = ""
    # The PAdES level in words, as the receipt states it; empty: the English
    # words of the level the signer and timestamper reach (signing.LEVEL_WORDS).
    level: str = ""
    # The sealing certificate in words, for the receipt (empty: not shown).
    certificate_subject: str = ""
    certificate_issuer: str = ""
    certificate_validity: str = ""


def seal_pdf(original, plan, signer, timestamper=None):
    """The sealed PDF (bytes) for ``original`` and ``plan``."""
    with _no_cycle_collection():
        return _seal(original, plan, signer, timestamper)


@contextlib.contextmanager
def _no_cycle_collection():
    """A seal allocates tens of thousands of small PDF objects; Python's
    cycle collector would scan the whole heap again and again meanwhile
    (a third of a 1,000-page seal). Everything is freed when it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _seal(original, plan, signer, timestamper):
    try:
        if not plan.level:
            plan = dataclasses.replace(
                plan, level=signing.LEVEL_WORDS[signer.level(timestamper)])
        # The original was inspected at upload; here its pages are read once,
        # from the writer that will carry the seal.
        writer = IncrementalPdfFileWriter(io.BytesIO(original), strict=False)
        fast = fast_read.FastReader(writer.prev)
        pages = list(page_tree.iter_pages(writer.root, fast))
        geometries = [pdf_inspect.page_geometry(page, inherited) for _r, page, inherited in pages]
        drawing = overlay.draw(geometries, plan)
        if drawing is not None:
            _place_drawing(writer, pages, geometries, drawing, fast)
        else:
            _place_overlay(writer, pages, geometries, draw_overlay(geometries, plan), fast)
        _record_fingerprint(writer, plan.fingerprint)
        text = signing.SignatureText(reason=plan.reason, location=plan.location,
                                     name=plan.company_name)
        return signing.certify(writer, signer, text, timestamper)
    except SealError:
        raise
    except pdf_inspect.PdfRejected as err:
        raise SealError(err.code, err.message, **err.params) from None
    except Exception as err:  # noqa: BLE001 - reported to the sender, never lost
        raise SealError("seal_failed", _lt("The document could not be sealed: %(error)s"),
                        error=str(err) or err.__class__.__name__) from err


def _place_drawing(writer, pages, geometries, drawing, fast):
    """overlay.Drawing straight into the pages: each page's drawing goes in
    its closing stream, after its own content wrapped in q/Q, with the two
    standard fonts (and the images, where drawn) added to a copy of its
    resources; resource dictionaries shared by pages get one shared copy."""
    fonts = {name: writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Font"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
        generic.pdf_name("/BaseFont"): generic.pdf_name("/" + base),
        generic.pdf_name("/Encoding"): generic.pdf_name("/WinAnsiEncoding"),
    })) for name, base in drawing.fonts.items()}
    images = {name: _image_object(writer, image) for name, image in drawing.images.items()}
    opening = writer.add_object(generic.StreamObject(stream_data=b"q\n"))
    merged = {}
    for (page_ref, page, inherited), geometry, content, with_images in zip(
            pages, geometries, drawing.page_streams, drawing.page_images):
        matrix = " ".join(_number(value) for value in reader_to_user_matrix(geometry))
        closing = writer.add_object(generic.StreamObject(
            stream_data=b"\nQ\nq " + matrix.encode() + b" cm\n" + content + b"Q\n"))
        page[generic.pdf_name("/Contents")] = generic.ArrayObject(
            [opening, *_content_parts(page, fast), closing])
        own = _shallow_copy(_page_resources(page, inherited))
        own[generic.pdf_name("/Font")] = _merged(writer, _raw(own, "/Font"), fonts, merged)
        if with_images:
            own[generic.pdf_name("/XObject")] = _merged(
                writer, _raw(own, "/XObject"), images, merged)
        page[generic.pdf_name("/Resources")] = own
        writer.mark_update(page_ref)
    shared = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Font"): generic.DictionaryObject(fonts),
        generic.pdf_name("/XObject"): generic.DictionaryObject(images)}))
    for content in drawing.receipt_streams:
        stream = generic.StreamObject(stream_data=content)
        stream.compress()
        _append_page(writer, writer.add_object(stream), drawing.receipt_size, shared)


def _merged(writer, raw, additions, cache):
    """A resource sub-dictionary (fonts, XObjects) with ``additions``; one
    shared copy per shared original, a new inline one otherwise."""
    key = (raw.idnum, raw.generation, id(additions)) if isinstance(
        raw, generic.IndirectObject) else None
    if key is not None and key in cache:
        return cache[key]
    copy = _shallow_copy(page_tree.resolve(raw))
    for name, ref in additions.items():
        copy[generic.pdf_name(name)] = ref
    if key is None:
        return copy
    cache[key] = writer.add_object(copy)
    return cache[key]


def _raw(dictionary, key):
    return dictionary.raw_get(key) if key in dictionary else None


def _page_resources(page, inherited):
    return page_tree.resolve(page.raw_get("/Resources") if "/Resources" in page
                             else inherited.get("/Resources"))


def _place_overlay(writer, pages, geometries, overlay, fast):
    """The reportlab overlay (Unicode text) as one form XObject per page."""
    overlay_pdf, receipt_count = overlay
    forms = _import_overlay(writer, overlay_pdf, geometries, receipt_count)
    # Every page shares the same two wrapping streams: each page's overlay
    # form carries its own /Matrix (reader space to that page's space).
    opening = writer.add_object(generic.StreamObject(stream_data=b"q\n"))
    closing = writer.add_object(generic.StreamObject(
        stream_data=f"\nQ\nq {OVERLAY_NAME} Do Q\n".encode()))
    for (page_ref, page, inherited), (form_ref, _media) in zip(pages, forms):
        _stamp_page(writer, page_ref, page, inherited, form_ref, (opening, closing), fast)
    for form_ref, media in forms[len(pages):]:
        content = writer.add_object(generic.StreamObject(
            stream_data=f"q {RECEIPT_NAME} Do Q\n".encode()))
        xobjects = generic.DictionaryObject({generic.pdf_name(RECEIPT_NAME): form_ref})
        resources = generic.DictionaryObject({generic.pdf_name("/XObject"): xobjects})
        _append_page(writer, content, media[2:], resources)


def _image_object(writer, image):
    entries = {
        generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Image"),
        generic.pdf_name("/Width"): generic.NumberObject(image.width),
        generic.pdf_name("/Height"): generic.NumberObject(image.height),
        generic.pdf_name("/ColorSpace"): generic.pdf_name(image.colorspace),
        generic.pdf_name("/BitsPerComponent"): generic.NumberObject(image.bits),
        generic.pdf_name("/Filter"): generic.pdf_name("/FlateDecode"),
        generic.pdf_name("/Interpolate"): generic.BooleanObject(image.interpolate),
    }
    if image.smask is not None:
        entries[generic.pdf_name("/SMask")] = _image_object(writer, image.smask)
    return writer.add_object(generic.StreamObject(entries, encoded_data=image.data))


def _import_overlay(writer, overlay_pdf, pages, receipt_count):
    """Every overlay page as a form XObject.

    The overlay's page tree is imported in a single call, so the font and
    the images it shares exist once in the output; each imported page's
    content stream then becomes a form XObject. (The imported page
    dictionaries stay behind unreferenced: a few hundred bytes a page.)
    """
    overlay = PdfFileReader(io.BytesIO(overlay_pdf), strict=False)
    tree = writer.import_object(overlay.root.raw_get("/Pages")).get_object()
    kids = [kid.get_object() for kid in tree["/Kids"]]
    if len(kids) != len(pages) + receipt_count:
        raise SealError("seal_failed", _lt("The document could not be sealed: %(error)s"),
                        error="overlay page count")
    forms = []
    for page in kids:
        contents = page.raw_get("/Contents")
        if not isinstance(contents, generic.IndirectObject):
            raise SealError("seal_failed", _lt("The document could not be sealed: %(error)s"),
                            error="overlay contents")
        form = contents.get_object()
        form[generic.pdf_name("/Type")] = generic.pdf_name("/XObject")
        form[generic.pdf_name("/Subtype")] = generic.pdf_name("/Form")
        form[generic.pdf_name("/BBox")] = page["/MediaBox"]
        form[generic.pdf_name("/Resources")] = page.raw_get("/Resources")
        if len(forms) < len(pages):
            form[generic.pdf_name("/Matrix")] = _matrix(reader_to_user_matrix(pages[len(forms)]))
        forms.append((contents, [float(v) for v in page["/MediaBox"]]))
    return forms


def _stamp_page(writer, page_ref, page, inherited, form_ref, wrapping, fast):
    """Wrap the page's own content in q/Q, then draw the overlay on top.

    The page gets a resource dictionary of its own (a copy of what it had or
    inherited, plus the overlay), so resources shared with other pages are
    never changed.
    """
    opening, closing = wrapping
    page[generic.pdf_name("/Contents")] = generic.ArrayObject(
        [opening, *_content_parts(page, fast), closing])
    own = _shallow_copy(_page_resources(page, inherited))
    xobjects = _shallow_copy(page_tree.resolve(own.get("/XObject")))
    xobjects[generic.pdf_name(OVERLAY_NAME)] = form_ref
    own[generic.pdf_name("/XObject")] = xobjects
    page[generic.pdf_name("/Resources")] = own
    writer.mark_update(page_ref)


def _content_parts(page, fast):
    """The page's content streams, without reading them when possible."""
    if "/Contents" not in page:
        return []
    contents = page.raw_get("/Contents")
    if fast.is_stream(contents):
        return [contents]
    resolved = page_tree.resolve(contents)
    if isinstance(resolved, generic.ArrayObject):
        return list(resolved)
    return [contents]


def _matrix(values):
    return generic.ArrayObject(generic.FloatObject(_number(value)) for value in values)


def _shallow_copy(dictionary):
    """A new dictionary with the same raw (unresolved) values."""
    copy = generic.DictionaryObject()
    if isinstance(dictionary, generic.DictionaryObject):
        for key in dictionary:
            copy[generic.pdf_name(key)] = dictionary.raw_get(key)
    return copy



def _append_page(writer, content_ref, size, resources):
    page = generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Page"),
        generic.pdf_name("/MediaBox"): generic.ArrayObject(
            generic.FloatObject(v) for v in (0, 0, *size)),
        generic.pdf_name("/Resources"): resources,
        generic.pdf_name("/Contents"): content_ref,
    })
    writer.insert_page(page)


def _record_fingerprint(writer, fingerprint):
    """Keep the fingerprint in the signed revision's document information."""
    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if isinstance(info_ref, generic.IndirectObject):
        info = info_ref.get_object()
        info[generic.pdf_name("/ESignFingerprint")] = generic.TextStringObject(fingerprint)
        writer.mark_update(info_ref)
    else:
        info = generic.DictionaryObject({
            generic.pdf_name("/ESignFingerprint"): generic.TextStringObject(fingerprint)})
        writer.set_info(info)


def _number(value):
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
