from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_amount, format_date

from ..tools import signers as signer_tools
from ..tools import sources

# What a deal's or contact's signature status is, from its latest request
# that was sent (drafts, cancelled and expired ones do not count).
ESIGN_STATES = [
    ("none", "No signature"),
    ("awaiting", "Awaiting signature"),
    ("signed", "Signed"),
    ("declined", "Declined"),
]
_STATE_OF_REQUEST = {"sent": "awaiting", "signed": "signed", "declined": "declined"}


class EsignRequest(models.Model):
    _inherit = "esign.request"

    # What the request is about: set when it is created, fixed once sent.
    _CRM_ORIGIN_FIELDS = ("lead_id", "partner_id")

    lead_id = fields.Many2one("crm.lead", "Deal", index="btree_not_null", ondelete="restrict",
                              tracking=True, check_company=True)
    partner_id = fields.Many2one("res.partner", "Contact", index="btree_not_null",
                                 ondelete="restrict", tracking=True)
    lead_stage_id = fields.Many2one(related="lead_id.stage_id", string="Deal stage",
                                    store=True)
    lead_user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson",
                                   store=True, index="btree_not_null")
    verify_url = fields.Char("Verification link", compute="_compute_verify_url")

    @api.depends("fingerprint")
    def _compute_verify_url(self):
        for request in self:
            request.verify_url = request.fingerprint and (
                f"{request.get_base_url()}/esign/verify/{request.fingerprint}")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._crm_check_origin_access(vals)
        return super().create(vals_list)

    def write(self, vals):
        if {"lead_stage_id", "lead_user_id"} & set(vals):
            raise UserError(_("The deal's stage and salesperson are changed on the deal."))
        if set(vals) & set(self._CRM_ORIGIN_FIELDS):
            if any(request.state != "draft" for request in self):
                raise UserError(_("The deal and contact of a request are fixed once it is "
                                  "sent: they are part of what was signed."))
            self._crm_check_origin_access(vals)
        return super().write(vals)

    @api.model
    def _crm_check_origin_access(self, vals):
        """Only a deal or contact the user may read can be named."""
        if vals.get("lead_id"):
            self.env["crm.lead"].browse(vals["lead_id"]).check_access("read")
        if vals.get("partner_id"):
            self.env["res.partner"].browse(vals["partner_id"]).check_access("read")

    def _crm_origin(self):
        """The record the request was sent from: its deal, else its contact."""
        self.ensure_one()
        return self.lead_id or self.partner_id

    def _crm_customer(self):
        self.ensure_one()
        return self.lead_id.partner_id if self.lead_id else self.partner_id

    # ---------------------------------------------------------- frozen values

    def _prepare_frozen_field_values(self, template_field):
        """Fill a mapped field with its value from the deal or the contact."""
        values = super()._prepare_frozen_field_values(template_field)
        origin = self._crm_origin()
        if not template_field.source or not origin:
            return values
        text = self._crm_field_text(template_field, origin)
        if text:
            values.update(value=text, editable=template_field.editable)
        elif template_field.required:
            raise UserError(_(
                "%(record)s has no value for “%(what)s”, which the template field "
                "“%(field)s” needs. Fill it in on the record, or make the field optional.",
                record=origin.display_name, field=template_field.display_name,
                what=dict(template_field._selection_source_pick()).get(
                    template_field.source, template_field.source)))
        return values

    def _crm_field_text(self, template_field, origin):
        """A source's value as the signer reads it ("" when missing)."""
        scope = template_field.template_id.res_model_scope
        target, path, kind = sources.resolve(template_field.source, scope, origin._name)
        if target == "today":
            value = fields.Date.context_today(self)
        else:
            record = self.company_id if target == "company" else origin.sudo()
            for name in path.split("."):
                record = record[name] if record else False
            value = record
        return self._crm_format(value, kind)

    def _crm_format(self, value, kind):
        if not value:
            return ""
        lang = self._crm_customer().lang or self.env.lang
        if kind == "date":
            return format_date(self.env, value, lang_code=lang)
        if kind == "monetary":
            currency = self.lead_id.company_currency or self.company_id.currency_id
            return format_amount(self.env, value, currency, lang_code=lang)
        return " ".join(str(value).split())

    # ------------------------------------------------------------- sending

    @api.model
    def _crm_send(self, origin, template_id, signers=None):
        """Create and send a request about ``origin`` (a deal or a contact)."""
        origin.ensure_one()
        origin.check_access("read")
        template = self.env["esign.template"].browse(int(template_id or 0)).exists()
        if not template:
            raise UserError(_("Choose the template to send."))
        template.check_access("read")
        template._crm_check_scope(origin._name)
        if signers is None:
            signers = origin._esign_default_signers(template)
        try:
            specs = signer_tools.to_base_signers(signers)
        except signer_tools.SignerSpecError as err:
            raise UserError(_("Signer %(index)s cannot be used (%(code)s): each needs a contact, "
                              "a role and an authentication of email or sms.",
                              index=err.index, code=err.code)) from None
        self._crm_check_sms_numbers(specs, template.company_id)
        lead = origin if origin._name == "crm.lead" else self.env["crm.lead"]
        partner = lead.partner_id if lead else origin
        request = self.create({
            "name": f"{template.name} - {origin.display_name}",
            "template_id": template.id,
            "company_id": template.company_id.id,
            "lead_id": lead.id,
            "partner_id": partner.id,
            "signer_ids": [fields.Command.create(dict(spec)) for spec in specs],
        })
        request.action_send()
        return request

    @api.model
    def _crm_check_sms_numbers(self, specs, company):
        """Every SMS signer needs a number we can text, in E.164."""
        for spec in specs:
            if spec["auth_method"] != "sms":
                continue
            partner = self.env["res.partner"].browse(spec["partner_id"])
            number = partner._phone_format(
                number=partner.mobile or partner.phone or "",
                country=partner.country_id or company.country_id, force_format="E164")
            if not number:
                raise UserError(_(
                    "%(name)s has no valid mobile or phone number to receive the signing "
                    "code by SMS.", name=partner.display_name))

    # --------------------------------------------------------- status on records

    @api.model
    def _crm_latest_states(self, link, ids):
        """``{record id: esign state}`` from each record's latest sent request."""
        assert link in self._CRM_ORIGIN_FIELDS
        if not ids:
            return {}
        self.flush_model([link, "state"])
        self.env.cr.execute(SQL(
            "SELECT DISTINCT ON (%(link)s) %(link)s, state FROM esign_request "
            "WHERE %(link)s = ANY(%(ids)s) AND state IN ('sent', 'signed', 'declined') "
            "ORDER BY %(link)s, id DESC", link=SQL.identifier(link), ids=list(ids)))
        return {row[0]: _STATE_OF_REQUEST[row[1]] for row in self.env.cr.fetchall()}

    @api.model
    def _crm_search_state(self, link, operator, value):
        """A domain on the linked model for ``esign_state <operator> value``."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the signature status."))
        wanted = {value} if isinstance(value, str) else set(value or ())
        self.flush_model([link, "state"])
        self.env.cr.execute(SQL(
            "SELECT DISTINCT ON (%(link)s) %(link)s, state FROM esign_request "
            "WHERE %(link)s IS NOT NULL AND state IN ('sent', 'signed', 'declined') "
            "ORDER BY %(link)s, id DESC", link=SQL.identifier(link)))
        states = {row[0]: _STATE_OF_REQUEST[row[1]] for row in self.env.cr.fetchall()}
        matching = [rid for rid, state in states.items() if state in wanted]
        if "none" in wanted:
            domain = [("id", "not in", [rid for rid in states if rid not in matching])]
        else:
            domain = [("id", "in", matching)]
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        return domain
