from odoo import _, api, fields, models
from odoo.exceptions import UserError


class EsignRole(models.Model):
    """A part a signer plays on a document: "Company", "Customer", "Witness"."""

    _name = "esign.role"
    _description = "Signer role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "A role with this name already exists."),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.env["esign.signer"].sudo().search_count([("role_id", "in", self.ids)])
        used += self.env["esign.template.field"].sudo().search_count([("role_id", "in", self.ids)])
        if used:
            raise UserError(_("This role is used by templates or signers: archive it instead."))
