from odoo import _, api, fields, models
from odoo.exceptions import UserError

ORIGIN_MODELS = [("crm.lead", "Deal"), ("res.partner", "Contact")]


class EsignCrmSend(models.TransientModel):
    """Send a template for signature from deals or contacts.

    With one record the proposed signers are shown and can be changed,
    removed or added to. With several, each record gets its own request
    with the default signers, the customer authenticating as chosen.
    """

    _name = "esign.crm.send"
    _description = "Send for signature from a deal or a contact"

    res_model = fields.Selection(ORIGIN_MODELS, required=True, readonly=True)
    res_ids = fields.Json(readonly=True)
    record_count = fields.Integer(compute="_compute_record_count")
    template_id = fields.Many2one(
        "esign.template", "Template", required=True,
        domain="[('res_model_scope', 'in', ('any', res_model)), ('is_oneoff', '=', False)]")
    line_ids = fields.One2many("esign.crm.send.line", "wizard_id", "Signers")
    customer_auth = fields.Selection(
        [("email", "Email"), ("sms", "Email + SMS code")], "Customer authentication",
        default="email", required=True,
        help="With several records: how each customer proves who they are.")

    @api.model
    def _action_open(self, records):
        action = self.env["ir.actions.act_window"]._for_xml_id("esign_crm.esign_crm_send_action")
        action["context"] = {"active_model": records._name, "active_ids": records.ids}
        return action

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        if model in dict(ORIGIN_MODELS):
            values["res_model"] = model
            values["res_ids"] = [int(i) for i in self.env.context.get("active_ids") or []]
        return values

    @api.depends("res_ids")
    def _compute_record_count(self):
        for wizard in self:
            wizard.record_count = len(wizard.res_ids or [])

    def _records(self):
        self.ensure_one()
        if self.res_model not in dict(ORIGIN_MODELS):
            raise UserError(_("Open this from deals or contacts."))
        records = self.env[self.res_model].browse(self.res_ids or []).exists()
        if not records:
            raise UserError(_("Select at least one deal or contact."))
        records.check_access("read")
        return records

    @api.onchange("template_id")
    def _onchange_template_id(self):
        """Propose the default signers of the one selected record."""
        commands = [fields.Command.clear()]
        if self.template_id and len(self.res_ids or []) == 1:
            record = self._records()
            for spec in record._esign_default_signers(self.template_id):
                commands.append(fields.Command.create({
                    "partner_id": spec["partner_id"], "role_id": spec["role_id"],
                    "sequence": spec["sequence"], "auth": spec["auth"]}))
        self.line_ids = commands

    def action_send(self):
        self.ensure_one()
        records = self._records()
        requests = self.env["esign.request"]
        for record in records:
            request_id = record.action_esign_send(self.template_id.id, self._signers_for(record))
            requests |= requests.browse(request_id)
        return self._action_result(requests)

    def _signers_for(self, record):
        if len(self.res_ids or []) == 1:
            return [line._as_spec() for line in self.line_ids.sorted(
                lambda line: (line.sequence, line.id))]
        specs = record._esign_default_signers(self.template_id)
        if specs and self.customer_auth == "sms":
            customer = record.partner_id if record._name == "crm.lead" else record
            for spec in specs:
                if spec["partner_id"] == customer.id:
                    spec["auth"] = "sms"
        return specs

    def _action_result(self, requests):
        action = self.env["ir.actions.act_window"]._for_xml_id("esign_base.esign_request_action")
        if len(requests) == 1:
            action.update(res_id=requests.id, view_mode="form",
                          views=[(False, "form")], context={"create": False})
        else:
            action.update(domain=[("id", "in", requests.ids)], context={"create": False})
        return action
