from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.esign_signer import AUTH_METHODS

# Where the one-off signature boxes go on the last page, as fractions.
ONEOFF_BOX_WIDTH = 0.28
ONEOFF_BOX_HEIGHT = 0.07
ONEOFF_MARGIN = 0.06


class EsignRequestOneoff(models.TransientModel):
    """Send any PDF for signature without making a template first.

    Each signer gets a signature box of their own at the foot of the last
    page: a role given to two lines is made distinct ("Customer 2"), since a
    role's boxes are filled once. The PDF is kept as a hidden one-off
    template, checked like any upload.
    """

    _name = "esign.request.oneoff"
    _description = "Sign a one-off PDF"

    name = fields.Char(required=True)
    document = fields.Binary("PDF", required=True)
    document_name = fields.Char()
    signer_ids = fields.One2many("esign.request.oneoff.signer", "wizard_id", "Signers")
    send_now = fields.Boolean("Send now", default=True)

    @api.onchange("document_name")
    def _onchange_document_name(self):
        if self.document_name and not self.name:
            self.name = self.document_name.rsplit(".", 1)[0]

    def action_create(self):
        self.ensure_one()
        if not self.signer_ids:
            raise UserError(_("Add at least one signer."))
        template = self.env["esign.template"].sudo().create({
            "name": self.name,
            "document": self.document,
            "document_name": self.document_name or f"{self.name}.pdf",
            "is_oneoff": True,
            "active": False,
        })
        roles = self._distinct_roles()
        template.field_ids = [fields.Command.create(values)
                              for values in self._signature_boxes(template.page_count, roles)]
        request_id = template.with_env(self.env).create_request([{
            "partner_id": line.partner_id.id, "role_id": role.id,
            "sequence": line.sequence, "auth_method": line.auth_method,
        } for line, role in zip(self.signer_ids, roles)], name=self.name)
        request = self.env["esign.request"].browse(request_id)
        if self.send_now:
            request.action_send()
        return {
            "type": "ir.actions.act_window",
            "res_model": "esign.request",
            "res_id": request.id,
            "view_mode": "form",
        }

    def _distinct_roles(self):
        """One role per signer line, in order; a repeated role becomes
        "<role> 2", "<role> 3"... (found or made once)."""
        roles_model = self.env["esign.role"].sudo()
        taken, roles = set(), []
        for line in self.signer_ids:
            role, number = line.role_id, 1
            while role.id in taken:
                number += 1
                name = f"{line.role_id.name} {number}"
                role = roles_model.search([("name", "=", name)], limit=1) \
                    or roles_model.create({"name": name, "sequence": line.role_id.sequence})
            taken.add(role.id)
            roles.append(role)
        return roles

    def _signature_boxes(self, page_count, roles):
        """One signature box per signer's role, side by side in rows, last page."""
        boxes = []
        per_row = int((1 - 2 * ONEOFF_MARGIN) // (ONEOFF_BOX_WIDTH + 0.02)) or 1
        for index, role in enumerate(roles):
            row, column = divmod(index, per_row)
            boxes.append({
                "role_id": role.id, "field_type": "signature", "page": page_count,
                "pos_x": ONEOFF_MARGIN + column * (ONEOFF_BOX_WIDTH + 0.02),
                "pos_y": 1 - ONEOFF_MARGIN - (row + 1) * (ONEOFF_BOX_HEIGHT + 0.02),
                "width": ONEOFF_BOX_WIDTH, "height": ONEOFF_BOX_HEIGHT,
            })
        return boxes


class EsignRequestOneoffSigner(models.TransientModel):
    _name = "esign.request.oneoff.signer"
    _description = "Signer of a one-off PDF"
    _order = "sequence, id"

    wizard_id = fields.Many2one("esign.request.oneoff", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", "Contact", required=True)
    role_id = fields.Many2one("esign.role", required=True,
                              default=lambda self: self.env.ref("esign_base.role_customer",
                                                                raise_if_not_found=False))
    sequence = fields.Integer("Order", default=1)
    auth_method = fields.Selection(AUTH_METHODS, "Authentication", default="email", required=True)
