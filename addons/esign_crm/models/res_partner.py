from odoo import fields, models

from .esign_request import ESIGN_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    esign_request_ids = fields.One2many("esign.request", "partner_id", "Signing requests",
                                        groups="esign_base.group_esign_user")
    esign_request_count = fields.Integer("Signing request count",
                                         compute="_compute_esign_request_count",
                                         groups="esign_base.group_esign_user")
    esign_state = fields.Selection(ESIGN_STATES, "Signature", compute="_compute_esign_state",
                                   search="_search_esign_state",
                                   groups="esign_base.group_esign_user",
                                   help="From the contact's latest request sent for signature.")

    esign_signed_request_ids = fields.Many2many(
        "esign.request", string="Signed documents", compute="_compute_esign_signed_request_ids",
        groups="esign_base.group_esign_user")

    def _compute_esign_signed_request_ids(self):
        for partner in self:
            partner.esign_signed_request_ids = partner.esign_request_ids.filtered(
                lambda r: r.state == "signed")

    def _compute_esign_request_count(self):
        counts = dict(self.env["esign.request"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.esign_request_count = counts.get(partner, 0)

    def _compute_esign_state(self):
        states = self.env["esign.request"]._crm_latest_states("partner_id", self.ids)
        for partner in self:
            partner.esign_state = states.get(partner.id, "none")

    def _search_esign_state(self, operator, value):
        return self.env["esign.request"]._crm_search_state("partner_id", operator, value)

    def action_esign_send(self, template_id, signers=None):
        """Create a request from ``template_id`` about this contact, send it
        and return its id (``signers`` as for ``crm.lead.action_esign_send``)."""
        self.ensure_one()
        return self.env["esign.request"]._crm_send(self, template_id, signers).id

    def _esign_default_signers(self, template):
        self.ensure_one()
        return template._crm_default_signers(self.user_id, self)

    def action_esign_open_wizard(self):
        return self.env["esign.crm.send"]._action_open(self)

    def action_view_esign_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esign_base.esign_request_action")
        action.update(domain=[("partner_id", "=", self.id)], context={"create": False})
        return action
