"""Company sealing certificates: read a PKCS#12, or make a self-signed one."""

import dataclasses
import datetime
import hashlib
import secrets

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from .errors import CertificateError, _lt


@dataclasses.dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    serial: str
    not_before: datetime.datetime
    not_after: datetime.datetime
    sha256: str
    self_signed: bool


def make_self_signed(common_name, organization, country=None, valid_days=3650):
    """PKCS#12 bytes (RSA-2048, document-signing key usage) and their password."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64])]
    if country and len(country) == 2:
        attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, country.upper()))
    name = x509.Name(attributes)
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(24)
    data = pkcs12.serialize_key_and_certificates(
        common_name[:64].encode(), key, certificate, None,
        serialization.BestAvailableEncryption(password.encode()))
    return data, password


def load_key_and_certificate(data, password):
    """The private key, certificate and chain of a PKCS#12, or an error."""
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(
            data, (password or "").encode() or None)
    except ValueError as err:
        if "password" in str(err).lower() or "mac" in str(err).lower():
            raise CertificateError("certificate_password", _lt(
                "The certificate's password is wrong.")) from None
        raise _invalid() from None
    except Exception:  # noqa: BLE001 - any parse failure means an unusable file
        raise _invalid() from None
    if key is None or certificate is None:
        raise _invalid()
    return key, certificate, chain or []


def read_pkcs12(data, password):
    _key, certificate, _chain = load_key_and_certificate(data, password)
    not_after = certificate.not_valid_after_utc
    if not_after < datetime.datetime.now(datetime.UTC):
        raise CertificateError("certificate_expired", _lt(
            "This certificate expired on %(date)s."), date=not_after.date().isoformat())
    der = certificate.public_bytes(serialization.Encoding.DER)
    return CertificateInfo(
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        serial=format(certificate.serial_number, "x"),
        not_before=certificate.not_valid_before_utc,
        not_after=not_after,
        sha256=hashlib.sha256(der).hexdigest(),
        self_signed=certificate.issuer == certificate.subject,
    )


def _invalid():
    return CertificateError("certificate_invalid", _lt(
        "This is not a usable PKCS#12 certificate: it needs a certificate and its private key."))
