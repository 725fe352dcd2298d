"""PAdES B-LTA against a real PKI served from 127.0.0.1 (certomancer).

Sealed with a CA-issued certificate and a timestamp authority, a document
carries a signature timestamp, a DSS with VRI holding the validation data of
both chains, and a document timestamp. It is then validated with the
embedded data alone (no fetching allowed), by pyHanko's
AdES validator and by poppler's pdfsig, also after the sealing certificate
was revoked; and an archive timestamp renewal keeps it valid.
"""

import asyncio
import datetime
import importlib.util
import io
import subprocess
from pathlib import Path

import pytest
from conftest import make_pdf
from esign_tools import sealing, signing, tsa, verification
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.errors import RevokedError
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)
from pyhanko_certvalidator.registry import SimpleTrustManager
from pyhanko_certvalidator.validate import async_validate_path

# The PKI helper lives with the addon's Odoo tests, which use it too.
_PKI = Path(__file__).resolve().parents[2] / "addons" / "esign_base" / "tests" / "local_pki.py"
_spec = importlib.util.spec_from_file_location("esign_local_pki", _PKI)
local_pki = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(local_pki)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    served = local_pki.start(tmp_path_factory.mktemp("pki"))
    yield served
    served.close()


@pytest.fixture(scope="module")
def sealed_lta(pki):
    signer = sealing.SealSigner.from_pkcs12(pki.signer_pkcs12(), local_pki.PASSWORD)
    timestamper = tsa.make_timestamper(pki.tsa_url)
    original = make_pdf(2)
    plan = sealing.SealPlan(fingerprint="LTA0-TEST-0001", document_name="Long-term",
                            verify_url="https://esign.example/esign/verify/LTA0-TEST-0001")
    return signer, original, sealing.seal_pdf(original, plan, signer, timestamper)


def _offline_lta_result(data, root_der):
    """pyHanko's AdES B-LTA validation with the embedded data only."""
    from asn1crypto import x509  # noqa: PLC0415

    required = RevocationCheckingPolicy(
        ee_certificate_rule=RevocationCheckingRule.CRL_OR_OCSP_REQUIRED,
        intermediate_ca_cert_rule=RevocationCheckingRule.CRL_OR_OCSP_REQUIRED)
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=[x509.Certificate.load(root_der)]),
        revinfo_policy=CertRevTrustPolicy(required))
    spec = PdfSignatureValidationSpec(SignatureValidationSpec(
        cert_validation_policy=policy,
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY)))
    seal = PdfFileReader(io.BytesIO(data)).embedded_regular_signatures[0]
    return asyncio.run(ades_lta_validation(seal, spec))


def _dss(data):
    reader = PdfFileReader(io.BytesIO(data))
    return reader.root["/DSS"]


def test_a_ca_certificate_with_a_tsa_gives_b_lta(pki, sealed_lta, tmp_path):
    signer, original, sealed = sealed_lta
    assert signer.level(tsa.make_timestamper(pki.tsa_url)) == signing.B_LTA
    assert sealed.startswith(original)
    reader = PdfFileReader(io.BytesIO(sealed))
    assert [s.field_name for s in reader.embedded_signatures][0] == sealing.SEAL_FIELD
    assert len(reader.embedded_timestamp_signatures) == 1, "one document timestamp"
    dss = _dss(sealed)
    assert len(dss["/Certs"]) >= 4 and (len(dss.get("/OCSPs", [])) + len(dss.get("/CRLs", [])))
    assert "/VRI" in dss
    protection = signing.protection_info(sealed)
    assert protection.level == signing.B_LTA and protection.timestamped
    path = tmp_path / "lta.pdf"
    path.write_bytes(sealed)
    text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(path), "-"],
                          capture_output=True, check=True).stdout.decode()
    assert "PAdES B-LTA" in text


def test_reserved_room_is_computed_from_the_chain_and_the_token(pki, sealed_lta):
    signer, _original, sealed = sealed_lta
    seal = PdfFileReader(io.BytesIO(sealed)).embedded_regular_signatures[0]
    used = len(seal.pkcs7_content)
    reserved = signer.reserved_bytes(tsa.make_timestamper(pki.tsa_url))
    assert used < reserved < used * 3


