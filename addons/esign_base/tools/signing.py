"""The cryptographic side of a seal: keys, PAdES levels, signatures, timestamps.

Everything CMS, timestamp, DSS and VRI is pyHanko's; this module only
chooses its options:

* B-B: the certification signature alone;
* B-T: the same, with a signature timestamp from the configured authority;
* B-LTA: with a timestamp authority AND a certificate issued by a CA whose
  root is in the PKCS#12: the signature timestamp, then the validation data
  of both chains (certificates, OCSP responses or CRLs) in a DSS with VRI
  entries, then a document timestamp. Validation data is fetched at sealing
  time from the addresses in the certificates.

pyHanko's stock signer parses the private key again for every signature
(about 40 ms for RSA-2048); :class:`SealSigner` keeps the parsed key.
"""

import dataclasses
import hashlib
import io

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import (
    MultivaluedAttributeError,
    NonexistentAttributeError,
    extract_certificate_info,
    find_unique_cms_attribute,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from . import certificates
from .errors import SealError, _lt

SEAL_FIELD = "ESignSeal"
B_B, B_T, B_LTA = "B-B", "B-T", "B-LTA"
LEVEL_WORDS = {
    B_B: _lt("PAdES B-B: sealed with the company's certificate; the time of sealing is "
             "the company's own clock."),
    B_T: _lt("PAdES B-T: sealed with the company's certificate and timestamped by an "
             "independent timestamp authority."),
    B_LTA: _lt("PAdES B-LTA: sealed, timestamped, with the validation data of every "
               "certificate embedded and an archive timestamp, so the seal can be verified "
               "long after the certificates expire."),
}
# CMS overhead besides certificates, signature and timestamp token: signed
# attributes, algorithm identifiers, structure. Measured ~1.5 KiB; doubled.
_CMS_OVERHEAD = 3072
# A timestamp token when the authority's own size cannot be asked in advance.
_TOKEN_GUESS = 8192


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner with the parsed private key kept."""

    def __init__(self, *args, private_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._private_key = private_key

    def sign_raw(self, data, digest_algorithm):
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algorithm = mechanism.signature_algo
        except ValueError:
            algorithm = mechanism["algorithm"].native
        key = self._private_key
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if algorithm == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), hash_algorithm)
        if algorithm == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)  # PSS and the rarer keys


class SealSigner:
    """A loaded signing key; parse a PKCS#12 once and seal many times."""

    def __init__(self, signer, certificate_sha256, chain=(), trust_roots=()):
        self.signer = signer
        self.certificate_sha256 = certificate_sha256
        self.chain = tuple(chain)
        self.trust_roots = tuple(trust_roots)

    @classmethod
    def from_pkcs12(cls, data, password, extra_trust_roots=()):
        """Read ``data`` once. The chain's self-signed certificates, and
        ``extra_trust_roots`` (DER bytes), anchor long-term validation."""
        info = certificates.read_pkcs12(data, password)
        key, certificate, chain = certificates.load_key_and_certificate(data, password)
        der = serialization.Encoding.DER
        cert = asn1_x509.Certificate.load(certificate.public_bytes(der))
        others = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in chain]
        key_info = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        signer = _KeptKeySigner(signing_cert=cert, signing_key=key_info,
                                cert_registry=SimpleCertificateStore.from_certs(others),
                                private_key=key)
        if info.self_signed:
            roots = []
        else:
            roots = [c for c in others if c.self_signed]
            roots += [asn1_x509.Certificate.load(extra) for extra in extra_trust_roots]
        return cls(signer, info.sha256, chain=others, trust_roots=roots)

    def level(self, timestamper):
        """The PAdES level a seal with ``timestamper`` (or None) reaches."""
        if timestamper is None:
            return B_B
        return B_LTA if self.trust_roots else B_T

    def validation_context(self, fetching=True):
        """Where long-term validation data comes from: the certificates'
        own OCSP and CRL addresses, anchored in our trust roots."""
        return ValidationContext(trust_roots=list(self.trust_roots),
                                 other_certs=list(self.chain), allow_fetching=fetching,
                                 fetcher_backend=RequestsFetcherBackend() if fetching else None)

    def reserved_bytes(self, timestamper):
        """Room for the CMS: measured from what it will carry, with margin."""
        certs = len(self.signer.signing_cert.dump()) + sum(len(c.dump()) for c in self.chain)
        key_bytes = (self.signer.signing_cert.public_key.bit_size + 7) // 8
        size = certs + 2 * key_bytes + _CMS_OVERHEAD
        if timestamper is not None:
            size += _token_size(timestamper)
        size = size + size // 2
        return (size + 1023) // 1024 * 1024


