"""Company seals on a request: applying them, asking for approval.

A stamp field that names a seal (``esign.template.field.seal_id``) is filled
with that seal's image by a user allowed to apply it, never by an upload.

* On a draft, the applied seal is remembered in ``draft_stamps`` and moved
  onto the company signer when the request is sent.
* On a sent request it becomes the owning signer's ``stamp`` at once.

Either way, when the role owning the stamp fields has no other field, the
seal completes that signer's step. Every apply is logged ("stamped") with
the user and the seal's name; the permission is checked here, on the
server, whatever the path (button, RPC, approval, signing page).
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .esign_evidence import as_flow, check_evidence_write

_STAMP_EVIDENCE_FIELDS = ("draft_stamps",)


class EsignRequest(models.Model):
    _inherit = "esign.request"

    draft_stamps = fields.Json(readonly=True, copy=False,
                               help="Seals applied before sending: seal id → who applied it.")
    seal_ids = fields.Many2many("esign.seal", compute="_compute_seal_ids", string="Seals",
                                help="Seals named by this request's stamp fields.")
    seal_state_ready = fields.Boolean("Seals applied", compute="_compute_seal_state_ready",
                                      help="Every stamp field naming a seal is applied.")
    can_apply_seal = fields.Boolean(compute="_compute_seal_state_ready")
    seal_approval_ids = fields.One2many("esign.seal.approval", "request_id", "Seal approvals")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_evidence_write(self, vals, _STAMP_EVIDENCE_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_evidence_write(self, vals, _STAMP_EVIDENCE_FIELDS)
        return super().write(vals)

    @api.depends("state", "template_id.field_ids.seal_id", "field_ids.seal_id")
    def _compute_seal_ids(self):
        for request in self:
            request.seal_ids = [(6, 0, list({s.id for s in request._stamp_slots().values()}))]

    @api.depends_context("uid")
    @api.depends("state", "draft_stamps", "signer_ids.stamp", "signer_ids.state", "seal_ids")
    def _compute_seal_state_ready(self):
        for request in self:
            pending = request._pending_stamp_slots()
            request.seal_state_ready = not pending
            request.can_apply_seal = bool(pending) and request.state in ("draft", "sent") and all(
                seal._may_apply(self.env.user) for seal in pending.values())

    # ------------------------------------------------------------ the slots

    def _stamp_slots(self):
        """``{role: seal}`` for the stamp fields that name a seal: the
        template's while a draft, the frozen ones once sent."""
        self.ensure_one()
        request = self.sudo()
        fields_ = request.template_id.field_ids if request.state == "draft" else request.field_ids
        return {field.role_id: field.seal_id for field in fields_
                if field.field_type == "stamp" and field.seal_id}

    def _pending_stamp_slots(self):
        """The slots whose seal is not applied yet."""
        self.ensure_one()
        applied = self.sudo().draft_stamps or {}
        pending = {}
        for role, seal in self._stamp_slots().items():
            if self.state == "draft":
                done = str(seal.id) in applied
            else:
                signer = self.sudo().signer_ids.filtered(lambda s, r=role: s.role_id == r)
                done = bool(signer.stamp) or signer.state == "signed"
            if not done:
                pending[role] = seal
        return pending

    # --------------------------------------------------------------- apply

    def action_apply_seal(self):
        """Apply the seals of these requests as the current user.

        Returns ``[{"request_id", "ok", "message"}]``; each request is worked
        in its own savepoint, so one refusal or failure leaves the others
        applied.
        """
        self.browse().check_access("read")  # the model's access right: no portal, no public
        results = []
        for request in self:
            try:
                with self.env.cr.savepoint():
                    request._apply_seals_as(self.env.user)
                results.append({"request_id": request.id, "ok": True,
                                "message": _("Seal applied.")})
            except (UserError, AccessError, ValidationError) as err:
                results.append({"request_id": request.id, "ok": False,
                                "message": str(err.args[0] if err.args else err)})
        return results

    def action_apply_seal_button(self):
        """The form's button: apply, or say plainly why not."""
        self.ensure_one()
        result = self.action_apply_seal()[0]
        if not result["ok"]:
            raise UserError(result["message"])
        return True

    def _apply_seals_as(self, user):
        """Apply every pending seal of this request as ``user``, who must
        be allowed to apply each of them."""
        self.ensure_one()
        self.check_access("read")
        pending = self._pending_stamp_slots()
        if not pending:
            raise UserError(_("“%(name)s” has no stamp waiting for a seal.", name=self.name))
        for seal in set(pending.values()):
            seal._check_may_apply(user)
        self._apply_slots(pending, user)

    def _apply_seal_approved(self, seal, approver):
        """The approval of ``seal`` was completed by ``approver``: apply it
        in their name, whether or not they may apply the seal themselves."""
        self.ensure_one()
        pending = {role: s for role, s in self._pending_stamp_slots().items() if s == seal}
        if not pending:
            raise UserError(_("“%(name)s” has no stamp waiting for the seal “%(seal)s”.",
                              name=self.name, seal=seal.name))
        self._apply_slots(pending, approver)

    def _apply_slots(self, pending, user):
        if self.state not in ("draft", "sent"):
            raise UserError(_("Only draft and sent requests can be stamped."))
        for seal in set(pending.values()):
            if not seal._image_bytes_b64():
                raise UserError(_("The seal “%(seal)s” has no image yet.", seal=seal.name))
        if self.state == "draft":
            self._apply_to_draft(pending, user)
            return
        for role, seal in pending.items():
            signer = self.signer_ids.filtered(lambda s, r=role: s.role_id == r)
            signer.sudo()._stamp_with_seal(seal, user)

    def _apply_to_draft(self, pending, user):
        flow = as_flow(self.sudo())
        stamps = dict(flow.draft_stamps or {})
        for seal in set(pending.values()):
            stamps[str(seal.id)] = {"uid": user.id, "name": user.name}
            flow._log("stamped", actor=user.name, details=seal.name)
        flow.draft_stamps = stamps
        flow.message_post(body=_("%(user)s applied the seal %(seals)s before sending.",
                                 user=user.name,
                                 seals=", ".join(s.name for s in set(pending.values()))))

    def _invite_next_signers(self):
        """At sending, move seals applied to the draft onto their signers
        first; a signer the seal completes does not need inviting."""
        self.ensure_one()
        stamps = self.sudo().draft_stamps
        if self.state != "sent" or not stamps:
            return super()._invite_next_signers()
        as_flow(self.sudo()).draft_stamps = False
        completed = self.env["esign.signer"]
        for role, seal in self._stamp_slots().items():
            applied = stamps.get(str(seal.id))
            signer = self.signer_ids.filtered(lambda s, r=role: s.role_id == r)
            if applied and signer:
                completed |= signer.sudo()._stamp_with_seal(
                    seal, self.env["res.users"].sudo().browse(applied["uid"]), notify=False)
        if completed:
            return self._on_signer_signed(completed[-1])
        return super()._invite_next_signers()

    def _prepare_frozen_field_values(self, template_field):
        values = super()._prepare_frozen_field_values(template_field)
        values["seal_id"] = template_field.seal_id.id
        return values

    # ------------------------------------------------------------- approval

    def action_request_seal_approval(self, note=None):
        """Ask for the approval of this request's pending seal; returns the
        approval's id (an approval already running is returned as is)."""
        self.ensure_one()
        self.check_access("read")
        if self.state not in ("draft", "sent"):
            raise UserError(_("Only draft and sent requests can be stamped."))
        pending = self._pending_stamp_slots()
        if not pending:
            raise UserError(_("“%(name)s” has no stamp waiting for a seal.", name=self.name))
        seal = next(iter(pending.values()))
        running = self.sudo().seal_approval_ids.filtered(
            lambda a: a.state == "pending" and a.seal_id == seal)
        if running:
            return running[0].id
        return self.env["esign.seal.approval"]._start(self, seal, note=note).id
