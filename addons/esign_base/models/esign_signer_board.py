"""What the back office offers per signer: signing now, or at the desk.

"Sign now" is for a signer who is the current user; the desk view shows
the link to copy and its QR code (both computed as the reading user in
esign_signer_desk.py, never with sudo).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError


class EsignSigner(models.Model):
    _inherit = "esign.signer"

    is_current_user = fields.Boolean("Is me", compute="_compute_is_current_user")

    @api.depends_context("uid")
    @api.depends("partner_id")
    def _compute_is_current_user(self):
        partner = self.env.user.partner_id
        for signer in self:
            signer.is_current_user = signer.partner_id == partner

    def action_sign_now(self):
        """Open this signer's signing page, for the signer themselves."""
        self.ensure_one()
        self.check_access("read")
        if self.partner_id != self.env.user.partner_id:
            raise UserError(self.env._("Only %(name)s can sign here as themselves.",
                                       name=self.partner_id.display_name))
        if self.state != "to_sign" or not self.request_id._is_open_for_signing():
            raise UserError(self.env._("This signature is not open for signing."))
        return {"type": "ir.actions.act_url", "url": self.access_url, "target": "self"}

    def action_open_desk(self):
        """The link and its QR code, large, for signing on a device at the desk."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign at the desk: %(name)s", name=self.partner_id.display_name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("esign_base.esign_signer_view_form_desk").id, "form")],
            "target": "new",
        }
