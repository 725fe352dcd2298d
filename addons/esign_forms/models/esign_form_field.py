import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import validation
from ..tools.errors import ChoicesInvalid, PatternInvalid

FIELD_TYPES = [
    ("text", "Text"),
    ("textarea", "Long text"),
    ("number", "Number"),
    ("date", "Date"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("select", "Single choice"),
    ("multiselect", "Multiple choice"),
    ("checkbox", "Checkbox"),
    ("signature", "Signature"),
]
CHOICE_TYPES = ("select", "multiselect")
TEXT_TYPES = ("text", "textarea", "email", "phone")
KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,62}")


class EsignFormField(models.Model):
    """One question of a form: its key, label, type and validation rules.

    The rules are checked twice: in the browser (HTML attributes on the public
    page) and on the server by ``tools/validation.py`` through :meth:`_spec`.
    """

    _name = "esign.form.field"
    _description = "Form field"
    _order = "sequence, id"

    form_id = fields.Many2one("esign.form", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="form_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    section = fields.Char(translate=True,
                          help="Starts a new section with this title on the public page.")
    name = fields.Char("Key", required=True,
                       help="Technical key used by the JSON API, e.g. first_name.")
    label = fields.Char(required=True, translate=True)
    help = fields.Char("Help text", translate=True)
    field_type = fields.Selection(FIELD_TYPES, "Type", required=True, default="text")
    required = fields.Boolean()
    min_length = fields.Integer("Minimum length")
    max_length = fields.Integer("Maximum length")
    min_value = fields.Float("Minimum")
    max_value = fields.Float("Maximum")
    has_min_value = fields.Boolean("Has a minimum")
    has_max_value = fields.Boolean("Has a maximum")
    integer_only = fields.Boolean("Whole numbers only")
    pattern = fields.Char("Regular expression",
                          help="The whole answer must match it, e.g. [0-9]{4}.")
    pattern_message = fields.Char("Message when it does not match", translate=True)
    choices = fields.Text(help="One choice per line, as key:Label.")
    display_as = fields.Selection([("dropdown", "Dropdown"), ("radio", "Radio buttons")],
                                  default="dropdown", help="For single choices.")
    template_field_id = fields.Many2one(
        "esign.template.field", "Fills template field", ondelete="set null",
        domain="[('template_id', '=', parent.template_id)]",
        help="The answer is written on this place of the document to sign.")

    _sql_constraints = [
        ("name_unique", "unique(form_id, name)", "Each field of a form needs its own key."),
        ("lengths_positive", "CHECK(min_length >= 0 AND max_length >= 0)",
         "Lengths cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._flag_bounds(vals)
        return super().create(vals_list)

    def write(self, vals):
        if {"name", "field_type"} & set(vals) and self.env["esign.form.value"].sudo().search_count(
                [("field_id", "in", self.ids)], limit=1):
            raise UserError(_("A field that has answers keeps its key and type; add a new "
                              "field instead."))
        return super().write(self._flag_bounds(dict(vals)))

    @api.model
    def _flag_bounds(self, vals):
        """A minimum or maximum given (through the API too) is one to enforce."""
        for bound in ("min_value", "max_value"):
            if bound in vals and f"has_{bound}" not in vals:
                vals[f"has_{bound}"] = vals[bound] is not False and vals[bound] is not None
        return vals

    @api.constrains("name")
    def _check_name(self):
        for field in self:
            if not KEY_RE.fullmatch(field.name or "") or field.name == "website":
                raise ValidationError(_(
                    "Key “%(key)s”: use lowercase letters, digits and _ (starting with a "
                    "letter); “website” is reserved.", key=field.name))

    @api.constrains("choices", "field_type", "pattern", "min_length", "max_length",
                    "min_value", "max_value", "has_min_value", "has_max_value")
    def _check_rules(self):
        for field in self:
            try:
                choices = validation.parse_choices(field.choices)
                if field.pattern:
                    validation.check_pattern(field.pattern)
            except (ChoicesInvalid, PatternInvalid) as err:
                raise ValidationError(self.env._(err.message, **err.params)) from None
            if field.field_type in CHOICE_TYPES and not choices:
                raise ValidationError(_("“%(label)s” needs choices.", label=field.label))
            if field.max_length and field.min_length > field.max_length:
                raise ValidationError(_("“%(label)s”: the minimum length is above the maximum.",
                                        label=field.label))
            if field.has_min_value and field.has_max_value and field.min_value > field.max_value:
                raise ValidationError(_("“%(label)s”: the minimum is above the maximum.",
                                        label=field.label))

    def _spec(self):
        """This field as the core's validation sees it."""
        self.ensure_one()
        return validation.FieldSpec(
            name=self.name, label=self.label, field_type=self.field_type,
            required=self.required, min_length=self.min_length, max_length=self.max_length,
            min_value=self.min_value if self.has_min_value else None,
            max_value=self.max_value if self.has_max_value else None,
            integer=self.integer_only, pattern=self.pattern or "",
            pattern_message=self.pattern_message or "", choices=self._choice_list(),
        )

    def _choice_list(self):
        self.ensure_one()
        try:
            return validation.parse_choices(self.choices)
        except ChoicesInvalid:
            return ()

    def _choice_labels(self, keys):
        """Labels of the given choice keys, in the field's order."""
        wanted = set(keys or ())
        return [label for key, label in self._choice_list() if key in wanted]

    def _html_attributes(self):
        """The browser-side checks mirroring :meth:`_spec` (HTML validation)."""
        self.ensure_one()
        attrs = {"required": self.required and self.field_type not in ("multiselect",
                                                                         "signature")}
        if self.field_type in TEXT_TYPES:
            cap = validation.MAX_TEXTAREA_LENGTH if self.field_type == "textarea" \
                else validation.MAX_TEXT_LENGTH
            attrs["maxlength"] = min(self.max_length, cap) if self.max_length else cap
            attrs["minlength"] = self.min_length or None
            attrs["pattern"] = self.pattern or None
            attrs["title"] = self.pattern_message or None
        if self.field_type == "number":
            attrs["min"] = self.min_value if self.has_min_value else None
            attrs["max"] = self.max_value if self.has_max_value else None
            attrs["step"] = "1" if self.integer_only else "any"
        return {key: value for key, value in attrs.items() if value not in (None, False)}
