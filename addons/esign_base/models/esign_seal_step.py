from odoo import fields, models

STEP_RULES = [
    ("any", "Any one of them"),
    ("all", "All of them"),
]


class EsignSealStep(models.Model):
    """One step of a seal's approval process, run in ``sequence`` order.

    ``any``: the first approver who approves completes the step; ``all``:
    every approver must approve (countersigning).
    """

    _name = "esign.seal.step"
    _description = "Seal approval step"
    _order = "seal_id, sequence, id"

    seal_id = fields.Many2one("esign.seal", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="seal_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    approver_ids = fields.Many2many("res.users", "esign_seal_step_approver_rel", "step_id",
                                    "user_id", "Approvers", required=True)
    rule = fields.Selection(STEP_RULES, required=True, default="any")

    def _is_complete(self, approvers_who_approved):
        """Whether this step is done once ``approvers_who_approved`` approved it."""
        self.ensure_one()
        done = approvers_who_approved & self.approver_ids
        if self.rule == "all":
            return done == self.approver_ids
        return bool(done)
