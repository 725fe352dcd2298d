"""The signing page in a real browser: fill, draw, sign, at two widths."""

import base64
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from odoo.tests import HttpCase, tagged

# Run in the page at phone width: the page fits, fields stay on it, the
# action bar stays on screen and its button is big enough for a finger.
PHONE_LAYOUT_CHECK = """
const errors = [];
const width = window.innerWidth;
if (width !== 360) errors.push(`viewport is ${width}px`);
if (document.documentElement.scrollWidth > width) errors.push("the page scrolls sideways");
const page = document.querySelector(".o_esign_page").getBoundingClientRect();
if (page.width < 320 || page.right > width) errors.push(`page box ${page.left}-${page.right}px`);
for (const field of document.querySelectorAll(".o_esign_field")) {
    const box = field.getBoundingClientRect();
    const onPage = field.closest(".o_esign_page").getBoundingClientRect();
    if (box.left < onPage.left - 1 || box.right > onPage.right + 1) {
        errors.push("a field leaves its page");
    }
}
const bar = document.querySelector(".o_esign_actionbar").getBoundingClientRect();
if (bar.bottom > window.innerHeight + 1) errors.push("the action bar is off screen");
if (document.querySelector(".o_esign_sign_button").getBoundingClientRect().height < 44) {
    errors.push("the Sign button is too small to tap");
}
if (errors.length) {
    console.error("Phone layout: " + errors.join("; "));
} else {
    console.log("test successful");
}
"""


def agreement_pdf():
    """Two A4 pages of text, drawn for the test."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in (1, 2):
        pdf.setFont("Helvetica-Bold", 18)
        pdf.drawString(72, 770, f"Service agreement, page {number}")
        pdf.setFont("Helvetica", 11)
        for line in range(25):
            pdf.drawString(72, 730 - 20 * line, f"Clause {line + 1}: the parties agree.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestSigningTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.env.ref("esign_base.role_customer")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Bob Customer",
                "email": "bob@example.com",
                "country_id": cls.env.ref("base.be").id,
            }
        )
        cls.template = cls.env["esign.template"].create(
            {
                "name": "Service agreement",
                "document": base64.b64encode(agreement_pdf()),
                "document_name": "agreement.pdf",
                "field_ids": [
                    cls._field("name", 1, 0.10, 0.80, 0.35, 0.03),
                    cls._field("email", 1, 0.10, 0.85, 0.35, 0.03),
                    cls._field("text", 1, 0.55, 0.80, 0.35, 0.03),
                    cls._field("checkbox", 1, 0.55, 0.85, 0.03, 0.02),
                    cls._field("date", 2, 0.55, 0.70, 0.30, 0.03),
                    cls._field("signature", 2, 0.10, 0.75, 0.35, 0.08),
                    cls._field("initials", 2, 0.80, 0.90, 0.10, 0.04),
                ],
            }
        )

    @classmethod
    def _field(cls, field_type, page, pos_x, pos_y, width, height):
        return (
            0,
            0,
            {
                "field_type": field_type,
                "role_id": cls.role.id,
                "page": page,
                "pos_x": pos_x,
                "pos_y": pos_y,
                "width": width,
                "height": height,
                "required": True,
            },
        )

    def _sent_request(self):
        request = self.env["esign.request"].browse(
            self.template.create_request(
                [
                    {
                        "partner_id": self.customer.id,
                        "role_id": self.role.id,
                        "auth_method": "email",
                    },
                ]
            )
        )
        request.action_send()
        return request, request.signer_ids

    def _sign_with_tour(self):
        request, signer = self._sent_request()
        self.assertEqual(signer.state, "to_sign")
        self.start_tour(signer.access_url, "esign_base_signing_tour")  # as a public visitor
        signer.invalidate_recordset()
        request.invalidate_recordset()
        return request, signer

    def _assert_signed(self, request, signer):
        self.assertEqual(signer.state, "signed")
        self.assertTrue(signer.signature)
        self.assertTrue(signer.initials)
        by_type = {
            field.field_type: signer.values.get(str(field.id)) for field in self.template.field_ids
        }
        self.assertEqual(by_type["name"], "Bob Customer")
        self.assertEqual(by_type["email"], "bob@example.com")
        self.assertEqual(by_type["text"], "Paid in full")
        self.assertEqual(by_type["checkbox"], "1")
        self.assertTrue(by_type["date"], "the date is filled in by the server")
        self.assertEqual(request.state, "signed", "the only signer signed: the request moves on")
        self.assertEqual(request.seal_state, "queued")
        events = request.audit_ids.mapped("event")
        self.assertIn("opened", events)
        self.assertIn("signed", events)
        # The page reports how the signature was adopted, for the receipt.
        signed = request.audit_ids.filtered(lambda entry: entry.event == "signed")
        self.assertRegex(signed.device or "", r'"adoption": "(drawn|typed|uploaded)"')
        self.assertNotIn("did not say", signer._receipt_adoption())

    def test_sign_on_desktop(self):
        request, signer = self._sign_with_tour()
        self._assert_signed(request, signer)

    def test_sign_on_phone(self):
        """360 px wide with touch: the layout holds, then the same tour signs."""
        self.browser_size = "360x800"
        self.touch_enabled = True
        request, signer = self._sent_request()
        self.browser_js(
            signer.access_url,
            PHONE_LAYOUT_CHECK,
            ready="!!document.querySelector(\".o_esign_page[data-drawn='1']\")",
        )
        self.start_tour(signer.access_url, "esign_base_signing_tour")
        signer.invalidate_recordset()
        request.invalidate_recordset()
        self._assert_signed(request, signer)
        opened = request.audit_ids.filtered(lambda entry: entry.event == "opened")
        # Two visits from one address within ten minutes: one "link opened" entry.
        self.assertEqual(len(opened), 1)
        self.assertIn("timezone", opened[0].device or "")
