from odoo import _, fields, models


class EsignSealApprovalAsk(models.TransientModel):
    """Ask for the company seal on a request, with a note for the approvers."""

    _name = "esign.seal.approval.ask"
    _description = "Ask for the company seal"

    request_id = fields.Many2one("esign.request", required=True, ondelete="cascade")
    note = fields.Text()

    def action_ask(self):
        self.ensure_one()
        approval_id = self.request_id.action_request_seal_approval(note=self.note)
        return {"type": "ir.actions.act_window", "res_model": "esign.seal.approval",
                "res_id": approval_id, "view_mode": "form", "name": _("Seal approval")}
