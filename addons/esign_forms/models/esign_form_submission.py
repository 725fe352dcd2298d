from odoo import _, api, fields, models
from odoo.exceptions import AccessError

SUBMISSION_STATES = [
    ("received", "Received"),
    ("to_sign", "To sign"),
    ("signed", "Signed"),
    ("declined", "Not signed"),
]
# What a form manager may change on a submission; everything else is evidence
# written by the public flow (as superuser) and refused in write().
EDITABLE_FIELDS = frozenset({"partner_id", "note"})
# The signing page takes at most this many characters in a text field.
TEMPLATE_TEXT_MAX = 500


class EsignFormSubmission(models.Model):
    """One accepted set of answers to a public form, as typed values.

    Created only by the public flow (:meth:`_create_from_answers`, run as
    superuser after validation); the contact it matched or created, the
    address it came from and the signing request it started are kept with it.
    """

    _name = "esign.form.submission"
    _description = "Form submission"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _rec_name = "reference"

    form_id = fields.Many2one("esign.form", required=True, ondelete="restrict", index=True,
                              readonly=True)
    company_id = fields.Many2one(related="form_id.company_id", store=True, index=True)
    reference = fields.Char(readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", "Contact", index=True, tracking=True)
    value_ids = fields.One2many("esign.form.value", "submission_id", "Answers", readonly=True)
    state = fields.Selection(SUBMISSION_STATES, default="received", required=True,
                             readonly=True, index=True, tracking=True)
    request_id = fields.Many2one("esign.request", "Signing request", readonly=True, index=True,
                                 ondelete="restrict")
    seal_state = fields.Selection(related="request_id.seal_state")
    ip_address = fields.Char("IP address", readonly=True, index=True)
    user_agent = fields.Char(readonly=True)
    nonce = fields.Char(readonly=True, copy=False, groups="base.group_system")
    note = fields.Text()

    _sql_constraints = [
        ("nonce_unique", "unique(nonce)", "A page's submission is taken once."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("Submissions are recorded by the public form only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - EDITABLE_FIELDS:
            raise AccessError(_("Only the contact and the note of a submission can be changed."))
        return super().write(vals)

    def copy_data(self, default=None):
        raise AccessError(_("Submissions cannot be duplicated."))

    # ------------------------------------------------------------ public flow

    @api.model
    def _create_from_answers(self, form, values, client, nonce=None, reference=None):
        """Record validated answers (typed values by field name) of ``form``."""
        value_model = self.env["esign.form.value"]
        rows = []
        for field in form.field_ids:
            rows += value_model._prepare_rows(field, values.get(field.name))
        submission = self.create({
            "form_id": form.id,
            "reference": reference or form.name,
            "partner_id": self._match_partner(form, values).id,
            "value_ids": [fields.Command.create(row) for row in rows],
            "ip_address": client.get("ip"),
            "user_agent": (client.get("user_agent") or "")[:256],
            "nonce": nonce or False,
        })
        if form.require_signature:
            submission._start_signing()
        return submission

    @api.model
    def _match_partner(self, form, values):
        """The contact with the answered email, else phone; created when none."""
        email = self._first_answer(form, "email", values)
        phone = self._first_answer(form, "phone", values)
        partners = self.env["res.partner"].with_context(active_test=False)
        partner = partners.browse()
        if email:
            partner = partners.search([("email", "=ilike", email)], limit=1, order="id")
        if not partner and phone:
            partner = partners.search(["|", ("phone", "=", phone), ("mobile", "=", phone)],
                                      limit=1, order="id")
        if not partner:
            return partners.create({
                "name": self._partner_name(form, values) or email or phone or form.name,
                "email": email or False,
                "mobile": phone or False,
            })
        if phone and not (partner.mobile or partner.phone):
            partner.mobile = phone
        return partner

    @api.model
    def _first_answer(self, form, field_type, values):
        field = form.field_ids.filtered(lambda f: f.field_type == field_type)[:1]
        return values.get(field.name) if field else None

    @api.model
    def _partner_name(self, form, values):
        """The answer of a text field keyed ``name`` (or ending in ``_name``)."""
        for field in form.field_ids.filtered(lambda f: f.field_type == "text"):
            if field.name == "name" or field.name.endswith("_name"):
                name = values.get(field.name)
                if name:
                    return name
        return None

    # ---------------------------------------------------------------- signing

    def _start_signing(self):
        """Make and send the signing request whose only signer is the submitter.

        The template fields mapped on form fields are filled from the answers
        (see ``esign_signer.py``); with ``require_sms`` the signer confirms a
        code sent to the contact's mobile.
        """
        self.ensure_one()
        form = self.form_id
        request_id = form.template_id.create_request([{
            "partner_id": self.partner_id.id,
            "role_id": form.signer_role_id.id,
            "auth_method": "sms" if form.require_sms else "email",
        }], name=f"{form.name} – {self.reference}")
        request = self.env["esign.request"].browse(request_id)
        request.write({"user_id": form.user_id.id or self.env.ref("base.user_root").id})
        self.write({"request_id": request.id, "state": "to_sign"})
        request.action_send()

    def _signing_path(self):
        """The signer's link path on this site, while there is something to sign."""
        self.ensure_one()
        signer = self.request_id.signer_ids.filtered(lambda s: s.state == "to_sign")[:1]
        return signer.access_url if signer else False

    def _answer_for_template_field(self, template_field_id):
        """The text to write on the template field ``template_field_id`` of the
        signing request, or None when no form field fills it."""
        self.ensure_one()
        rows = self.value_ids.filtered(
            lambda v: v.field_id.template_field_id.id == template_field_id)
        if not rows:
            return None
        if rows[0].field_type == "checkbox":
            return "1" if rows[0].value_bool else ""
        if rows[0].value_text:
            return " ".join(rows[0].value_text.split())[:TEMPLATE_TEXT_MAX]
        return ", ".join(rows.mapped("value_display"))[:TEMPLATE_TEXT_MAX]

    def _on_request_sealed(self):
        self.write({"state": "signed"})

    def _on_request_declined(self):
        self.write({"state": "declined"})

    def action_export_xlsx(self):
        """Server action "Export to Excel": download now, or hear back when ready."""
        attachment = self.env["ir.attachment"].browse(
            self.env["esign.form"].action_export_xlsx(self.ids))
        if attachment.file_size:
            return {"type": "ir.actions.act_url", "target": "self",
                    "url": f"/web/content/{attachment.id}?download=true"}
        return {"type": "ir.actions.client", "tag": "display_notification", "params": {
            "type": "info", "title": _("Export started"),
            "message": _("The file is written in the background; you will be notified "
                         "with it when it is ready.")}}

    def action_open_request(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "esign.request",
            "res_id": self.request_id.id, "view_mode": "form",
        }
