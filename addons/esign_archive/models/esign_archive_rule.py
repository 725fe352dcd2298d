from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import names
from ..tools.errors import ArchiveError, PathPatternError

DEFAULT_PATTERN = "Signed documents/{year}/{partner}"


class EsignArchiveRule(models.Model):
    """Where a sealed request is filed: the first active matching rule wins.

    A rule matches when each criterion it sets matches (empty means any):
    template, company, partner (any signer's partner or its company), partner
    tag, and, when the CRM is installed and the request carries a deal
    (``lead_id``), the deal's stage and salesperson. This addon does not
    depend on the CRM: those two criteria read the request's optional
    ``lead_id`` field when it exists and never match otherwise.
    """

    _name = "esign.archive.rule"
    _description = "Archive filing rule"
    _order = "sequence, id"

    _check_company_auto = True

    # Optional for callers: a rule created or left without a name is named
    # after its path pattern (see create and write).
    name = fields.Char(help="Empty: the path pattern.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    # Only an administrator may leave it empty (record rules): a rule for all
    # companies files every company's documents.
    company_id = fields.Many2one("res.company", index=True,
                                 default=lambda self: self.env.company,
                                 help="Empty: requests of any company (administrators only).")
    template_id = fields.Many2one("esign.template", ondelete="cascade", check_company=True)
    partner_id = fields.Many2one("res.partner", "Partner", ondelete="cascade",
                                 check_company=True,
                                 help="Matches when a signer is this partner or works for it.")
    partner_category_id = fields.Many2one("res.partner.category", "Partner tag",
                                          ondelete="cascade")
    deal_stage_name = fields.Char("Deal stage", help="With the CRM only: the deal's stage name.")
    deal_user_id = fields.Many2one("res.users", "Salesperson", ondelete="cascade",
                                   check_company=True,
                                   help="With the CRM only: the deal's salesperson.")
    path_pattern = fields.Char(
        required=True, default=DEFAULT_PATTERN,
        help="Directories separated by /, with {year}, {month}, {partner}, {template}, "
        "{deal} and {company}. Missing directories are created.")
    retention_years = fields.Integer(help="Overrides the directory's retention when set.")

    @api.model_create_multi
    def create(self, vals_list):
        unnamed = [vals for vals in vals_list if not vals.get("name")]
        if unnamed:
            default = self.default_get(["path_pattern"]).get("path_pattern") or DEFAULT_PATTERN
            for vals in unnamed:
                vals["name"] = vals.get("path_pattern") or default
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if "company_id" in vals:
            # The record rules are checked before a write: check them again
            # so that a manager cannot move a rule to another company or to
            # all companies.
            self.check_access("write")
        if "name" in vals and not vals["name"]:
            for rule in self:
                rule.name = rule.path_pattern
        return result

    @api.constrains("path_pattern")
    def _check_path_pattern(self):
        for rule in self:
            try:
                names.check_pattern(rule.path_pattern)
            except PathPatternError as err:
                raise ValidationError(_("Unknown placeholder {%(name)s} in %(pattern)s.",
                                        name=err.values["placeholder"],
                                        pattern=rule.path_pattern)) from err
            except ArchiveError as err:
                raise ValidationError(_("The path pattern %(pattern)s is not valid.",
                                        pattern=rule.path_pattern)) from err

    # ---------------------------------------------------------------- matching

    @api.model
    def _match(self, request, cache=None):
        """The first active rule, by sequence, that applies to ``request``.

        ``cache`` (a dict kept by the caller over a batch) saves searching
        the rules again for each request of the same company.
        """
        facts = self._request_facts(request)
        cache = {} if cache is None else cache
        company_id = request.company_id.id
        if company_id not in cache:
            cache[company_id] = self.sudo().search([("company_id", "in", [False, company_id])])
        return next((rule for rule in cache[company_id] if rule._matches(facts)), self.browse())

    @api.model
    def _prefetch_facts(self, requests):
        """Read what matching and naming look at for a batch of requests at once."""
        partners = requests.sudo().signer_ids.partner_id
        (partners | partners.commercial_partner_id).mapped("category_id")

    @api.model
    def _request_facts(self, request):
        request = request.sudo()
        partners = request.signer_ids.partner_id
        partners |= partners.commercial_partner_id
        lead = request["lead_id"] if "lead_id" in request._fields else None
        return {
            "company": request.company_id,
            "template": request.template_id,
            "partners": partners,
            "categories": partners.category_id,
            "stage": (lead.stage_id.name or "") if lead else None,
            "salesperson": lead.user_id if lead else None,
        }

    def _matches(self, facts):
        self.ensure_one()
        checks = (
            not self.company_id or self.company_id == facts["company"],
            not self.template_id or self.template_id == facts["template"],
            not self.partner_id or self.partner_id in facts["partners"],
            not self.partner_category_id or self.partner_category_id in facts["categories"],
            not self.deal_stage_name or (facts["stage"] or "").strip().lower()
            == self.deal_stage_name.strip().lower(),
            not self.deal_user_id or (facts["salesperson"] is not None
                                      and self.deal_user_id == facts["salesperson"]),
        )
        return all(checks)

    # ------------------------------------------------------------------ target

    def _target_segments(self, request, partner):
        """The clean directory names this rule (or the default pattern) files ``request`` under."""
        pattern = self.path_pattern if self else DEFAULT_PATTERN
        values = self.env["esign.archive.rule"]._path_values(request, partner)
        try:
            return names.render_path(pattern, values)
        except ArchiveError as err:
            raise ValidationError(_("The path pattern %(pattern)s is not valid.",
                                    pattern=pattern)) from err

    @api.model
    def _path_values(self, request, partner):
        request = request.sudo()
        when = request.date_signed or fields.Datetime.now()
        lead = request["lead_id"] if "lead_id" in request._fields else None
        return {
            "year": f"{when.year:04d}",
            "month": f"{when.month:02d}",
            "partner": partner.name or "",
            "template": request.template_id.name or "",
            "deal": (lead.name or "") if lead else "",
            "company": request.company_id.name or "",
        }
