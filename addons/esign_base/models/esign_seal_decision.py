from odoo import fields, models
from odoo.exceptions import AccessError

DECISIONS = [
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class EsignSealDecision(models.Model):
    """One approver's decision on one step of a seal approval.

    Written only by the approval itself (as superuser after its checks):
    nobody has the create or write right, and ``write`` is refused.
    """

    _name = "esign.seal.decision"
    _description = "Seal approval decision"
    _order = "approval_id, id"

    approval_id = fields.Many2one("esign.seal.approval", required=True, ondelete="cascade",
                                  index=True, readonly=True)
    company_id = fields.Many2one(related="approval_id.company_id", store=True)
    step_id = fields.Many2one("esign.seal.step", required=True, ondelete="restrict",
                              readonly=True)
    user_id = fields.Many2one("res.users", "Approver", required=True, readonly=True)
    decision = fields.Selection(DECISIONS, required=True, readonly=True)
    reason = fields.Text(readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    def write(self, vals):  # pylint: disable=method-required-super
        raise AccessError(self.env._("Approval decisions cannot be changed."))
