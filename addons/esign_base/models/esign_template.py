import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import pdf_inspect
from ..tools.errors import PdfRejected
from .esign_errors import user_error


class EsignTemplate(models.Model):
    """A reusable PDF with the places each signer role fills.

    The uploaded PDF is inspected before anything is stored: a file that is
    not a PDF, is corrupt, needs a password or carries active content is
    refused with a clear message, and no record is created.
    """

    _name = "esign.template"
    _description = "Signature template"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    is_oneoff = fields.Boolean(
        "One-off", readonly=True, help="Made for a single request from an uploaded PDF."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    document = fields.Binary("PDF", required=True, attachment=True)
    document_name = fields.Char("File name")
    page_count = fields.Integer(readonly=True)
    page_geometry = fields.Json(
        readonly=True, help="Each page's size and rotation as the reader sees it."
    )
    field_ids = fields.One2many("esign.template.field", "template_id", "Fields", copy=True)
    role_ids = fields.Many2many("esign.role", compute="_compute_role_ids", string="Roles")
    request_ids = fields.One2many("esign.request", "template_id", "Requests")
    request_count = fields.Integer(compute="_compute_request_count")

    @api.depends("field_ids.role_id")
    def _compute_role_ids(self):
        for template in self:
            template.role_ids = template.field_ids.role_id.sorted(lambda r: (r.sequence, r.id))

    def _compute_request_count(self):
        counts = dict(
            self.env["esign.request"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.request_count = counts.get(template, 0)

    @api.onchange("document")
    def _onchange_document(self):
        """Show the page count as soon as a PDF is chosen; a refused file is
        reported when the template is saved."""
        values = {"document": self.document}
        try:
            self._prepare_document_values(values)
        except (UserError, ValueError):
            return
        self.page_count = values["page_count"]
        self.page_geometry = values["page_geometry"]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._prepare_document_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        """A new PDF or moved fields reach only requests not yet sent: each
        sent request keeps the document and fields it was sent with."""
        if "document" in vals:
            self._prepare_document_values(vals)
        result = super().write(vals)
        if "document" in vals:
            self.field_ids._check_placement()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.sudo().with_context(active_test=False).request_ids:
            raise UserError(_(
                "This template has signing requests, which refer to it: archive it instead."))

    @api.model
    def _prepare_document_values(self, vals):
        """Inspect an uploaded PDF and store what the signing page needs of it."""
        data = vals.get("document")
        if not data:
            raise UserError(_("Upload the PDF to sign."))
        raw = base64.b64decode(data) if isinstance(data, (str, bytes)) else b""
        try:
            info = pdf_inspect.inspect_pdf(raw)
        except PdfRejected as err:
            raise user_error(self.env, err) from None
        vals["page_count"] = info.page_count
        vals["page_geometry"] = [
            {"width": page.width, "height": page.height, "rotation": page.rotation, "box": page.box}
            for page in info.pages
        ]

    def _document_bytes(self):
        self.ensure_one()
        return base64.b64decode(self.with_context(bin_size=False).document or b"")

    def create_request(self, signers, name=None):
        """Create a draft request from this template; returns its id.

        :param signers: a list of ``{"partner_id": id, "role_id": id}`` with an
            optional ``"sequence"`` (equal numbers sign in parallel; without
            it, the list's order) and ``"auth_method"`` (``email`` or ``sms``).
        """
        self.ensure_one()
        request = self.env["esign.request"].create(
            {
                "name": name or self.name,
                "template_id": self.id,
                "company_id": self.company_id.id,
                "signer_ids": [
                    fields.Command.create(self._prepare_signer_values(signer, index))
                    for index, signer in enumerate(signers or [], start=1)
                ],
            }
        )
        return request.id

    def _prepare_signer_values(self, signer, index):
        if not isinstance(signer, dict) or not (signer.get("partner_id") and signer.get("role_id")):
            raise UserError(_("Each signer needs a contact (partner_id) and a role (role_id)."))
        values = {
            "partner_id": int(signer["partner_id"]),
            "role_id": int(signer["role_id"]),
            "sequence": int(signer.get("sequence") or index),
        }
        if signer.get("auth_method"):
            values["auth_method"] = signer["auth_method"]
        return values

    def action_send_request(self):
        """A new request of this template, titled after it, with one signer
        line per role to fill with a contact."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("New signing request"),
            "res_model": "esign.request",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_template_id": self.id,
                "default_name": self.name,
                "default_signer_ids": [
                    fields.Command.create({"role_id": role.id, "sequence": index})
                    for index, role in enumerate(self.role_ids, start=1)
                ],
            },
        }

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esign_base.esign_request_action")
        action["domain"] = [("template_id", "=", self.id)]
        action["context"] = {"default_template_id": self.id}
        return action

