from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    esign_certificate_id = fields.Many2one(
        related="company_id.esign_certificate_id", readonly=False
    )
    esign_tsa_url = fields.Char(
        "Timestamp authority URL",
        config_parameter="esign_base.tsa_url",
        help="An RFC 3161 timestamp server. When set, every seal is timestamped (PAdES B-T).",
    )
    esign_link_validity_days = fields.Integer(
        "Signing links valid for (days)",
        config_parameter="esign_base.link_validity_days",
        default=30,
    )
