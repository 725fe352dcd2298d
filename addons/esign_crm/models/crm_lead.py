from odoo import fields, models

from .esign_request import ESIGN_STATES


class CrmLead(models.Model):
    _inherit = "crm.lead"

    esign_request_ids = fields.One2many("esign.request", "lead_id", "Signing requests",
                                        groups="esign_base.group_esign_user")
    esign_request_count = fields.Integer("Signing request count",
                                         compute="_compute_esign_request_count",
                                         groups="esign_base.group_esign_user")
    esign_state = fields.Selection(ESIGN_STATES, "Signature", compute="_compute_esign_state",
                                   search="_search_esign_state",
                                   groups="esign_base.group_esign_user",
                                   help="From the deal's latest request sent for signature.")

    def _compute_esign_request_count(self):
        counts = dict(self.env["esign.request"]._read_group(
            [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]))
        for lead in self:
            lead.esign_request_count = counts.get(lead, 0)

    def _compute_esign_state(self):
        states = self.env["esign.request"]._crm_latest_states("lead_id", self.ids)
        for lead in self:
            lead.esign_state = states.get(lead.id, "none")

    def _search_esign_state(self, operator, value):
        return self.env["esign.request"]._crm_search_state("lead_id", operator, value)

    def action_esign_send(self, template_id, signers=None):
        """Create a request from ``template_id`` about this deal, send it and
        return its id. ``signers``: a list of ``{"partner_id", "role_id",
        "sequence", "auth": "email"|"sms"}``; without it, the company's signer
        then the deal's contact."""
        self.ensure_one()
        return self.env["esign.request"]._crm_send(self, template_id, signers).id

    def _esign_default_signers(self, template):
        self.ensure_one()
        return template._crm_default_signers(self.user_id, self.partner_id)

    def action_esign_open_wizard(self):
        return self.env["esign.crm.send"]._action_open(self)

    def action_view_esign_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esign_base.esign_request_action")
        action.update(domain=[("lead_id", "=", self.id)], context={"create": False})
        return action
