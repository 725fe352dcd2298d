from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .esign_evidence import as_flow, check_evidence_write

APPROVAL_STATES = [
    ("pending", "Waiting for approval"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
MAX_REASON_LENGTH = 2000


class EsignSealApproval(models.Model):
    """A user's request to have a seal applied, going through its steps.

    Started by ``esign.request.action_request_seal_approval``. Steps run in
    order; only the approvers of the current step may decide. When the last
    step is approved the seal is applied in the name of the approver who
    completed it; a rejection ends the process and tells the requester.
    Every field is written by the process alone (``as_flow``).
    """

    _name = "esign.seal.approval"
    _description = "Seal approval"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _mail_post_access = "read"

    _EVIDENCE_FIELDS = ("request_id", "seal_id", "step_id", "state", "requester_id", "note",
                        "reason", "decision_ids", "date_done")

    name = fields.Char(compute="_compute_name")
    request_id = fields.Many2one("esign.request", required=True, ondelete="cascade",
                                 index=True, readonly=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    seal_id = fields.Many2one("esign.seal", required=True, ondelete="restrict", readonly=True)
    step_id = fields.Many2one("esign.seal.step", "Current step", ondelete="restrict",
                              readonly=True)
    approver_ids = fields.Many2many(related="step_id.approver_ids", string="Current approvers")
    state = fields.Selection(APPROVAL_STATES, default="pending", required=True, readonly=True,
                             tracking=True, index=True)
    requester_id = fields.Many2one("res.users", "Requested by", required=True, readonly=True)
    note = fields.Text(readonly=True)
    reason = fields.Text("Rejection reason", readonly=True)
    date_done = fields.Datetime("Decided on", readonly=True)
    decision_ids = fields.One2many("esign.seal.decision", "approval_id", "Decisions",
                                   readonly=True)
    waiting_for_me = fields.Boolean(compute="_compute_waiting_for_me",
                                    search="_search_waiting_for_me")

    @api.depends("seal_id", "request_id")
    def _compute_name(self):
        for approval in self:
            approval.name = _("%(seal)s on %(request)s", seal=approval.seal_id.name or "",
                              request=approval.request_id.display_name or "")

    @api.depends_context("uid")
    @api.depends("state", "step_id", "decision_ids")
    def _compute_waiting_for_me(self):
        for approval in self:
            approval.waiting_for_me = approval._waits_for(self.env.user)

    def _search_waiting_for_me(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on approvals waiting for you."))
        mine = self.search([("state", "=", "pending"),
                            ("step_id.approver_ids", "in", self.env.uid)])
        ids = mine.filtered(lambda a: a._waits_for(self.env.user)).ids
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    def _waits_for(self, user):
        self.ensure_one()
        return (self.state == "pending" and user in self.step_id.approver_ids
                and user not in self._approved_by(self.step_id))

    def _approved_by(self, step):
        return self.sudo().decision_ids.filtered(
            lambda d: d.step_id == step and d.decision == "approved").user_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_evidence_write(self, vals, self._EVIDENCE_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_evidence_write(self, vals, self._EVIDENCE_FIELDS)
        return super().write(vals)

    # --------------------------------------------------------------- start

    @api.model
    def _start(self, request, seal, note=None):
        """Open an approval of ``seal`` on ``request`` for the current user."""
        steps = seal.sudo().step_ids.sorted(lambda s: (s.sequence, s.id))
        if not steps:
            raise UserError(_("The seal “%(seal)s” has no approval process: ask a manager to "
                              "configure its steps.", seal=seal.name))
        note = " ".join(str(note or "").split())[:MAX_REASON_LENGTH] or False
        approval = as_flow(self.sudo()).create({
            "request_id": request.id, "seal_id": seal.id, "step_id": steps[0].id,
            "requester_id": self.env.uid, "note": note,
        })
        approval.message_subscribe(partner_ids=self.env.user.partner_id.ids)
        request.sudo()._log("approval_requested", actor=self.env.user.name,
                            details=_("%(seal)s: %(note)s", seal=seal.name, note=note or "-"))
        request.sudo().message_post(body=_("%(user)s asked for the seal “%(seal)s”.",
                                           user=self.env.user.name, seal=seal.name))
        approval._open_step()
        return approval

    def _open_step(self):
        """Tell the current step's approvers: activity, email, access to the request."""
        self.ensure_one()
        approvers = self.step_id.approver_ids
        self.request_id.sudo().message_subscribe(partner_ids=approvers.partner_id.ids)
        self.message_subscribe(partner_ids=approvers.partner_id.ids)
        link = f"{self.request_id.get_base_url()}/mail/view?model=esign.request" \
               f"&res_id={self.request_id.id}"
        body = Markup("{}<br/><a href='{}'>{}</a>").format(
            _("%(user)s asks to apply the seal “%(seal)s” to “%(request)s”. Note: %(note)s",
              user=self.requester_id.name, seal=self.seal_id.name,
              request=self.request_id.name, note=self.note or "-"),
            link, _("Open the request"))
        for user in approvers:
            self.activity_schedule("mail.mail_activity_data_todo", user_id=user.id,
                                   summary=_("Approve the seal “%(seal)s”", seal=self.seal_id.name),
                                   note=body)
        self.message_post(body=body, partner_ids=approvers.partner_id.ids,
                          subtype_xmlid="mail.mt_comment")

    # ------------------------------------------------------------ decisions

    def action_approve(self):
        """Approve the current step as the current user (one of its approvers)."""
        for approval in self:
            approval._check_current_approver()
            flow = as_flow(approval.sudo())
            if self.env.user in approval._approved_by(approval.step_id):
                continue  # approving twice changes nothing
            flow._record_decision("approved")
            if approval.step_id._is_complete(approval._approved_by(approval.step_id)):
                flow._complete_step()
        return True

    def action_reject(self, reason=None):
        """Reject as an approver of the current step; ``reason`` is required."""
        reason = " ".join(str(reason or "").split())[:MAX_REASON_LENGTH]
        if not reason:
            raise UserError(_("Say why you reject the request for the seal."))
        for approval in self:
            approval._check_current_approver()
            flow = as_flow(approval.sudo())
            flow._record_decision("rejected", reason)
            flow.write({"state": "rejected", "reason": reason,
                        "date_done": fields.Datetime.now()})
            flow._close_activities()
            flow._log_on_request("approval_rejected", reason)
            flow.message_post(body=_("Rejected by %(user)s: %(reason)s",
                                     user=self.env.user.name, reason=reason),
                              partner_ids=approval.requester_id.partner_id.ids,
                              subtype_xmlid="mail.mt_comment")
            flow.request_id.message_post(body=_(
                "%(user)s rejected the seal “%(seal)s”: %(reason)s", user=self.env.user.name,
                seal=approval.seal_id.name, reason=reason))
        return True

    def _check_current_approver(self):
        self.ensure_one()
        if self.state != "pending":
            raise UserError(_("This approval is already %(state)s.", state=dict(
                self._fields["state"]._description_selection(self.env))[self.state]))
        if self.env.user not in self.sudo().step_id.approver_ids:
            raise AccessError(_("Only the approvers of the current step may decide."))

    def _record_decision(self, decision, reason=None):
        self.env["esign.seal.decision"].sudo().create({
            "approval_id": self.id, "step_id": self.step_id.id, "user_id": self.env.uid,
            "decision": decision, "reason": reason or False,
        })
        self._close_activities(self.env.user)

    def _complete_step(self):
        """The current step is done: open the next one, or apply the seal."""
        self._log_on_request("approval_approved", _("Step %(sequence)s approved",
                                                     sequence=self.step_id.sequence))
        self._close_activities()
        steps = self.seal_id.step_ids.sorted(lambda s: (s.sequence, s.id))
        later = steps.filtered(lambda s: (s.sequence, s.id) > (self.step_id.sequence,
                                                                self.step_id.id))
        if later:
            self.step_id = later[0]
            self._open_step()
            return
        self.write({"state": "approved", "date_done": fields.Datetime.now()})
        self.request_id._apply_seal_approved(self.seal_id, self.env.user)
        self.message_post(body=_("Approved: the seal was applied by %(user)s.",
                                 user=self.env.user.name),
                          partner_ids=self.requester_id.partner_id.ids,
                          subtype_xmlid="mail.mt_comment")

    def _close_activities(self, approver=None):
        activities = self.activity_ids.filtered(lambda a: not approver or a.user_id == approver)
        activities.sudo().action_feedback(feedback=_("Decided"))

    def _log_on_request(self, event, details):
        self.request_id.sudo()._log(event, actor=self.env.user.name,
                                    details=f"{self.seal_id.name}: {details}")
