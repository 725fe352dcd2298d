"""Shared setup: real PDFs drawn with reportlab, a template, signers, users."""

import base64
import io
import subprocess
from contextlib import contextmanager
from unittest.mock import patch

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from odoo.addons.sms.tools.sms_api import SmsApi
from odoo.tests import TransactionCase, new_test_user


def make_pdf(pages=2, rotate_last=False, text="Agreement"):
    """A small real PDF: A4 portrait pages, the last one landscape and
    optionally /Rotate 90, each with some text on it."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        if number == pages and pages > 1:
            pdf.setPageSize(landscape(A4))
            if rotate_last:
                pdf.setPageRotation(90)
        pdf.drawString(72, 720 if number < pages else 500, f"{text} page {number}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_text(data):
    """The text poppler reads from a PDF, as a person's viewer would show it."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data,
                            capture_output=True, check=True, timeout=60)
    return result.stdout.decode()


class SmsGateway:
    """Stands in for the SMS provider, the one part that leaves the machine."""

    def __init__(self, fail=False):
        self.fail = fail
        self.sent = []

    def send_batch(self, api, messages, delivery_reports_url=False):
        if self.fail:
            raise ConnectionError("SMS gateway unreachable")
        results = []
        for message in messages:
            for number in message["numbers"]:
                self.sent.append({"number": number["number"], "body": message["content"]})
                results.append({"uuid": number["uuid"], "state": "success"})
        return results


@contextmanager
def sms_gateway(fail=False):
    gateway = SmsGateway(fail=fail)

    def fake_send(api, messages, delivery_reports_url=False):
        return gateway.send_batch(api, messages, delivery_reports_url)

    with patch.object(SmsApi, "_send_sms_batch", fake_send):
        yield gateway


class EsignCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.be")
        cls.role_company = cls.env.ref("esign_base.role_company")
        cls.role_customer = cls.env.ref("esign_base.role_customer")
        cls.user = new_test_user(cls.env, "esign_user", groups="esign_base.group_esign_user",
                                 email="user@example.com", name="Ursula User")
        cls.manager = new_test_user(cls.env, "esign_manager", email="manager@example.com",
                                    groups="esign_base.group_esign_manager,base.group_system",
                                    name="Manon Manager")
        partners = cls.env["res.partner"]
        cls.alice = partners.create({"name": "Alice Company", "email": "alice@example.com",
                                     "country_id": cls.env.ref("base.be").id})
        cls.bob = partners.create({"name": "Bob Customer", "email": "bob@example.com",
                                   "mobile": "0470 12 34 56",
                                   "country_id": cls.env.ref("base.be").id})
        cls.pdf = make_pdf(pages=2, rotate_last=True)
        cls.template = cls.env["esign.template"].create({
            "name": "Service agreement",
            "document": base64.b64encode(cls.pdf),
            "document_name": "agreement.pdf",
            "field_ids": [
                cls._field("signature", cls.role_company, 1, 0.1, 0.8),
                cls._field("name", cls.role_company, 1, 0.1, 0.9, height=0.03),
                cls._field("signature", cls.role_customer, 2, 0.55, 0.8),
                cls._field("date", cls.role_customer, 2, 0.55, 0.9, height=0.03),
                cls._field("text", cls.role_customer, 2, 0.1, 0.3, height=0.03, required=False),
                cls._field("checkbox", cls.role_customer, 2, 0.1, 0.4, 0.03, 0.03),
            ],
        })

    @classmethod
    def _field(cls, field_type, role, page, pos_x, pos_y, width=0.3, height=0.08, required=True):
        return (0, 0, {"field_type": field_type, "role_id": role.id, "page": page,
                       "pos_x": pos_x, "pos_y": pos_y, "width": width, "height": height,
                       "required": required})

    def make_request(self, customer_auth="email", sequential=True, template=None):
        template = template or self.template
        request_id = template.create_request([
            {"partner_id": self.alice.id, "role_id": self.role_company.id, "sequence": 1},
            {"partner_id": self.bob.id, "role_id": self.role_customer.id,
             "sequence": 2 if sequential else 1, "auth_method": customer_auth},
        ])
        return self.env["esign.request"].browse(request_id)

    def signer_of(self, request, partner):
        return request.signer_ids.filtered(lambda s: s.partner_id == partner)

    def values_for(self, signer, **by_type):
        """Submitted values for a signer's own fields, by field type."""
        return {str(field.field_key): by_type[field.field_type]
                for field in signer._own_fields() if field.field_type in by_type}

    def sign(self, signer, client=None, **by_type):
        return signer.sudo()._submit(self.values_for(signer, **by_type), SIGNATURE_PNG,
                                     client or {"ip": "203.0.113.7", "user_agent": "pytest"})

    def texted_code(self, signer):
        """Ask for a code as the page does; return the code the SMS carried."""
        with sms_gateway() as gateway:
            signer.sudo()._send_otp({})
            self.env["sms.sms"].sudo()._process_queue()
        return gateway.sent[-1]["body"][:6]

    def sign_all(self, request):
        self.sign(self.signer_of(request, self.alice))
        self.sign(self.signer_of(request, self.bob), checkbox=True, text="Paid in full")


def _signature_png():
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(10, 80), (80, 20), (150, 70), (290, 30)], fill=(0, 0, 80, 255), width=5)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


SIGNATURE_PNG = _signature_png()
