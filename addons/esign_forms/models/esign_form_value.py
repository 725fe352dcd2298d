from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .esign_form_field import FIELD_TYPES

# Which typed column holds each field type's answer.
VALUE_COLUMNS = {
    "text": "value_text", "textarea": "value_text", "email": "value_text",
    "phone": "value_text", "number": "value_number", "date": "value_date",
    "checkbox": "value_bool", "select": "value_choice", "multiselect": "value_choice",
}


class EsignFormValue(models.Model):
    """One typed answer of a submission (a multiple choice: one row per key).

    Values are evidence of what was submitted: they are created by the public
    flow only and never changed afterwards, whoever asks.
    """

    _name = "esign.form.value"
    _description = "Form answer"
    _order = "submission_id desc, sequence, id"
    _rec_name = "value_display"

    submission_id = fields.Many2one("esign.form.submission", required=True, ondelete="cascade",
                                    index=True, readonly=True)
    form_id = fields.Many2one(related="submission_id.form_id", store=True, index=True)
    company_id = fields.Many2one(related="submission_id.company_id", store=True)
    field_id = fields.Many2one("esign.form.field", required=True, ondelete="restrict",
                               index=True, readonly=True)
    sequence = fields.Integer(related="field_id.sequence")
    field_type = fields.Selection(FIELD_TYPES, readonly=True, required=True)
    value_text = fields.Text("Text", readonly=True)
    value_number = fields.Float("Number", readonly=True, index=True)
    value_date = fields.Date("Date", readonly=True, index=True)
    value_bool = fields.Boolean("Ticked", readonly=True)
    value_choice = fields.Char("Choice key", readonly=True, index=True)
    value_display = fields.Char("Answer", readonly=True,
                                help="The answer as people read it, for search and lists.")
    partner_id = fields.Many2one(related="submission_id.partner_id")
    submitted_on = fields.Datetime(related="submission_id.create_date", string="Submitted on")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("Form answers are recorded by the public form only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(_("Form answers cannot be changed."))
        return super().write(vals)

    @api.model
    def _prepare_rows(self, field, value):
        """The value rows of one typed answer of ``field`` (none when empty)."""
        if value is None or field.field_type == "signature":
            return []
        base = {"field_id": field.id, "field_type": field.field_type}
        if field.field_type == "multiselect":
            labels = dict(field._choice_list())
            return [dict(base, value_choice=key, value_display=labels.get(key, key))
                    for key in value]
        column = VALUE_COLUMNS[field.field_type]
        return [dict(base, **{column: value, "value_display": self._display(field, value)})]

    @api.model
    def _display(self, field, value):
        if field.field_type == "select":
            return dict(field._choice_list()).get(value, value)
        if field.field_type == "checkbox":
            return _("Yes") if value else _("No")
        if field.field_type == "date":
            return fields.Date.to_string(value)
        if field.field_type == "number":
            return str(int(value)) if float(value).is_integer() else str(value)
        return value[:200]

    def _typed_value(self):
        """The Python value of this row, as the export writes it."""
        self.ensure_one()
        column = VALUE_COLUMNS.get(self.field_type)
        return self[column] if column else None
