from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import masking, phone, tokens
from ..tools.errors import PhoneError

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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals["access_token"] = tokens.new_token()
        return super().create(vals_list)

    def _portal_ensure_token(self):
        for signer in self.filtered(lambda s: not s.access_token):
            signer.sudo().access_token = tokens.new_token()
        return self.access_token

    def _compute_access_url(self):
        for signer in self:
            signer.access_url = f"/esign/sign/{signer.id}/{signer.sudo().access_token}"

    def _full_access_url(self):
        self.ensure_one()
        return self.request_id.get_base_url() + self.access_url

    def write(self, vals):
        if {"partner_id", "role_id", "auth_method"} & set(vals) and any(
            signer.request_id.state != "draft" for signer in self
        ):
            raise UserError(_("Signers can only be changed while the request is a draft."))
        return super().write(vals)

    def _prepare_for_sending(self):
        """Check and normalise what each signer's authentication needs."""
        for signer in self:
            if signer.auth_method != "sms":
                continue
            partner = signer.partner_id
            try:
                number = phone.to_e164(partner.mobile or partner.phone or "",
                                       partner.country_id.code or signer.company_id.country_id.code)
            except PhoneError:
                raise UserError(_(
                    "%(name)s needs a valid mobile number to receive a signing code by SMS.",
                    name=partner.display_name,
                )) from None
            signer.phone_e164 = number

    def _invite(self):
        """Open the signers' links and send them the invitation email."""
        template = self.env.ref("esign_base.mail_template_signer_invite")
        for signer in self:
            signer.write({"state": "to_sign", "date_invited": fields.Datetime.now()})
            template.send_mail(signer.id, email_layout_xmlid="mail.mail_notification_light")
            signer.request_id._log("sent", signer=signer, actor=signer.request_id.user_id.name,
                                   details=_("Invitation emailed to %(email)s",
                                             email=masking.mask_email(signer.partner_id.email)))

    def _masked_contact(self):
        self.ensure_one()
        if self.auth_method == "sms" and self.phone_e164:
            return masking.mask_phone(self.phone_e164)
        return masking.mask_email(self.partner_id.email or "")

    def _authentication_label(self):
        self.ensure_one()
        labels = dict(self._fields["auth_method"]._description_selection(self.env))
        return labels[self.auth_method]

    def action_resend_invitation(self):
        for signer in self.filtered(lambda s: s.state == "to_sign"):
            self.env.ref("esign_base.mail_template_signer_invite").send_mail(
                signer.id, email_layout_xmlid="mail.mail_notification_light")
        return True
