import base64

from odoo.exceptions import UserError

from ..tools import certificates
from .common import EsignCase


class TestCertificate(EsignCase):
    def test_uploaded_certificate_seals_the_company_documents(self):
        data, password = certificates.make_self_signed("ACME Sealing", "ACME", "BE")
        certificate = self.env["esign.certificate"].create({
            "name": "ACME 2026", "pkcs12": base64.b64encode(data), "pkcs12_password": password})
        self.assertIn("ACME Sealing", certificate.subject)
        self.company.esign_certificate_id = certificate
        request = self.make_request(sequential=False)
        request.action_send()
        self.sign_all(request)
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.certificate_id, certificate)
        self.assertEqual(request.seal_state, "done", request.seal_error)

    def test_wrong_password_or_garbage_is_refused_clearly(self):
        data, _password = certificates.make_self_signed("ACME", "ACME")
        with self.assertRaisesRegex(UserError, "password"), self.env.cr.savepoint():
            self.env["esign.certificate"].create({
                "name": "x", "pkcs12": base64.b64encode(data), "pkcs12_password": "nope"})
        with self.assertRaisesRegex(UserError, "PKCS#12"), self.env.cr.savepoint():
            self.env["esign.certificate"].create({
                "name": "x", "pkcs12": base64.b64encode(b"not a certificate")})

    def test_self_signed_certificate_is_made_once(self):
        first = self.env["esign.certificate"]._company_certificate(self.company)
        again = self.env["esign.certificate"]._company_certificate(self.company)
        self.assertEqual(first, again)
        self.assertTrue(first.self_signed)