def _token_size(timestamper):
    """The size of one of the authority's tokens (asked once per timestamper)."""
    try:
        token = timestamper.dummy_response("sha256")
    except Exception:  # noqa: BLE001 - sizing must not fail the seal; signing will tell
        return _TOKEN_GUESS
    return max(len(token.dump()), 2048) * 2


@dataclasses.dataclass(frozen=True)
class SignatureText:
    reason: str = ""
    location: str = ""
    name: str = ""


def certify(writer, signer, text, timestamper=None):
    """Sign ``writer`` (an incremental update in progress) with a PAdES
    certification signature; the bytes of the whole signed file."""
    level = signer.level(timestamper)
    lta = level == B_LTA
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=text.reason or None,
        location=text.location or None,
        name=text.name or None,
        embed_validation_info=lta,
        use_pades_lta=lta,
        validation_context=signer.validation_context() if lta else None,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer.signer, timestamper=timestamper,
                                   new_field_spec=fields.SigFieldSpec(sig_field_name=SEAL_FIELD))
    output = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=output, bytes_reserved=signer.reserved_bytes(timestamper))
    return output.getvalue()


def add_archive_timestamp(data, timestamper, validation_context):
    """``data`` with the validation data of its last timestamp and a new
    document timestamp, as one more incremental update (LTA renewal)."""
    try:
        stamper = signers.PdfTimeStamper(timestamper)
        output = io.BytesIO()
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        stamper.update_archival_timestamp_chain(reader, validation_context, output=output,
                                                in_place=False)
        return output.getvalue()
    except Exception as err:  # noqa: BLE001 - reported to the caller with its reason
        raise SealError("timestamp_failed", _lt("The archive timestamp could not be added: "
                                                "%(error)s"),
                        error=str(err) or err.__class__.__name__) from err


@dataclasses.dataclass(frozen=True)
class Protection:
    """What a sealed file's timestamps say about it.

    ``signed_revision_sha256``: the SHA-256 of the file up to the end of
    the seal's own revision (what later validation data and archive
    timestamps leave unchanged); ``protected_since``: the time of the first
    independent timestamp (the signature timestamp), else the signer's own signing time (B-B);
    ``last_timestamp_expires``: when the certificate of the authority that
    made the newest timestamp expires; a B-LTA document needs a new archive
    timestamp before then.
    """

    level: str = ""
    signed_revision_sha256: str = ""
    protected_since: object = None
    timestamped: bool = False
    last_timestamp_at: object = None
    last_timestamp_expires: object = None


def protection_info(data):
    """The :class:`Protection` of ``data``; empty for a file without our seal."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    regular = reader.embedded_regular_signatures
    seal = next((sig for sig in regular if sig.field_name == SEAL_FIELD), None)
    if seal is None:
        return Protection()
    _start, _len1, start2, len2 = (int(v) for v in seal.byte_range)
    revision = hashlib.sha256(data[: start2 + len2]).hexdigest()
    tokens = _signature_timestamp(seal)
    document_stamps = reader.embedded_timestamp_signatures
    tokens += [stamp.signed_data for stamp in document_stamps]
    stamped = [(_token_time(token), _token_expiry(token)) for token in tokens]
    if not stamped:
        return Protection(level=B_B, signed_revision_sha256=revision,
                          protected_since=seal.self_reported_timestamp)
    level = B_LTA if document_stamps and "/DSS" in reader.root else B_T
    first = min(at for at, _expires in stamped)
    last_at, last_expires = max(stamped, key=lambda item: item[0])
    return Protection(level=level, signed_revision_sha256=revision, protected_since=first,
                      timestamped=True,
                      last_timestamp_at=last_at, last_timestamp_expires=last_expires)


def _signature_timestamp(seal):
    """The seal's signature timestamp token, as a list of zero or one."""
    try:
        return [find_unique_cms_attribute(
            seal.signer_info["unsigned_attrs"], "signature_time_stamp_token")["content"]]
    except (NonexistentAttributeError, MultivaluedAttributeError, KeyError, ValueError):
        return []


def _token_time(signed_data):
    return signed_data["encap_content_info"]["content"].parsed["gen_time"].native


def _token_expiry(signed_data):
    return extract_certificate_info(signed_data).signer_cert.not_valid_after
