from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import field_values
from ..tools.errors import EsignError
from .esign_errors import translated_message

FIELD_TYPES = [
    ("signature", "Signature"),
    ("initials", "Initials"),
    ("stamp", "Company stamp"),
    ("name", "Name"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("date", "Date"),
    ("text", "Text"),
    ("checkbox", "Checkbox"),
    ("number", "Number"),
    ("select", "Single choice"),
    ("multiselect", "Multiple choice"),
    ("attachment", "Attached file"),
]
# Field types whose value is an image drawn by or uploaded by the signer.
IMAGE_FIELD_TYPES = ("signature", "initials", "stamp")
CHOICE_FIELD_TYPES = ("select", "multiselect")
# Fields whose value another field's condition may test.
CONDITION_SOURCE_TYPES = ("text", "checkbox", "number", "select", "multiselect")


class EsignTemplateField(models.Model):
    """A place on a template's page where one role writes, draws or ticks.

    Positions are fractions of the page *as the reader sees it* (after its
    rotation), measured from its top-left corner, so that a placement editor
    can store what the user saw and any page size or rotation works.
    """

    _name = "esign.template.field"
    _description = "Template field"
    _order = "page, pos_y, pos_x, id"

    template_id = fields.Many2one("esign.template", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    role_id = fields.Many2one("esign.role", required=True, ondelete="restrict")
    field_type = fields.Selection(FIELD_TYPES, required=True, default="signature")
    name = fields.Char("Label", translate=True)
    required = fields.Boolean(default=True)
    page = fields.Integer(required=True, default=1, help="Page number, counted from 1.")
    pos_x = fields.Float("Left", required=True, digits=(6, 5))
    pos_y = fields.Float("Top", required=True, digits=(6, 5))
    width = fields.Float(required=True, default=0.25, digits=(6, 5))
    height = fields.Float(required=True, default=0.05, digits=(6, 5))
    choices = fields.Text(translate=True,
                          help="For choice fields: one choice per line, as key:Label. The key "
                          "is what the API sends and stores, the label what people read.")
    condition_field_id = fields.Many2one(
        "esign.template.field", "Shown when", ondelete="set null",
        domain="[('template_id', '=', template_id), ('role_id', '=', role_id), "
        "('field_type', 'in', ['text', 'checkbox', 'number', 'select', 'multiselect'])]",
        help="Show this field, and ask for it, only when that field of the same signer "
        "holds the value below.")
    condition_value = fields.Char(
        "Has the value",
        help="A choice key, 1 for a ticked checkbox (0 for unticked), a number or a text.")
    seal_id = fields.Many2one("esign.seal", "Seal", ondelete="restrict",
                              domain="[('company_id', '=', company_id)]",
                              help="For a company stamp: the seal it takes, applied only by "
                              "users allowed to apply it.")

    @api.constrains("seal_id", "field_type", "role_id", "template_id")
    def _check_seal(self):
        """A seal goes on stamp fields of its company; one role takes one
        seal (a signer carries one stamp image)."""
        for field in self.filtered("seal_id"):
            if field.field_type != "stamp":
                raise ValidationError(_("Only company stamp fields take a seal."))
            if field.seal_id.company_id != field.template_id.company_id:
                raise ValidationError(_("The seal belongs to another company."))
            seals = field.template_id.field_ids.filtered(
                lambda f, r=field.role_id: f.role_id == r and f.field_type == "stamp").seal_id
            if len(seals) > 1:
                raise ValidationError(_("One role's stamp fields take one seal."))

    def _choice_list(self):
        """``[(key, label)]`` of a choice field (checked by the constraint)."""
        self.ensure_one()
        try:
            return field_values.parse_choices(self.choices)
        except EsignError as err:
            raise ValidationError(translated_message(self.env, err)) from None

    @api.constrains("field_type", "choices")
    def _check_choices(self):
        for field in self:
            choices = field._choice_list()
            if field.field_type in CHOICE_FIELD_TYPES and not choices:
                raise ValidationError(_("Choice field “%(label)s” needs at least one choice, "
                                        "one per line as key:Label.", label=field.display_name))

    @api.constrains("condition_field_id", "condition_value", "role_id", "field_type", "choices")
    def _check_condition(self):
        """Checked on the dependent field and again when the field it
        depends on changes (type, role, choices)."""
        dependents = self.search([("condition_field_id", "in", self.ids)]) if self.ids else self
        for field in (self | dependents).filtered("condition_field_id"):
            source = field.condition_field_id
            if source.template_id != field.template_id or source.role_id != field.role_id:
                raise ValidationError(_("A field depends only on a field of the same signer."))
            if source.field_type not in CONDITION_SOURCE_TYPES \
                    or field.field_type in IMAGE_FIELD_TYPES:
                raise ValidationError(_(
                    "Conditions go on fields other than signatures, initials and stamps, "
                    "and test a text, number, checkbox or choice field."))
            if not (field.condition_value or "").strip():
                raise ValidationError(_("Say which value shows “%(label)s”.",
                                        label=field.display_name))
            if source.field_type == "checkbox" and field.condition_value.strip().lower() \
                    not in ("1", "0", "true", "false"):
                raise ValidationError(_("A checkbox is tested with 1 (ticked) or 0 (not ticked)."))
            if source.field_type in CHOICE_FIELD_TYPES and field.condition_value.strip() \
                    not in dict(source._choice_list()):
                raise ValidationError(_("“%(value)s” is not a choice key of “%(other)s”.",
                                        value=field.condition_value,
                                        other=source.display_name))
            seen, step = field, source
            while step:
                if step in seen:
                    raise ValidationError(_("Conditions cannot go round in a circle."))
                seen |= step
                step = step.condition_field_id

    @api.constrains("page", "pos_x", "pos_y", "width", "height", "template_id")
    def _check_placement(self):
        for field in self:
            page_count = field.template_id.page_count
            if field.page < 1 or (page_count and field.page > page_count):
                raise ValidationError(
                    _(
                        "Field “%(label)s” is on page %(page)s, but the document has "
                        "%(count)s pages.",
                        label=field.display_name,
                        page=field.page,
                        count=page_count,
                    )
                )
            if field.width <= 0 or field.height <= 0:
                raise ValidationError(_("A field needs a width and a height above zero."))
            if field.pos_x < 0 or field.pos_y < 0:
                raise ValidationError(_("A field cannot start outside the page."))
            if field.pos_x + field.width > 1.0001 or field.pos_y + field.height > 1.0001:
                raise ValidationError(
                    _("Field “%(label)s” runs off the page.", label=field.display_name)
                )

    @api.depends("name", "field_type")
    def _compute_display_name(self):
        labels = dict(self._fields["field_type"]._description_selection(self.env))
        for field in self:
            field.display_name = field.name or labels.get(field.field_type)
