import base64
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from odoo import api, models


class EsignTemplate(models.Model):
    _inherit = "esign.template"

    @api.model
    def _load_demo_template(self):
        """A two-page service agreement with fields for both roles, and a
        request for it sent to the demo customer."""
        if self.env.ref("esign_base.demo_template", raise_if_not_found=False):
            return
        company = self.env.ref("esign_base.role_company")
        customer = self.env.ref("esign_base.role_customer")
        template = self.create({
            "name": "Service agreement (demo)",
            "document": base64.b64encode(_demo_pdf()),
            "document_name": "service-agreement.pdf",
            "field_ids": [
                (0, 0, {"role_id": company.id, "field_type": "signature", "page": 2,
                        "pos_x": 0.1, "pos_y": 0.62, "width": 0.35, "height": 0.08}),
                (0, 0, {"role_id": company.id, "field_type": "name", "page": 2,
                        "pos_x": 0.1, "pos_y": 0.71, "width": 0.35, "height": 0.03}),
                (0, 0, {"role_id": customer.id, "field_type": "signature", "page": 2,
                        "pos_x": 0.55, "pos_y": 0.62, "width": 0.35, "height": 0.08}),
                (0, 0, {"role_id": customer.id, "field_type": "name", "page": 2,
                        "pos_x": 0.55, "pos_y": 0.71, "width": 0.35, "height": 0.03}),
                (0, 0, {"role_id": customer.id, "field_type": "date", "page": 2,
                        "pos_x": 0.55, "pos_y": 0.75, "width": 0.2, "height": 0.03}),
                (0, 0, {"role_id": customer.id, "field_type": "checkbox", "page": 1,
                        "pos_x": 0.1, "pos_y": 0.5, "width": 0.03, "height": 0.02,
                        "name": "I accept the terms"}),
            ],
        })
        self.env["ir.model.data"].create({
            "name": "demo_template", "module": "esign_base", "model": self._name,
            "res_id": template.id, "noupdate": True,
        })
        request_id = template.create_request([
            {"partner_id": self.env.user.partner_id.id, "role_id": company.id},
            {"partner_id": self.env.ref("esign_base.demo_partner_customer").id,
             "role_id": customer.id},
        ])
        self.env["esign.request"].browse(request_id).action_send()


def _demo_pdf():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    lines = {
        1: ["Service agreement", "", "1. The provider delivers the services described below.",
            "2. The customer pays the agreed fees within 30 days.",
            "3. Either party may end this agreement with one month's notice."],
        2: ["Signatures", "", "Signed in two originals, one for each party."],
    }
    for page, text in lines.items():
        y = 770
        pdf.setFont("Helvetica-Bold" if page else "Helvetica", 16)
        for line in text:
            pdf.drawString(72, y, line)
            pdf.setFont("Helvetica", 11)
            y -= 22
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
