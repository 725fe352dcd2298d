from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import sources

# Field types a record value can fill; pictures and ticks come from the signer.
SOURCE_FIELD_TYPES = ("name", "email", "phone", "date", "text")


class EsignTemplateField(models.Model):
    _inherit = "esign.template.field"

    source = fields.Char(
        "Filled from", help="A value of the deal or contact the request is sent from, "
        "frozen into the request at sending. Only the paths of the list are accepted.")
    source_pick = fields.Selection(
        selection="_selection_source_pick", string="Fill from",
        compute="_compute_source_pick", inverse="_inverse_source_pick")
    editable = fields.Boolean(
        help="Let the signer change the filled-in value; otherwise it is shown read-only.")

    @api.model
    def _selection_source_pick(self):
        return [(path, self.env._(label)) for path, label in sources.all_paths()]  # pylint: disable=translation-not-lazy

    @api.depends("source")
    def _compute_source_pick(self):
        known = dict(sources.all_paths())
        for field in self:
            field.source_pick = field.source if field.source in known else False

    def _inverse_source_pick(self):
        for field in self:
            field.source = field.source_pick or False

    @api.constrains("source", "field_type", "template_id")
    def _check_source(self):
        for field in self.filtered("source"):
            scope = field.template_id.res_model_scope
            try:
                sources.check_source(field.source, scope)
            except sources.SourceRejected:
                raise ValidationError(_(
                    "“%(path)s” is not a value a template for %(scope)s can be filled with. "
                    "Pick one from the list.", path=field.source,
                    scope=dict(field.template_id._fields["res_model_scope"]
                               ._description_selection(self.env)).get(scope, scope),
                )) from None
            if field.field_type not in SOURCE_FIELD_TYPES:
                raise ValidationError(_(
                    "Field “%(label)s” is a %(type)s: only text, name, email, phone and "
                    "date fields take a value from the record.", label=field.display_name,
                    type=field.field_type))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_source_syntax(vals.get("source"))
        return super().create(vals_list)

    def write(self, vals):
        self._check_source_syntax(vals.get("source"))
        return super().write(vals)

    @api.model
    def _check_source_syntax(self, path):
        """Refuse at once any path no scope knows (the scope check follows
        in the constraint, once the template is known)."""
        if path and path not in dict(sources.all_paths()):
            raise ValidationError(_("“%(path)s” is not in the list of values a field can be "
                                    "filled with.", path=path))
