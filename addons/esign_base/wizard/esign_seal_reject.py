from odoo import fields, models


class EsignSealReject(models.TransientModel):
    """Reject a seal approval with a reason."""

    _name = "esign.seal.reject"
    _description = "Reject a seal approval"

    approval_id = fields.Many2one("esign.seal.approval", required=True, ondelete="cascade",
                                  default=lambda self: self.env.context.get("active_id"))
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        self.approval_id.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
