from odoo import fields, models


class EsignCrmSendLine(models.TransientModel):
    _name = "esign.crm.send.line"
    _description = "Proposed signer"
    _order = "sequence, id"

    wizard_id = fields.Many2one("esign.crm.send", required=True, ondelete="cascade")
    sequence = fields.Integer("Order", default=1,
                              help="Signers with the same order sign in parallel.")
    partner_id = fields.Many2one("res.partner", "Contact", required=True)
    role_id = fields.Many2one("esign.role", required=True)
    auth = fields.Selection([("email", "Email"), ("sms", "Email + SMS code")],
                            "Authentication", default="email", required=True)
    phone = fields.Char(related="partner_id.mobile", string="Mobile")
    email = fields.Char(related="partner_id.email")

    def _as_spec(self):
        self.ensure_one()
        return {"partner_id": self.partner_id.id, "role_id": self.role_id.id,
                "sequence": self.sequence, "auth": self.auth}
