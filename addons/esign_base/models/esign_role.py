from odoo import fields, models


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
