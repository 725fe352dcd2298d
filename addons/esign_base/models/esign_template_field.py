from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

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
]
# Field types whose value is an image drawn by or uploaded by the signer.
IMAGE_FIELD_TYPES = ("signature", "initials", "stamp")


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
