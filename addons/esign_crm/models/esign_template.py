from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import signers as signer_tools

SCOPE_SELECTION = [
    ("any", "Deals and contacts"),
    ("crm.lead", "Deals"),
    ("res.partner", "Contacts"),
]
# System parameter holding the default company signer (a res.users id).
SIGNER_PARAM = "esign_crm.signer_user_id"


class EsignTemplate(models.Model):
    _inherit = "esign.template"

    res_model_scope = fields.Selection(
        SCOPE_SELECTION, "Used from", required=True, default="any",
        help="Whether the template is offered on deals, on contacts or on both. "
        "It decides which record values its fields may be filled with.")
    crm_stage_id = fields.Many2one(
        "crm.stage", "Move the deal to", ondelete="set null",
        help="Once every party signed and the document is sealed, the deal moves to "
        "this stage.")
    crm_mark_won = fields.Boolean(
        "Mark the deal won", help="Once every party signed and the document is sealed, "
        "the deal is marked won.")
    crm_signer_user_id = fields.Many2one(
        "res.users", "Company signer", domain=[("share", "=", False)],
        help="Signs first for the company when sending from a deal or a contact. "
        "Empty: the default of the settings, else the salesperson.")

    @api.constrains("res_model_scope")
    def _check_field_sources(self):
        self.field_ids._check_source()

    def _crm_check_scope(self, model):
        """Refuse a template that does not serve ``model``."""
        for template in self:
            if template.res_model_scope not in ("any", model):
                raise UserError(_(
                    "The template “%(template)s” is not meant for %(what)s.",
                    template=template.name,
                    what=_("deals") if model == "crm.lead" else _("contacts")))

    def _crm_company_signer(self, salesperson):
        """The user who signs first for the company."""
        self.ensure_one()
        if self.crm_signer_user_id:
            return self.crm_signer_user_id
        param = self.env["ir.config_parameter"].sudo().get_param(SIGNER_PARAM)
        default = self.env["res.users"].sudo().browse(int(param or 0)).exists()
        return default or salesperson or self.env.user

    def _crm_default_signers(self, salesperson, customer):
        """Default signers in the API's form: company first, customer second
        (see tools/signers.py for how roles are given out)."""
        self.ensure_one()
        roles = self.role_ids.sorted(lambda r: (r.sequence, r.id))
        company_partner = self._crm_company_signer(salesperson).partner_id
        return signer_tools.default_signers(roles.ids, company_partner.id, customer.id)
