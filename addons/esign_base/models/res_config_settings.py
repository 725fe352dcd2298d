from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    esign_certificate_id = fields.Many2one(
        related="company_id.esign_certificate_id", readonly=False
    )
    esign_certificate_subject = fields.Char(
        "Certificate subject", related="company_id.esign_certificate_id.subject")
    esign_certificate_issuer = fields.Char(
        "Certificate issuer", related="company_id.esign_certificate_id.issuer")
    esign_certificate_not_before = fields.Datetime(
        "Certificate valid from", related="company_id.esign_certificate_id.not_before")
    esign_certificate_not_after = fields.Datetime(
        "Certificate valid until", related="company_id.esign_certificate_id.not_after")
    esign_certificate_self_signed = fields.Boolean(
        "Self-signed", related="company_id.esign_certificate_id.self_signed")
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

    def action_esign_upload_certificate(self):
        """Open the upload of a PKCS#12 file with its password."""
        return self.env["esign.certificate.upload"].action_open(self.company_id)
