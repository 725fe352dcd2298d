"""The receipt of a real seal, read back with poppler."""

import base64
import re
import subprocess

from odoo.tests import tagged

from .common import EsignCase, pdf_text


def page_count(data):
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True,
                          timeout=60).stdout
    return int(re.search(rb"Pages:\s+(\d+)", info).group(1))


def page_text(data, page):
    result = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), "-", "-"],
                            input=data, capture_output=True, check=True, timeout=60)
    return result.stdout.decode()


@tagged("post_install", "-at_install")
class TestReceipt(EsignCase):
    def sealed(self):
        self.alice.tz = "Europe/Brussels"
        self.bob.tz = False
        self.company.partner_id.tz = "Asia/Shanghai"
        request = self.make_request(sequential=False)
        request.action_send()
        self.sign_all(request)
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        return request, base64.b64decode(request.signed_document)

    def test_receipt_states_signers_times_and_certificate(self):
        request, data = self.sealed()
        self.assertEqual(page_count(data), 3)
        self.assertIn("Page 1 of 2", page_text(data, 1))
        self.assertIn("Page 2 of 2", page_text(data, 2))
        text = page_text(data, 3)
        self.assertIn("Receipt page 1 of 1", text)
        self.assertNotIn("of 3", pdf_text(data))
        alice = self.signer_of(request, self.alice)
        for expected in ("Alice Company", "Bob Customer", "Company", "Customer",
                         "Link by email", "203.0.113.7", "Signature adopted",
                         "the page did not say which", "(Europe/Brussels)", "(Asia/Shanghai)",
                         alice.signed_on.strftime("%Y-%m-%d %H:%M:%S") + " UTC",
                         "Issued to", "Issued by", "Self-signed by", "(UTC)", "PAdES B-B",
                         request.fingerprint, "Audit trail"):
            self.assertIn(expected, text)
        self.assertRegex(text, r"Contact\s+a\S*@example\.com")
        self.assertIn(f"/esign/verify/{request.fingerprint}", text.replace("\n", ""))
        # one signature image per signer on the receipt page, beside the QR code
        images = subprocess.run(["pdfimages", "-list", "-f", "3", "-l", "3", "-"], input=data,
                                capture_output=True, check=False, timeout=60)
        if images.returncode == 0 and images.stdout:
            rows = [line for line in images.stdout.decode().splitlines()[2:] if "image" in line]
            self.assertGreaterEqual(len(rows), 2)

    def test_reported_adoption_is_named(self):
        request = self.make_request(sequential=False)
        request.action_send()
        alice = self.signer_of(request, self.alice)
        self.sign(alice, client={"ip": "203.0.113.7", "device": {"adoption": "typed"}})
        entry = request.sudo().audit_ids.filtered(lambda e: e.event == "signed")
        expected = "Typed, shown in a handwriting font" if "adoption" in (entry.device or "") \
            else "the page did not say which"
        self.assertIn(expected, alice._receipt_line().adoption)
