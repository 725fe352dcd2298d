from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import field_values
from ..tools.errors import EsignError
from .esign_evidence import check_evidence_write, neutralise_evidence_defaults
from .esign_template_field import FIELD_TYPES


class EsignRequestField(models.Model):
    """A field as it was sent with one request, frozen at sending.

    Moving, retyping or deleting the template's field afterwards changes
    nothing here: the signing page and the seal read these records.
    ``field_key`` is the template field's id at sending, the key under which
    the signing page submits values.
    """

    _name = "esign.request.field"
    _description = "Field of a sent request"
    _order = "request_id, page, pos_y, pos_x, id"

    request_id = fields.Many2one("esign.request", required=True, ondelete="cascade",
                                 index=True, readonly=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    field_key = fields.Integer(required=True, readonly=True,
                               help="Id of the template field this was copied from.")
    role_id = fields.Many2one("esign.role", required=True, ondelete="restrict", readonly=True)
    field_type = fields.Selection(FIELD_TYPES, required=True, readonly=True)
    name = fields.Char("Label", readonly=True)
    required = fields.Boolean(readonly=True)
    page = fields.Integer(required=True, readonly=True)
    pos_x = fields.Float("Left", required=True, digits=(6, 5), readonly=True)
    pos_y = fields.Float("Top", required=True, digits=(6, 5), readonly=True)
    width = fields.Float(required=True, digits=(6, 5), readonly=True)
    height = fields.Float(required=True, digits=(6, 5), readonly=True)
    choices = fields.Text(readonly=True, help="Choices as sent, one per line as key:Label.")
    condition_key = fields.Integer(
        readonly=True, help="field_key of the field of the same signer this one depends on.")
    condition_value = fields.Char(readonly=True)
    value = fields.Char("Filled-in value", readonly=True,
                        help="Value filled in before sending, e.g. from a business record.")
    editable = fields.Boolean(readonly=True,
                              help="Whether the signer may change the filled-in value.")

    _sql_constraints = [
        ("key_unique", "unique(request_id, field_key)", "A template field is sent once."),
    ]

    @api.model
    def default_get(self, fields_list):
        return neutralise_evidence_defaults(self, super().default_get(fields_list), self._fields)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_evidence_write(self, vals, self._fields)
        return super().create(vals_list)

    def write(self, vals):
        check_evidence_write(self, vals, self._fields)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # Deleted only with their request (a draft has none).
        raise UserError(_("The fields a request was sent with cannot be deleted."))

    def _choice_list(self):
        """``[(key, label)]`` as sent (checked on the template before)."""
        self.ensure_one()
        try:
            return field_values.parse_choices(self.choices)
        except EsignError:
            return []

    @api.depends("name", "field_type")
    def _compute_display_name(self):
        labels = dict(self._fields["field_type"]._description_selection(self.env))
        for field in self:
            field.display_name = field.name or labels.get(field.field_type)
