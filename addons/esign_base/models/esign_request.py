import base64
import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import audit_chain, fingerprint
from .esign_evidence import as_flow, check_evidence_write, neutralise_evidence_defaults

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
    _check_company_auto = True

    # Set only by the signing process (see esign_evidence.py).
    _EVIDENCE_FIELDS = (
        "state", "seal_state", "seal_error", "fingerprint", "original_sha256", "signed_sha256",
        "signed_document", "audit_head", "nonce", "reference", "date_sent", "date_signed",
        "sealed_on", "certificate_id", "timestamped", "document", "document_name",
        "page_geometry", "field_ids", "audit_ids",
    )
    # What the signers were sent: fixed once the request leaves the draft state.
    _FROZEN_WHEN_SENT = ("company_id", "template_id", "name")

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, index=True, default="/")
    state = fields.Selection(REQUEST_STATES, default="draft", required=True, readonly=True,
                             tracking=True, index=True, copy=False)
    template_id = fields.Many2one("esign.template", required=True, ondelete="restrict",
                                  index=True, check_company=True)
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
    # The document and its fields as they were sent; the signing page, the
    # document route and the seal read these, never the template again.
    document = fields.Binary("Document sent", attachment=True, readonly=True, copy=False)
    document_name = fields.Char("Document file name", readonly=True, copy=False)
    page_geometry = fields.Json(readonly=True, copy=False)
    field_ids = fields.One2many("esign.request.field", "request_id", "Fields sent",
                                readonly=True, copy=False)
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
    audit_ids = fields.One2many("esign.audit.log", "request_id", "Audit trail", copy=False)
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

    @api.depends("name", "document_name", "template_id.document_name")
    def _compute_signed_document_name(self):
        for request in self:
            base = (request.document_name or request.template_id.document_name
                    or request.name or "document")
            base = base[:-4] if base.lower().endswith(".pdf") else base
            request.signed_document_name = _("%(name)s - signed.pdf", name=base)

    @api.onchange("template_id")
    def _onchange_template_id(self):
        """A new draft takes its template's name and one signer line per
        role still missing, so a missing role shows before sending."""
        if self.state != "draft" or not self.template_id:
            return
        self.name = self.name or self.template_id.name
        missing = self.template_id.field_ids.role_id - self.signer_ids.role_id
        for role in missing.sorted(lambda r: (r.sequence, r.id)):
            self.signer_ids += self.signer_ids.new({
                "role_id": role.id, "sequence": len(self.signer_ids) + 1})

    @api.constrains("signer_ids")
    def _check_one_signer_per_role(self):
        """Fields belong to a role: two signers of one role would fill the
        same boxes, one signature drawn over the other."""
        for request in self:
            seen = {}
            for signer in request.signer_ids:
                if signer.role_id in seen:
                    raise ValidationError(_(
                        "%(first)s and %(second)s both have the role %(role)s: each signer "
                        "needs a role of their own, since a role's fields are filled once.",
                        first=seen[signer.role_id].partner_id.display_name,
                        second=signer.partner_id.display_name, role=signer.role_id.name))
                seen[signer.role_id] = signer

    @api.model
    def default_get(self, fields_list):
        return neutralise_evidence_defaults(self, super().default_get(fields_list),
                                            self._EVIDENCE_FIELDS)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_evidence_write(self, vals, self._EVIDENCE_FIELDS)
        requests = super().create(vals_list)
        flow = as_flow(requests.sudo())
        for request in flow:
            request.reference = self.env["ir.sequence"].sudo().next_by_code("esign.request") or "/"
            request._log("created", actor=self.env.user.name)
        return requests

    def write(self, vals):
        check_evidence_write(self, vals, self._EVIDENCE_FIELDS)
        if set(vals) & set(self._FROZEN_WHEN_SENT) and any(r.state != "draft" for r in self):
            raise UserError(_(
                "A request's company, template and title are fixed once it is sent."))
        return super().write(vals)

    def copy_data(self, default=None):
        default = dict(default or {})
        check_evidence_write(self, default, self._EVIDENCE_FIELDS)
        return super().copy_data(default)

    def _freeze_for_sending(self):
        """Keep the exact document and field layout being sent.

        The fingerprint derives from the document's SHA-256 and a
        per-request nonce, so two requests for one template never share one.
        """
        self.ensure_one()
        template = self.template_id.sudo()
        data = template._document_bytes()
        digest = fingerprint.sha256_hex(data)
        nonce = uuid.uuid4().hex
        flow = as_flow(self.sudo())
        flow.write({
            "document": base64.b64encode(data),
            "document_name": template.document_name or f"{self.name}.pdf",
            "page_geometry": template.page_geometry,
            "original_sha256": digest,
            "nonce": nonce,
            "fingerprint": fingerprint.fingerprint_of(f"{digest}:{nonce}".encode()),
        })
        as_flow(self.env["esign.request.field"].sudo()).create([
            self._prepare_frozen_field_values(field) for field in template.field_ids
        ])

    def _prepare_frozen_field_values(self, template_field):
        """What a request keeps of one template field. Extensions add a
        value taken from a business record (``value``, ``editable``)."""
        return {
            "request_id": self.id,
            "field_key": template_field.id,
            "role_id": template_field.role_id.id,
            "field_type": template_field.field_type,
            "name": template_field.display_name,
            "required": template_field.required,
            "page": template_field.page,
            "pos_x": template_field.pos_x,
            "pos_y": template_field.pos_y,
            "width": template_field.width,
            "height": template_field.height,
            "choices": template_field.choices or False,
            "condition_key": template_field.condition_field_id.id or 0,
            "condition_value": (template_field.condition_value or False)
            if template_field.condition_field_id else False,
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(request.state != "draft" for request in self):
            raise UserError(_("Only draft requests can be deleted; cancel the others."))

    def unlink(self):
        """A draft was never sent, so its trail ("created") holds no evidence
        about anyone: it goes with it. Anything else is refused above."""
        drafts = self.filtered(lambda r: r.state == "draft")
        if drafts:
            self.env["esign.audit.log"]._drop_trails_of_drafts(drafts)
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
        self.check_access("read")
        # Through the one2many: a batch of requests (archive filing) reads
        # all their trails in one query instead of one search each.
        entries = self.sudo().audit_ids.sorted("id")
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
        """The receipt's trail, oldest first, in the current language.

        Repeated visits of one signer are summarised on one line, so that
        reloading a page cannot swell the receipt.
        """
        entries = self.sudo().audit_ids.sorted("id")
        labels = dict(entries._fields["event"]._description_selection(self.env))
        opened_counts = {}
        for entry in entries.filtered(lambda e: e.event == "opened"):
            opened_counts[entry.signer_id.id] = opened_counts.get(entry.signer_id.id, 0) + 1
        lines, summarised = [], set()
        for entry in entries:
            label = labels.get(entry.event, entry.event)
            if entry.event == "opened":
                if entry.signer_id.id in summarised:
                    continue
                summarised.add(entry.signer_id.id)
                count = opened_counts[entry.signer_id.id]
                if count > 1:
                    label = _("%(label)s (first of %(count)s visits)", label=label, count=count)
            when = fields.Datetime.to_string(entry.timestamp)
            lines.append(f"{when} UTC · {label} · {entry.actor or ''}")
        return tuple(lines)

    # ---------------------------------------------------------------- sending

    def action_send(self):
        self.check_access("write")
        for request in as_flow(self):
            request._check_sendable()
            request.signer_ids._prepare_for_sending()
            request._freeze_for_sending()
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
            as_flow(self).write({"state": "signed", "date_signed": fields.Datetime.now(),
                        "seal_state": "queued"})
            self._trigger_sealing()
        else:
            self._invite_next_signers()

    def _on_signer_declined(self, signer, reason):
        self.ensure_one()
        as_flow(self).write({"state": "declined"})
        as_flow(self.signer_ids - signer).filtered(
            lambda s: s.state in ("waiting", "to_sign")
        ).write({"state": "cancelled"})
        self.message_post(
            body=_("%(name)s declined to sign: %(reason)s",
                   name=signer.partner_id.display_name, reason=reason),
            partner_ids=self.user_id.partner_id.ids,
        )

    def action_cancel(self):
        self.check_access("write")
        for request in as_flow(self):
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
        for request in as_flow(self.search([("state", "=", "sent"),
                                            ("date_deadline", "<", today)])):
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
        """Download through our route, which logs the download once the
        bytes are actually sent (and never for ``HEAD``)."""
        self.ensure_one()
        if not self.signed_document:
            raise UserError(_("The signed document is not ready yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/esign/request/{self.id}/signed",
            "target": "self",
        }

    def _original_bytes(self):
        """The document as sent (a draft shows its template's current PDF)."""
        self.ensure_one()
        frozen = self.sudo().with_context(bin_size=False).document
        if frozen:
            return base64.b64decode(frozen)
        return self.template_id.sudo()._document_bytes()

    def _signed_bytes(self):
        self.ensure_one()
        data = self.sudo().with_context(bin_size=False).signed_document
        return base64.b64decode(data) if data else b""
