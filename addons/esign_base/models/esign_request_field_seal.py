from odoo import fields, models


class EsignRequestField(models.Model):
    _inherit = "esign.request.field"

    # Frozen at sending like the rest of the field (see esign_request_stamp.py).
    seal_id = fields.Many2one("esign.seal", "Seal", readonly=True, ondelete="restrict")
