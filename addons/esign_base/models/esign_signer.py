from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import masking, tokens
from .esign_evidence import as_flow, check_evidence_write, neutralise_evidence_defaults

SIGNER_STATES = [
    ("waiting", "Waiting for others"),
    ("to_sign", "To sign"),
    ("signed", "Signed"),
    ("declined", "Declined"),
    ("cancelled", "Cancelled"),
]
AUTH_METHODS = [
    ("email", "Link by email"),
    ("sms", "Link by email + code by SMS"),
]


class EsignSigner(models.Model):
    """One party of a request, reached through a personal, unguessable link.

    The public actions of the signing page (opening, codes, signing,
    declining) live in ``esign_signer_portal.py``; this file holds the
    record, its invitation and what the back office sees.
    """

    _name = "esign.signer"
    _description = "Signer"
    _inherit = ["portal.mixin"]
    _order = "request_id, sequence, id"
    _rec_name = "partner_id"

    # Set only by the signing process (see esign_evidence.py).
    _EVIDENCE_FIELDS = (
        "request_id", "company_id", "state", "values", "signature", "initials", "stamp",
        "signed_on", "signed_ip", "signed_name", "signed_email", "decline_reason",
        "phone_e164", "date_invited", "access_token",
        "otp_code_hash", "otp_salt", "otp_issued_at", "otp_attempts", "otp_sends",
        "otp_last_sent_at", "otp_verified_at", "otp_sms_id", "otp_session_key",
    )
    # Who signs, in which order and how: changeable only while a draft.
    _DRAFT_ONLY_FIELDS = ("partner_id", "role_id", "auth_method", "sequence")

    request_id = fields.Many2one("esign.request", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", "Contact", required=True, ondelete="restrict")
    role_id = fields.Many2one("esign.role", required=True, ondelete="restrict")
    sequence = fields.Integer("Order", default=1,
                              help="Signers with the same order sign in parallel.")
    auth_method = fields.Selection(AUTH_METHODS, "Authentication", default="email",
                                   required=True)
    state = fields.Selection(SIGNER_STATES, default="waiting", required=True, readonly=True,
                             copy=False, index=True)
    phone_e164 = fields.Char("Phone (E.164)", readonly=True, copy=False)
    email = fields.Char(related="partner_id.email")
    date_invited = fields.Datetime("Invited on", readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    signed_ip = fields.Char("Signed from IP", readonly=True, copy=False)
    # Who signed, as they were at that moment: a later rename or merge of the
    # contact must not change what the receipt and the verify page say.
    signed_name = fields.Char("Name when signing", readonly=True, copy=False)
    signed_email = fields.Char("Email when signing", readonly=True, copy=False)
    decline_reason = fields.Text(readonly=True, copy=False)
    values = fields.Json(readonly=True, copy=False, groups="esign_base.group_esign_user")
    signature = fields.Binary(attachment=True, readonly=True, copy=False)
    initials = fields.Binary(attachment=True, readonly=True, copy=False)
    stamp = fields.Binary(attachment=True, readonly=True, copy=False)
    # One-time code state: read and written only by the signing process.
    otp_code_hash = fields.Char(copy=False, groups="base.group_system")
    otp_salt = fields.Char(copy=False, groups="base.group_system")
    otp_issued_at = fields.Datetime(copy=False, groups="base.group_system")
    otp_attempts = fields.Integer(copy=False, groups="base.group_system")
    otp_sends = fields.Integer(copy=False, groups="base.group_system")
    otp_last_sent_at = fields.Datetime(copy=False, groups="base.group_system")
    otp_verified_at = fields.Datetime(copy=False, groups="base.group_system")
    otp_sms_id = fields.Many2one("sms.sms", copy=False, groups="base.group_system")
    # Changes at every passed code: a browser's proof names the session it
    # belongs to, so an older proof dies with a newer code.
    otp_session_key = fields.Char(copy=False, groups="base.group_system")

    @api.model
    def default_get(self, fields_list):
        return neutralise_evidence_defaults(self, super().default_get(fields_list),
                                            self._EVIDENCE_FIELDS)

    @api.model_create_multi
    def create(self, vals_list):
        requests = self.env["esign.request"]
        for vals in vals_list:
            check_evidence_write(self, {k: v for k, v in vals.items() if k != "request_id"},
                                 self._EVIDENCE_FIELDS)
            requests |= requests.browse(vals.get("request_id"))
        if any(request.state != "draft" for request in requests.sudo()):
            raise UserError(_("Signers can only be added while the request is a draft."))
        signers = super().create(vals_list)
        for signer in as_flow(signers.sudo()):
            signer.access_token = tokens.new_token()
        return signers

    def write(self, vals):
        check_evidence_write(self, vals, self._EVIDENCE_FIELDS)
        if set(vals) & set(self._DRAFT_ONLY_FIELDS) and any(
            signer.request_id.state != "draft" for signer in self
        ):
            raise UserError(_("Signers can only be changed while the request is a draft."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_from_drafts(self):
        if any(signer.request_id.state != "draft" for signer in self):
            raise UserError(_("Signers can only be removed while the request is a draft."))

    # ------------------------------------------------------------ the link
    # The link is the signer's only credential. It is shown to those who
    # may read the request (the sender copies it) and to nobody else:
    # computed without sudo, and every portal.mixin way to it checks access.

    def _portal_ensure_token(self):
        for signer in as_flow(self.sudo()).filtered(lambda s: not s.access_token):
            signer.access_token = tokens.new_token()
        return self.access_token

    def _compute_access_url(self):
        for signer in self:
            signer.access_url = f"/esign/sign/{signer.id}/{signer.access_token}"

    def get_portal_url(self, suffix=None, report_type=None, download=None, query_string=None,
                       anchor=None):
        self.check_access("read")
        return super().get_portal_url(suffix=suffix, report_type=report_type,
                                      download=download, query_string=query_string,
                                      anchor=anchor)

    def _get_share_url(self, redirect=False, signup_partner=False, pid=None, share_token=True):
        self.check_access("read")
        return super()._get_share_url(redirect=redirect, signup_partner=signup_partner,
                                      pid=pid, share_token=share_token)

    def _full_access_url(self):
        self.ensure_one()
        return self.request_id.get_base_url() + self.access_url

    def _prepare_for_sending(self):
        """Check and normalise what each signer's authentication needs."""
        for signer in as_flow(self):
            if signer.auth_method != "sms":
                continue
            partner = signer.partner_id
            number = partner._phone_format(
                number=partner.mobile or partner.phone or "",
                country=partner.country_id or signer.company_id.country_id,
                force_format="E164",
            )
            if not number:
                raise UserError(_(
                    "%(name)s needs a valid mobile number to receive a signing code by SMS.",
                    name=partner.display_name,
                ))
            signer.phone_e164 = number

    def _invite(self):
        """Open the signers' links and send them the invitation email."""
        template = self.env.ref("esign_base.mail_template_signer_invite")
        for signer in as_flow(self):
            signer.write({"state": "to_sign", "date_invited": fields.Datetime.now()})
            template.send_mail(signer.id, email_layout_xmlid="esign_base.mail_layout_signer")
            signer.request_id._log("sent", signer=signer, actor=signer.request_id.user_id.name,
                                   details=_("Invitation emailed to %(email)s",
                                             email=masking.mask_email(signer.partner_id.email)))

    def _masked_contact(self):
        self.ensure_one()
        if self.auth_method == "sms" and self.phone_e164:
            return masking.mask_phone(self.phone_e164)
        return masking.mask_email(self.signed_email or self.partner_id.email or "")

    def _signer_name(self):
        """The name the evidence shows: as it was when signing."""
        self.ensure_one()
        return self.signed_name or self.partner_id.name or ""

    def _authentication_label(self):
        self.ensure_one()
        labels = dict(self._fields["auth_method"]._description_selection(self.env))
        return labels[self.auth_method]

    def action_resend_invitation(self):
        """Email the link again; the signer may ask for codes afresh, so
        somebody who exhausted them with the link cannot lock them out."""
        self.check_access("write")
        for signer in as_flow(self.sudo()).filtered(lambda s: s.state == "to_sign"):
            signer.write({"otp_sends": 0, "otp_attempts": 0, "otp_last_sent_at": False})
            self.env.ref("esign_base.mail_template_signer_invite").send_mail(
                signer.id, email_layout_xmlid="esign_base.mail_layout_signer")
            signer.request_id._log("sent", signer=signer, details=_(
                "Invitation emailed again to %(email)s",
                email=masking.mask_email(signer.partner_id.email)))
        return True
