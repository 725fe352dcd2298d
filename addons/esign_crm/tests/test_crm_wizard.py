from odoo.exceptions import UserError
from odoo.tests import Form

from .common import CrmEsignCase


class TestCrmWizard(CrmEsignCase):
    def wizard_form(self, records, user=None):
        action = records.with_user(user or self.salesman).action_esign_open_wizard()
        wizard = self.env["esign.crm.send"].with_user(user or self.salesman) \
            .with_context(**action["context"])
        return Form(wizard)

    def test_single_deal_proposes_signers_that_can_be_changed(self):
        form = self.wizard_form(self.lead)
        form.template_id = self.crm_template
        self.assertEqual(len(form.line_ids), 2)
        with form.line_ids.edit(1) as line:
            self.assertEqual(line.partner_id, self.contact)
            line.auth = "sms"
        with form.line_ids.new() as line:
            line.partner_id = self.bob
            line.role_id = self.env["esign.role"].create({"name": "Witness", "sequence": 5})
            line.sequence = 3
        action = form.save().action_send()
        request = self.env["esign.request"].browse(action["res_id"])
        self.assertEqual(request.lead_id, self.lead)
        self.assertEqual(len(request.signer_ids), 3)
        self.assertEqual(self.signer_of(request, self.contact).auth_method, "sms")

    def test_templates_offered_by_scope(self):
        contact_only = self.crm_template.copy({"res_model_scope": "res.partner",
                                               "field_ids": []})
        wizard = self.env["esign.crm.send"].with_user(self.salesman).create({
            "res_model": "crm.lead", "res_ids": self.lead.ids, "template_id": contact_only.id})
        with self.assertRaises(UserError):
            wizard.action_send()

    def test_several_deals_one_request_each(self):
        second = self.env["crm.lead"].create({
            "name": "Acme: hardware", "partner_id": self.contact.id,
            "user_id": self.salesman.id, "expected_revenue": 300,
            "date_deadline": "2031-06-30"})
        form = self.wizard_form(self.lead | second)
        form.template_id = self.crm_template
        form.customer_auth = "sms"
        action = form.save().action_send()
        requests = self.env["esign.request"].search(action["domain"])
        self.assertEqual(requests.lead_id, self.lead | second)
        for request in requests:
            self.assertEqual(self.signer_of(request, self.contact).auth_method, "sms")
            self.assertEqual(request.state, "sent")

    def test_wizard_from_contacts(self):
        template = self.crm_template.copy({"res_model_scope": "res.partner", "field_ids": []})
        self.env["esign.template.field"].create({
            **self._field("signature", self.role_customer, 1, 0.1, 0.5)[2],
            "template_id": template.id})
        form = self.wizard_form(self.contact)
        form.template_id = template
        wizard = form.save()
        self.assertEqual(wizard.line_ids.partner_id, self.contact)
        request = self.env["esign.request"].browse(wizard.action_send()["res_id"])
        self.assertEqual((request.partner_id, request.lead_id),
                         (self.contact, self.env["crm.lead"]))

    def test_list_actions_open_the_wizard_for_the_selection(self):
        second = self.env["crm.lead"].create({"name": "Second", "user_id": self.salesman.id})
        for xmlid, records in (("esign_crm.crm_lead_esign_send_action", self.lead | second),
                               ("esign_crm.res_partner_esign_send_action", self.contact)):
            action = self.env.ref(xmlid).with_user(self.salesman).with_context(
                active_model=records._name, active_ids=records.ids).sudo(False).run()
            self.assertEqual(action["res_model"], "esign.crm.send")
            wizard = self.env["esign.crm.send"].with_user(self.salesman).with_context(
                **action["context"]).create({"template_id": self.crm_template.id})
            self.assertEqual((wizard.res_model, wizard.res_ids), (records._name, records.ids))
