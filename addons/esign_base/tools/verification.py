"""Read a PDF someone claims we sealed, and say what it really is.

The rule (shared/SECURITY.md): "valid" only when our certification
signature is intact, made with the certificate we sealed with, and covers
the whole file, or the only later changes are validation data or document
timestamps. A file that carries one of our fingerprints but fails any of
that is "modified"; anything else is "unknown".
"""

import dataclasses
import hashlib
import io
import logging
import re

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

_logger = logging.getLogger(__name__)
SEAL_FIELD = "ESignSeal"
_MARKER = re.compile(
    rb"/ESignFingerprint\s*\(([0-9A-Z]{4})(?:-|\\055)([0-9A-Z]{4})(?:-|\\055)([0-9A-Z]{4})\)")


@dataclasses.dataclass(frozen=True)
class SealReport:
    signed: bool = False
    fingerprint: str | None = None
    signer_cert_sha256: str | None = None
    intact: bool = False
    covers_whole_file: bool = False
    only_lta_updates: bool = False
    signed_revision_sha256: str | None = None
    docmdp_ok: bool = False


def inspect_seal(data):
    """What ``data`` says about itself; never raises on garbage."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        seal = _our_signature(reader)
        if seal is None:
            return SealReport(fingerprint=_fingerprint_in(reader))
        return _report(data, seal)
    except Exception:  # noqa: BLE001 - hostile input: whatever breaks means "not ours"
        _logger.debug("Could not read an uploaded PDF", exc_info=True)
        # A file that no longer parses may still be a copy of ours, damaged
        # or altered: if it names one of our fingerprints, say it changed.
        found = _MARKER.search(data or b"")
        return SealReport(fingerprint=b"-".join(found.groups()).decode() if found else None)


def _our_signature(reader):
    signatures = reader.embedded_regular_signatures
    named = [sig for sig in signatures if sig.field_name == SEAL_FIELD]
    return (named or signatures or [None])[0]


def _report(data, seal):
    _start, _len1, start2, len2 = (int(v) for v in seal.byte_range)
    signed_bytes = data[: start2 + len2]
    fingerprint = _fingerprint_in(PdfFileReader(io.BytesIO(signed_bytes), strict=False))
    # Trust is decided by the caller (the certificate's SHA-256 must be the
    # one we sealed with); trusting the signer's own certificate here only
    # lets pyHanko check the signature without building a path to a CA.
    context = ValidationContext(trust_roots=[seal.signer_cert], allow_fetching=False)
    status = validate_pdf_signature(seal, signer_validation_context=context)
    level = getattr(status.diff_result, "modification_level", None)
    cert_der = seal.signer_cert.dump()
    return SealReport(
        signed=True,
        fingerprint=fingerprint,
        signer_cert_sha256=hashlib.sha256(cert_der).hexdigest(),
        intact=bool(status.intact and status.valid),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        and len(signed_bytes) == len(data),
        only_lta_updates=status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and seal.reader.xrefs.total_revisions > seal.signed_revision + 1
        and level is not None and level <= ModificationLevel.LTA_UPDATES,
        signed_revision_sha256=hashlib.sha256(signed_bytes).hexdigest(),
        docmdp_ok=bool(status.docmdp_ok),
    )


def _fingerprint_in(reader):
    try:
        info = reader.trailer_view["/Info"]
        value = info.get("/ESignFingerprint")
    except (KeyError, TypeError, AttributeError):
        return None
    return str(value) if value else None


def status_of(report, expected_cert_sha256):
    if not report.fingerprint:
        return "unknown"
    if (report.signed and report.intact and expected_cert_sha256
            and report.signer_cert_sha256 == expected_cert_sha256
            and (report.covers_whole_file or report.only_lta_updates)):
        return "valid"
    return "modified"


_DECLARED_SIZE = re.compile(rb"/Size\s+(\d{1,15})")


def claimed_fingerprint(data):
    """The fingerprint a file names (its latest revision's), found by one
    linear scan of its bytes: no PDF parsing, so that a caller parses and
    validates only files naming one of its fingerprints. Our seal writes
    the fingerprint uncompressed in the document information."""
    matches = _MARKER.findall(data or b"")
    return b"-".join(matches[-1]).decode() if matches else None


def parsing_is_bounded(data):
    """False for a file whose cross-reference tables declare far more
    objects than its bytes could hold: parsing it would build millions of
    entries from a few kilobytes (a decompression bomb of the xref kind)."""
    ceiling = len(data) // 2 + 1000
    return all(int(size) <= ceiling for size in _DECLARED_SIZE.findall(data or b""))
