from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    esign_certificate_id = fields.Many2one(
        "esign.certificate",
        "Sealing certificate",
        domain="[('company_id', '=', id)]",
        help="Seals this company's signed documents. Without one, a self-signed "
        "certificate is made at the first seal and the receipt says so.",
    )
