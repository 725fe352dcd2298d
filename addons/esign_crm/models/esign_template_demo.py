import base64
import io

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from odoo import api, models

DEMO_CLIENT = {"ip": "127.0.0.1", "user_agent": "demo data", "device": {"adoption": "drawn"}}


class EsignTemplate(models.Model):
    _inherit = "esign.template"

    @api.model
    def _load_crm_demo(self):
        """A quotation acceptance filled from the deal; one deal with the
        request sent, one signed by both parties and sealed."""
        if self.env.ref("esign_crm.demo_template_quote", raise_if_not_found=False):
            return
        template = self.create(self._crm_demo_template_values())
        self.env["ir.model.data"].create({
            "name": "demo_template_quote", "module": "esign_crm", "model": self._name,
            "res_id": template.id, "noupdate": True,
        })
        self.env.ref("esign_crm.demo_lead_sent").action_esign_send(template.id)
        signed_id = self.env.ref("esign_crm.demo_lead_signed").action_esign_send(template.id)
        request = self.env["esign.request"].browse(signed_id)
        for signer in request.signer_ids.sorted("sequence"):
            signer.sudo()._submit({}, _demo_signature(), DEMO_CLIENT)
        request._seal_safely()

    @api.model
    def _crm_demo_template_values(self):
        company = self.env.ref("esign_base.role_company")
        customer = self.env.ref("esign_base.role_customer")

        def field(role, field_type, pos_y, source=False, pos_x=0.1, name=False, height=0.03):
            return (0, 0, {"role_id": role.id, "field_type": field_type, "page": 1,
                           "pos_x": pos_x, "pos_y": pos_y, "width": 0.35, "height": height,
                           "source": source, "name": name})

        return {
            "name": "Quotation acceptance (demo)",
            "document": base64.b64encode(_demo_pdf()),
            "document_name": "quotation-acceptance.pdf",
            "res_model_scope": "crm.lead",
            "crm_mark_won": True,
            "crm_signer_user_id": self.env.ref("base.user_admin").id,
            "field_ids": [
                field(company, "text", 0.20, "company_id.name", name="Supplier"),
                field(customer, "name", 0.25, "partner_id.name", name="Customer"),
                field(customer, "text", 0.30, "partner_id.vat", name="Customer VAT"),
                field(customer, "text", 0.35, "name", name="Deal"),
                field(customer, "text", 0.40, "expected_revenue", name="Amount"),
                field(customer, "date", 0.45, "today", name="Date"),
                field(company, "signature", 0.62, height=0.08),
                field(company, "name", 0.71),
                field(customer, "signature", 0.62, pos_x=0.55, height=0.08),
            ],
        }


def _demo_pdf():
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 770, "Quotation acceptance")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 740, "The customer accepts the quotation below and its general terms.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _demo_signature():
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 80), (90, 20), (170, 70), (290, 25)],
                               fill=(0, 0, 90, 255), width=5)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
