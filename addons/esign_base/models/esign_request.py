import base64
import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import audit_chain, fingerprint
from .esign_audit_log import AUDIT_EVENTS

REQUEST_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("signed", "Signed"),
    ("declined", "Declined"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
]
SEAL_STATES = [
    ("none", "Not sealed"),
    ("queued", "Waiting to seal"),
    ("failed", "Sealing failed"),
    ("done", "Sealed"),
]


class EsignRequest(models.Model):
    """One document going round its signers, then sealed.

    Signers are invited by order: the next group (same ``sequence``) is
    invited only when every signer before it has signed. When the last one
    signs, the request is queued for sealing, which runs in a cron triggered
    at once (see ``esign_request_seal.py``).
    """

    _name = "esign.request"
    _description = "Signing request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, index=True, default="/")
    state = fields.Selection(REQUEST_STATES, default="draft", required=True, readonly=True,
                             tracking=True, index=True, copy=False)
    template_id = fields.Many2one("esign.template", required=True, ondelete="restrict",
                                  index=True)
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", "Sender", default=lambda self: self.env.user,
                              tracking=True)
    signer_ids = fields.One2many("esign.signer", "request_id", "Signers", copy=True)
    signer_count = fields.Integer(compute="_compute_progress")
    signed_count = fields.Integer(compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress", help="Share of signers who signed.")
    message = fields.Text("Message to signers")
    date_deadline = fields.Date("Valid until", copy=False,
                                help="Signing links stop working after this day.")
    date_sent = fields.Datetime("Sent on", readonly=True, copy=False)
    date_signed = fields.Datetime("Signed on", readonly=True, copy=False)
    original_sha256 = fields.Char("Original SHA-256", readonly=True, copy=False)
    fingerprint = fields.Char(readonly=True, copy=False, index=True)
    seal_state = fields.Selection(SEAL_STATES, default="none", required=True, readonly=True,
                                  copy=False, tracking=True)
    seal_error = fields.Text(readonly=True, copy=False)
    sealed_on = fields.Datetime(readonly=True, copy=False)
    signed_document = fields.Binary("Signed PDF", attachment=True, readonly=True, copy=False)
    signed_document_name = fields.Char(compute="_compute_signed_document_name")
    signed_sha256 = fields.Char("Signed SHA-256", readonly=True, copy=False, index=True)
    certificate_id = fields.Many2one("esign.certificate", "Sealed with", readonly=True,
                                     copy=False)
    timestamped = fields.Boolean(readonly=True, copy=False)
    audit_ids = fields.One2many("esign.audit.log", "request_id", "Audit trail")
    audit_head = fields.Char(readonly=True, copy=False,
                             help="Hash of the last audit entry; every append updates it, "
                             "which serialises concurrent appends.")
    nonce = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        ("fingerprint_unique", "unique(fingerprint)", "Fingerprints are unique."),
    ]

    @api.depends("signer_ids.state")
    def _compute_progress(self):
        for request in self:
            request.signer_count = len(request.signer_ids)
            request.signed_count = len(request.signer_ids.filtered(lambda s: s.state == "signed"))
            request.progress = 100.0 * request.signed_count / (request.signer_count or 1)

    @api.depends("name", "template_id.document_name")
    def _compute_signed_document_name(self):
        for request in self:
            base = (request.template_id.document_name or request.name or "document")
            base = base[:-4] if base.lower().endswith(".pdf") else base
            request.signed_document_name = _("%(name)s - signed.pdf", name=base)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("reference", "/") == "/":
                vals["reference"] = self.env["ir.sequence"].next_by_code("esign.request") or "/"
        requests = super().create(vals_list)
        for request in requests:
            request._stamp_original()
            request._log("created")
        return requests

    def _stamp_original(self):
        """Fix the document's SHA-256 and the request's fingerprint at creation.

        The fingerprint derives from the original's SHA-256 and a per-request
        nonce, so two requests for the same template never share one.
        """
        self.ensure_one()
        digest = fingerprint.sha256_hex(self.template_id._document_bytes())
        nonce = uuid.uuid4().hex
        self.sudo().write({
            "original_sha256": digest,
            "nonce": nonce,
            "fingerprint": fingerprint.fingerprint_of(f"{digest}:{nonce}".encode()),
        })

    def unlink(self):
        if any(request.state != "draft" for request in self):
            raise UserError(_("Only draft requests can be deleted; cancel the others."))
        return super().unlink()

    # ------------------------------------------------------------------ audit

    def _log(self, event, signer=None, details=None, client=None, actor=None):
        self.ensure_one()
        return self.env["esign.audit.log"]._append(
            self, event, signer=signer, actor=actor, details=details, client=client
        )

    def check_audit_chain(self):
        """True when this request's audit trail is intact (XML-RPC friendly)."""
        self.ensure_one()
        entries = self.env["esign.audit.log"].sudo().search([("request_id", "=", self.id)],
                                                            order="id")
        report = entries._chain_report()
        head_ok = (self.sudo().audit_head or audit_chain.GENESIS) == (
            entries[-1:].entry_hash or audit_chain.GENESIS
        )
        return bool(report.ok and head_ok)

    def action_check_audit_chain(self):
        self.ensure_one()
        intact = self.check_audit_chain()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if intact else "danger",
                "sticky": not intact,
                "title": _("Audit trail"),
                "message": _("The audit trail is intact.") if intact else _(
                    "The audit trail has been tampered with: an entry was changed, "
                    "removed or reordered."
                ),
            },
        }

    def _audit_summary_lines(self):
        """One line per audit entry for the receipt, oldest first."""
        labels = dict(AUDIT_EVENTS)
        lines = []
        for entry in self.sudo().audit_ids.sorted("id"):
            when = fields.Datetime.to_string(entry.timestamp)
            who = entry.actor or ""
            lines.append(f"{when} UTC · {self.env._(labels[entry.event])} · {who}")
        return tuple(lines)

    # ---------------------------------------------------------------- sending

    def action_send(self):
        for request in self:
            request._check_sendable()
            request.signer_ids._prepare_for_sending()
            validity = int(self.env["ir.config_parameter"].sudo().get_param(
                "esign_base.link_validity_days", 30) or 30)
            request.write({
                "state": "sent",
                "date_sent": fields.Datetime.now(),
                "date_deadline": request.date_deadline
                or fields.Date.context_today(request) + timedelta(days=validity),
            })
            request.message_subscribe(partner_ids=request.user_id.partner_id.ids)
            request._invite_next_signers()
            request.message_post(body=_("Sent for signature."))
        return True

    def _check_sendable(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Only draft requests can be sent."))
        if not self.signer_ids:
            raise UserError(_("Add at least one signer before sending."))
        missing = self.template_id.field_ids.role_id - self.signer_ids.role_id
        if missing:
            raise UserError(_(
                "No signer has the role %(roles)s, which has fields to fill.",
                roles=", ".join(missing.mapped("name")),
            ))
        for signer in self.signer_ids:
            if not signer.partner_id.email:
                raise UserError(_(
                    "%(name)s has no email address to receive the signing link.",
                    name=signer.partner_id.display_name,
                ))

    def _invite_next_signers(self):
        """Invite the lowest-ordered group of signers still waiting."""
        self.ensure_one()
        pending = self.signer_ids.filtered(lambda s: s.state in ("waiting", "to_sign"))
        if not pending or pending.filtered(lambda s: s.state == "to_sign"):
            return
        first = min(pending.mapped("sequence"))
        pending.filtered(lambda s: s.sequence == first)._invite()

    def _on_signer_signed(self, signer):
        self.ensure_one()
        self.message_post(body=_("%(name)s signed.", name=signer.partner_id.display_name))
        if all(s.state == "signed" for s in self.signer_ids):
            self.write({"state": "signed", "date_signed": fields.Datetime.now(),
                        "seal_state": "queued"})
            self.env.ref("esign_base.ir_cron_seal_requests")._trigger()
        else:
            self._invite_next_signers()

    def _on_signer_declined(self, signer, reason):
        self.ensure_one()
        self.write({"state": "declined"})
        (self.signer_ids - signer).filtered(
            lambda s: s.state in ("waiting", "to_sign")
        ).write({"state": "cancelled"})
        self.message_post(
            body=_("%(name)s declined to sign: %(reason)s",
                   name=signer.partner_id.display_name, reason=reason),
            partner_ids=self.user_id.partner_id.ids,
        )

    def action_cancel(self):
        for request in self:
            if request.state not in ("draft", "sent"):
                raise UserError(_("Only draft or sent requests can be cancelled."))
            request.write({"state": "cancelled"})
            request.signer_ids.filtered(
                lambda s: s.state in ("waiting", "to_sign")
            ).write({"state": "cancelled"})
            request._log("cancelled")
            request.message_post(body=_("Cancelled: the signing links no longer work."))
        return True

    @api.model
    def _cron_expire(self):
        """Close requests whose signing links have run out."""
        today = fields.Date.context_today(self)
        for request in self.search([("state", "=", "sent"), ("date_deadline", "<", today)]):
            request.write({"state": "expired"})
            request.signer_ids.filtered(
                lambda s: s.state in ("waiting", "to_sign")
            ).write({"state": "cancelled"})
            request._log("expired", actor=_("System"))
            request.message_post(body=_("Expired: nobody can sign any more."),
                                 partner_ids=request.user_id.partner_id.ids)

    def _is_open_for_signing(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        return self.state == "sent" and (not self.date_deadline or self.date_deadline >= today)

    def action_download_signed(self):
        self.ensure_one()
        if not self.signed_document:
            raise UserError(_("The signed document is not ready yet."))
        self._log("downloaded")
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/esign.request/{self.id}/signed_document/"
            f"{self.signed_document_name}?download=true",
            "target": "self",
        }

    def _original_bytes(self):
        self.ensure_one()
        return self.template_id.sudo()._document_bytes()

    def _signed_bytes(self):
        self.ensure_one()
        data = self.sudo().with_context(bin_size=False).signed_document
        return base64.b64decode(data) if data else b""