def test_embedded_data_alone_proves_validity_even_after_revocation(pki, sealed_lta, tmp_path):
    signer, _original, sealed = sealed_lta
    # revoke: the PKI's clock moves past the revocation; a fresh check says so
    pki.at(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1))
    try:
        context = ValidationContext(
            trust_roots=[_asn1(pki.cert_der("root"))], allow_fetching=True,
            fetcher_backend=RequestsFetcherBackend(), revocation_mode="hard-fail",
            moment=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1))
        with pytest.raises(RevokedError):
            asyncio.run(async_validate_path(context, _path(context, pki)))
    finally:
        pki.at(None)
    result = _offline_lta_result(sealed, pki.cert_der("root"))
    assert result.ades_subindic == AdESPassed.OK, result
    assert result.oldest_evidence_record_timestamp is not None
    path = tmp_path / "lta.pdf"
    path.write_bytes(sealed)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, check=False).stdout.decode()
    seal_part, stamp_part = out.split("Signature #2:")
    assert "Signature is Valid" in seal_part and "ACME Sealing" in seal_part, out
    # poppler lists the document timestamp but does not check RFC 3161 tokens
    assert "Test Timestamp Authority" in stamp_part, out
    report = verification.inspect_seal(sealed)
    assert verification.status_of(report, signer.certificate_sha256) == "valid"


def test_archive_timestamp_renewal_keeps_the_seal_valid(pki, sealed_lta):
    signer, _original, sealed = sealed_lta
    renewed = signing.add_archive_timestamp(
        sealed, tsa.make_timestamper(pki.tsa_url), signer.validation_context())
    assert renewed.startswith(sealed)
    reader = PdfFileReader(io.BytesIO(renewed))
    assert len(reader.embedded_timestamp_signatures) == 2
    before = verification.inspect_seal(sealed)
    after = verification.inspect_seal(renewed)
    assert verification.status_of(after, signer.certificate_sha256) == "valid"
    assert after.signed_revision_sha256 == before.signed_revision_sha256
    assert _offline_lta_result(renewed, pki.cert_der("root")).ades_subindic == AdESPassed.OK
    assert signing.protection_info(renewed).signed_revision_sha256 == \
        before.signed_revision_sha256
    info = signing.protection_info(renewed)
    assert info.level == signing.B_LTA and info.protected_since is not None
    assert info.last_timestamp_expires > info.protected_since


def test_self_signed_with_a_tsa_gives_b_t(pki, seal_signer, tmp_path):
    timestamper = tsa.make_timestamper(pki.tsa_url)
    assert seal_signer.level(timestamper) == signing.B_T
    original = make_pdf(1)
    plan = sealing.SealPlan(fingerprint="BT00-TEST-0001", document_name="d",
                            verify_url="https://x/")
    sealed = sealing.seal_pdf(original, plan, seal_signer, timestamper)
    protection = signing.protection_info(sealed)
    assert protection.level == signing.B_T and protection.timestamped
    assert "/DSS" not in PdfFileReader(io.BytesIO(sealed)).root
    path = tmp_path / "bt.pdf"
    path.write_bytes(sealed)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          check=True).stdout.decode()
    assert "PAdES B-T" in text
    assert verification.status_of(verification.inspect_seal(sealed),
                                  seal_signer.certificate_sha256) == "valid"


def _asn1(der):
    from asn1crypto import x509  # noqa: PLC0415

    return x509.Certificate.load(der)


def _path(context, pki):
    from pyhanko_certvalidator.authority import CertTrustAnchor  # noqa: PLC0415
    from pyhanko_certvalidator.path import ValidationPath  # noqa: PLC0415

    root, interm, leaf = (_asn1(pki.cert_der(label)) for label in ("root", "interm", "signer"))
    return ValidationPath(CertTrustAnchor(root), [interm], leaf)
