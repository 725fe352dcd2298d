"""Mutual signing: who signs first, company or customer, set per request.

The choice maps onto the signers' order (``sequence``) when it is set on a
draft and again just before sending. The company's side is the role that
owns the seal's stamp fields, or the standard "Company" role.
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

SIGNING_ORDERS = [
    ("as_set", "As set on the signers"),
    ("company_first", "Company first"),
    ("customer_first", "Customer first"),
    ("together", "Together"),
]


class EsignRequest(models.Model):
    _inherit = "esign.request"

    signing_order = fields.Selection(SIGNING_ORDERS, default="as_set", required=True,
                                     copy=True)

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests.filtered(lambda r: r.signing_order != "as_set")._apply_signing_order()
        return requests

    def write(self, vals):
        if "signing_order" in vals and any(r.state != "draft" for r in self):
            raise UserError(_("The signing order is fixed once the request is sent."))
        result = super().write(vals)
        if "signing_order" in vals:
            self._apply_signing_order()
        return result

    def action_send(self):
        self._apply_signing_order()
        return super().action_send()

    def _company_roles(self):
        self.ensure_one()
        roles = self.env["esign.role"].browse([role.id for role in self._stamp_slots()])
        return roles | self.env.ref("esign_base.role_company", raise_if_not_found=False)

    def _apply_signing_order(self):
        for request in self.filtered(lambda r: r.state == "draft"
                                     and r.signing_order != "as_set"):
            company_roles = request._company_roles()
            for signer in request.signer_ids:
                signer.sequence = request._order_of(signer.role_id in company_roles)

    def _order_of(self, is_company):
        if self.signing_order == "together":
            return 1
        first = (self.signing_order == "company_first") == is_company
        return 1 if first else 2
