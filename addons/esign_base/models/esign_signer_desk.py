"""Signing at the desk: the signer's full link to copy, and as a QR code.

Both are computed as the reading user, never with sudo: whoever cannot
read the signer (and so its request) gets nothing.
"""

import base64

from odoo import api, fields, models

from ..tools import qr


class EsignSigner(models.Model):
    _inherit = "esign.signer"

    signing_link = fields.Char("Signing link", compute="_compute_signing_link")
    signing_qr = fields.Binary("QR code of the link", compute="_compute_signing_link")

    @api.depends("access_url")
    def _compute_signing_link(self):
        for signer in self:
            link = signer._full_access_url() if signer.id and signer.access_token else False
            open_link = link and signer.state == "to_sign"
            signer.signing_link = link if open_link else False
            signer.signing_qr = base64.b64encode(qr.qr_png(link, box_size=8)) \
                if open_link else False
