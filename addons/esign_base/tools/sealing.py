"""Seal a signed document in one incremental update.

The original file is kept byte for byte. One pyHanko incremental update
adds, to every page, a form XObject with the field values and the footer
(wrapped so the page's own graphics state cannot leak into it), appends the
receipt pages, records the fingerprint in the document information, and
carries the PAdES certification signature (DocMDP: no changes allowed).
Drawing by adding streams instead of merging pages keeps a 200-page seal
well under a second (see shared/PERFORMANCE.md).
"""

import dataclasses
import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers

from . import certificates, page_tree, pdf_inspect
from .errors import SealError, _lt
from .geometry import reader_to_user_matrix
from .receipt import FieldStamp, ReceiptLabels, ReceiptSigner, draw_overlay

__all__ = ["FieldStamp", "ReceiptLabels", "ReceiptSigner", "SealPlan", "SealSigner", "seal_pdf"]

SEAL_FIELD = "ESignSeal"
OVERLAY_NAME = "/ESignOverlay"
RECEIPT_NAME = "/ESignReceipt"
# Room for the CMS signature: an RSA-4096 chain fits in 16 KiB; a timestamp
# token adds a few KiB. Reserving it skips pyHanko's sizing dry run.
RESERVED = 16384
RESERVED_WITH_TIMESTAMP = 32768


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


class SealSigner:
    """A loaded signing key; parse a PKCS#12 once and seal many times."""

    def __init__(self, signer, certificate_sha256):
        self.signer = signer
        self.certificate_sha256 = certificate_sha256

    @classmethod
    def from_pkcs12(cls, data, password):
        info = certificates.read_pkcs12(data, password)
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=None,
                                                       passphrase=(password or "").encode())
        if signer is None:
            raise SealError("seal_certificate", _lt("The sealing certificate cannot be used."))
        return cls(signer, info.sha256)


def seal_pdf(original, plan, signer, timestamper=None):
    """The sealed PDF (bytes) for ``original`` and ``plan``."""
    try:
        # The original was inspected at upload; here its pages are read once,
        # from the writer that will carry the seal.
        writer = IncrementalPdfFileWriter(io.BytesIO(original), strict=False)
        pages = list(page_tree.iter_pages(writer.root))
        geometries = [pdf_inspect.page_geometry(page, inherited) for _r, page, inherited in pages]
        overlay_pdf, receipt_count = draw_overlay(geometries, plan)
        forms = _import_overlay(writer, overlay_pdf, geometries, receipt_count)
        opening = writer.add_object(generic.StreamObject(stream_data=b"q\n"))
        for (page_ref, page, inherited), geometry, (form_ref, _media) in zip(
                pages, geometries, forms):
            _stamp_page(writer, page_ref, page, inherited, geometry, form_ref, opening)
        for form in forms[len(pages):]:
            _append_receipt_page(writer, form)
        _record_fingerprint(writer, plan.fingerprint)
        return _certify(writer, plan, signer, timestamper)
    except SealError:
        raise
    except pdf_inspect.PdfRejected as err:
        raise SealError(err.code, err.message, **err.params) from None
    except Exception as err:  # noqa: BLE001 - reported to the sender, never lost
        raise SealError("seal_failed", _lt("The document could not be sealed: %(error)s"),
                        error=str(err) or err.__class__.__name__) from err


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
        forms.append((contents, [float(v) for v in page["/MediaBox"]]))
    return forms


def _stamp_page(writer, page_ref, page, inherited, geometry, form_ref, opening):
    """Wrap the page's own content in q/Q, then draw the overlay on top.

    The page gets its own resource dictionary (a copy of what it had or
    inherited, plus the overlay), so shared resources are never changed.
    """
    matrix = " ".join(_number(value) for value in reader_to_user_matrix(geometry))
    closing = writer.add_object(generic.StreamObject(
        stream_data=f"\nQ\nq {matrix} cm {OVERLAY_NAME} Do Q\n".encode()))
    page[generic.pdf_name("/Contents")] = generic.ArrayObject(
        [opening, *_content_parts(page), closing])
    resources = page_tree.resolve(page.raw_get("/Resources") if "/Resources" in page
                          else inherited.get("/Resources"))
    own = _shallow_copy(resources)
    xobjects = _shallow_copy(page_tree.resolve(own.get("/XObject")))
    xobjects[generic.pdf_name(OVERLAY_NAME)] = form_ref
    own[generic.pdf_name("/XObject")] = xobjects
    page[generic.pdf_name("/Resources")] = own
    writer.mark_update(page_ref)


def _content_parts(page):
    if "/Contents" not in page:
        return []
    contents = page.raw_get("/Contents")
    resolved = page_tree.resolve(contents)
    if isinstance(resolved, generic.ArrayObject):
        return list(resolved)
    return [contents]


def _shallow_copy(dictionary):
    """A new dictionary with the same raw (unresolved) values."""
    copy = generic.DictionaryObject()
    if isinstance(dictionary, generic.DictionaryObject):
        for key in dictionary:
            copy[generic.pdf_name(key)] = dictionary.raw_get(key)
    return copy



def _append_receipt_page(writer, form):
    form_ref, media = form
    content = writer.add_object(generic.StreamObject(
        stream_data=f"q {RECEIPT_NAME} Do Q\n".encode()))
    page = generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Page"),
        generic.pdf_name("/MediaBox"): generic.ArrayObject(generic.FloatObject(v) for v in media),
        generic.pdf_name("/Resources"): generic.DictionaryObject({
            generic.pdf_name("/XObject"): generic.DictionaryObject({
                generic.pdf_name(RECEIPT_NAME): form_ref})}),
        generic.pdf_name("/Contents"): content,
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


def _certify(writer, plan, signer, timestamper):
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=plan.reason or None,
        location=plan.location or None,
        name=plan.company_name or None,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer.signer, timestamper=timestamper,
                                   new_field_spec=fields.SigFieldSpec(sig_field_name=SEAL_FIELD))
    output = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=output,
                        bytes_reserved=RESERVED_WITH_TIMESTAMP if timestamper else RESERVED)
    return output.getvalue()


def _number(value):
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
