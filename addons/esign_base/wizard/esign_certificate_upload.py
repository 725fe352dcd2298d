"""Upload a company's PKCS#12 sealing certificate with its password.

The certificate model checks the file and the password and keeps both in
columns no field reads back; this wizard forgets them once done.
"""

from odoo import fields, models
from odoo.exceptions import AccessError


class EsignCertificateUpload(models.TransientModel):
    _name = "esign.certificate.upload"
    _description = "Upload a sealing certificate"

    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.company)
    name = fields.Char(required=True, default=lambda self: self.env._("Sealing certificate"))
    pkcs12 = fields.Binary("PKCS#12 file (.p12, .pfx)", required=True, attachment=False)
    pkcs12_filename = fields.Char()
    password = fields.Char()
    use_now = fields.Boolean("Seal with it from now on", default=True)

    def action_open(self, company):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Upload a sealing certificate"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_company_id": company.id},
        }

    def action_upload(self):
        self.ensure_one()
        if not self.env.is_system():
            raise AccessError(self.env._("Only Settings administrators can upload a certificate."))
        certificate = self.env["esign.certificate"].create({
            "name": self.name,
            "company_id": self.company_id.id,
            "pkcs12": self.pkcs12,
            "pkcs12_password": self.password or "",
        })
        if self.use_now:
            self.company_id.esign_certificate_id = certificate
        self.write({"pkcs12": False, "password": False})
        return {"type": "ir.actions.act_window_close"}
