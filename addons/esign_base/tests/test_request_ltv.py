"""Long-term seals through the product path, against a local test PKI.

The company seals with a certificate from a CA served on 127.0.0.1
(certomancer, see local_pki.py), with that PKI's timestamp authority: the
seal is PAdES B-LTA; the renewal job then adds an archive timestamp, and the
public verification still answers "valid" for the renewed file.
"""

import base64
import tempfile
from pathlib import Path

from odoo.tests import tagged

from . import local_pki
from .common import EsignCase


@tagged("post_install", "-at_install")
class TestRequestLtv(EsignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._pki_dir = tempfile.TemporaryDirectory()  # noqa: SIM115 - closed in cleanup
        cls.pki = local_pki.start(Path(cls._pki_dir.name))
        cls.addClassCleanup(cls._pki_dir.cleanup)
        cls.addClassCleanup(cls.pki.close)
        certificate = cls.env["esign.certificate"].create({
            "name": "ACME CA-issued", "pkcs12": base64.b64encode(cls.pki.signer_pkcs12()),
            "pkcs12_password": local_pki.PASSWORD})
        cls.company.esign_certificate_id = certificate
        cls.env["ir.config_parameter"].sudo().set_param("esign_base.tsa_url", cls.pki.tsa_url)

    def _sealed_request(self):
        request = self.make_request(sequential=False)
        request.action_send()
        self.sign_all(request)
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        return request

    def _stored(self, request):
        return base64.b64decode(request.sudo().with_context(bin_size=False).signed_document)

    def test_seal_is_b_lta_and_renewal_keeps_it_valid(self):
        request = self._sealed_request()
        self.assertEqual(request.pades_level, "B-LTA")
        self.assertTrue(request.protected_since and request.timestamp_expires)
        sealed = self._stored(request)
        self.assertNotEqual(request.signed_sha256, request.latest_sha256,
                            "validation data and a document timestamp follow the signed revision")
        answer = self.env["esign.request"]._verify_document(sealed)
        self.assertEqual(answer["status"], "valid")
        self.assertEqual(answer["pades_level"], "B-LTA")
        self.assertTrue(answer["protected_since"])

        params = self.env["ir.config_parameter"].sudo()
        params.set_param("esign_base.ltv_renew_days", 1)
        self.env["esign.request"]._cron_renew_archive_timestamps()
        self.assertEqual(self._stored(request), sealed, "the TSA certificate is far from expiry")

        params.set_param("esign_base.ltv_renew_days", 365 * 60)
        signed_sha256 = request.signed_sha256
        self.env["esign.request"]._cron_renew_archive_timestamps()
        renewed = self._stored(request)
        self.assertTrue(renewed.startswith(sealed) and len(renewed) > len(sealed))
        self.assertEqual(request.signed_sha256, signed_sha256)
        self.assertNotEqual(request.latest_sha256, signed_sha256)
        self.assertEqual(self.env["esign.request"]._verify_document(renewed)["status"], "valid")
        self.assertEqual(self.env["esign.request"]._verify_document(sealed)["status"], "valid",
                         "an earlier copy a signer kept still verifies")
