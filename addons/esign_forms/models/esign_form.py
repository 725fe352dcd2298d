import secrets

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import qr

# Public link of a form: /forms/<slug>; the slug is a 192-bit random token.
PUBLIC_ROUTE = "/forms"
SLUG_BYTES = 24
# Default number of accepted submissions per IP address and hour, over all
# forms; overridable with the system parameter below.
MAX_PER_IP_HOUR = 20
MAX_PER_IP_PARAM = "esign_forms.max_per_ip_hour"
PUBLIC_STATES = [
    ("unpublished", "Not published"),
    ("scheduled", "Not open yet"),
    ("open", "Open"),
    ("closed", "Closed"),
    ("full", "Full"),
]


def new_slug():
    return secrets.token_urlsafe(SLUG_BYTES)


class EsignForm(models.Model):
    """A fillable form published by an unguessable public link.

    People answer it without an account; each accepted answer set becomes an
    ``esign.form.submission`` of typed values. With ``require_signature`` the
    submission then goes through the signing spine on ``template_id``. The
    public flow lives in ``esign_form_public.py``, the Excel export in
    ``esign_form_export.py``.
    """

    _name = "esign.form"
    _description = "Public form"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", "Responsible", default=lambda self: self.env.user,
                              help="Sends the signing requests and receives the exports.")
    description = fields.Text("Introduction", translate=True)
    thank_you_message = fields.Text(translate=True)
    field_ids = fields.One2many("esign.form.field", "form_id", "Fields", copy=True)
    is_published = fields.Boolean("Published", copy=False, tracking=True)
    date_open = fields.Datetime("Opens on", tracking=True)
    date_close = fields.Datetime("Closes on", tracking=True)
    max_submissions = fields.Integer(help="Stop taking answers after this many; 0: no limit.")
    require_signature = fields.Boolean(
        help="Each submission becomes a signing request on the template's PDF, "
        "sealed and emailed to the person who answered.")
    require_sms = fields.Boolean("Require an SMS code",
                                 help="The signer confirms a code sent to the phone answered.")
    template_id = fields.Many2one("esign.template", "Document to sign", ondelete="restrict",
                                  domain="[('company_id', '=', company_id)]")
    signer_role_id = fields.Many2one("esign.role", compute="_compute_signer_role_id",
                                     string="Signer role")
    group_ids = fields.Many2many(
        "res.groups", string="Restricted to",
        help="Only form managers of these groups see the form and its submissions.")
    slug = fields.Char(required=True, readonly=True, copy=False, index=True,
                       default=lambda self: new_slug())
    public_url = fields.Char("Public link", compute="_compute_public_urls")
    qr_png_url = fields.Char("QR code (PNG)", compute="_compute_public_urls")
    qr_svg_url = fields.Char("QR code (SVG)", compute="_compute_public_urls")
    embed_snippet = fields.Text("Embed code", compute="_compute_public_urls")
    public_state = fields.Selection(PUBLIC_STATES, compute="_compute_public_state")
    submission_ids = fields.One2many("esign.form.submission", "form_id", "Submissions")
    submission_count = fields.Integer(compute="_compute_submission_count")
    submission_seq = fields.Integer(readonly=True, copy=False,
                                    help="Last reference number given; bumped under lock.")

    _sql_constraints = [
        ("slug_unique", "unique(slug)", "Public links are unique."),
        ("max_submissions_positive", "CHECK(max_submissions >= 0)",
         "The maximum number of submissions cannot be negative."),
    ]

    @api.depends("template_id.field_ids.role_id")
    def _compute_signer_role_id(self):
        for form in self:
            form.signer_role_id = form.template_id.role_ids[:1]

    @api.depends("slug", "name")
    def _compute_public_urls(self):
        for form in self:
            path = f"{PUBLIC_ROUTE}/{form.slug}"
            form.public_url = form.get_base_url() + path if form.slug else False
            form.qr_png_url = f"{path}/qr.png" if form.slug else False
            form.qr_svg_url = f"{path}/qr.svg" if form.slug else False
            form.embed_snippet = qr.embed_snippet(form.public_url, form.name or "") \
                if form.slug else False

    @api.depends("is_published", "date_open", "date_close", "max_submissions")
    def _compute_public_state(self):
        for form in self:
            form.public_state = form._public_state()

    def _compute_submission_count(self):
        counts = dict(self.env["esign.form.submission"]._read_group(
            [("form_id", "in", self.ids)], ["form_id"], ["__count"]))
        for form in self:
            form.submission_count = counts.get(form, 0)

    @api.model
    def _int_param(self, key, default):
        """A positive whole-number system parameter; ``default`` when unset or unreadable."""
        raw = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(raw) if raw and int(raw) > 0 else default
        except ValueError:
            return default

    def _accepted_count(self):
        self.ensure_one()
        return self.env["esign.form.submission"].sudo().search_count([("form_id", "=", self.id)])

    def _public_state(self, now=None):
        """Whether the public link takes answers now, and why not."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        if not self.is_published or not self.active:
            return "unpublished"
        if self.date_open and now < self.date_open:
            return "scheduled"
        if self.date_close and now >= self.date_close:
            return "closed"
        if self.max_submissions and self._accepted_count() >= self.max_submissions:
            return "full"
        return "open"

    @api.constrains("date_open", "date_close")
    def _check_dates(self):
        for form in self:
            if form.date_open and form.date_close and form.date_close <= form.date_open:
                raise ValidationError(_("A form must close after it opens."))

    @api.constrains("is_published", "require_signature", "require_sms", "template_id",
                    "field_ids")
    def _check_signature_setup(self):
        for form in self.filtered(lambda f: f.is_published and f.require_signature):
            form._check_signature_ready()

    def _check_signature_ready(self):
        self.ensure_one()
        if not self.template_id:
            raise ValidationError(_("Choose the document to sign before publishing “%(form)s”.",
                                    form=self.name))
        if len(self.template_id.role_ids) != 1:
            raise ValidationError(_(
                "The document of “%(form)s” must have fields for exactly one role: the person "
                "who answers the form signs it alone.", form=self.name))
        if not self.field_ids.filtered(lambda f: f.field_type == "email" and f.required):
            raise ValidationError(_(
                "“%(form)s” needs a required email field: the signed copy is sent there.",
                form=self.name))
        if self.require_sms and not self.field_ids.filtered(
                lambda f: f.field_type == "phone" and f.required):
            raise ValidationError(_(
                "“%(form)s” needs a required phone field to send the SMS code to.",
                form=self.name))

    def write(self, vals):
        if "slug" in vals and not self.env.su:
            vals = {key: value for key, value in vals.items() if key != "slug"}
        return super().write(vals)

    def copy_data(self, default=None):
        default = dict(default or {}, slug=new_slug())
        return super().copy_data(default)

    def action_publish(self):
        self.write({"is_published": True})
        return True

    def action_unpublish(self):
        self.write({"is_published": False})
        return True

    def action_new_link(self):
        """Give the form a new public link; the old one and its QR codes stop working."""
        for form in self:
            form.sudo().write({"slug": new_slug()})
            form.message_post(body=_("New public link made; the previous one no longer works."))
        return True

    def action_view_submissions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "esign_forms.esign_form_submission_action")
        action["domain"] = [("form_id", "=", self.id)]
        action["context"] = {"default_form_id": self.id}
        return action

    def action_view_values(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "esign_forms.esign_form_value_action")
        action["domain"] = [("form_id", "=", self.id)]
        action["context"] = {"search_default_group_field": 1}
        return action

    def _field_specs(self):
        self.ensure_one()
        return [field._spec() for field in self.field_ids]

    def _sections(self):
        """The fields in order, grouped under their section titles."""
        self.ensure_one()
        sections = []
        for field in self.field_ids.sorted(lambda f: (f.sequence, f.id)):
            if not sections or (field.section and field.section != sections[-1][0]):
                sections.append((field.section or "", []))
            sections[-1][1].append(field)
        return sections
