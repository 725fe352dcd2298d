from odoo.addons.esign_base.tests.common import SIGNATURE_PNG, pdf_text
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount, format_date

from .common import CrmEsignCase


class TestCrmFlow(CrmEsignCase):
    def test_default_signers_company_first_then_customer(self):
        request = self.send_from_lead()
        signers = request.signer_ids.sorted("sequence")
        self.assertEqual(signers.partner_id, self.salesman.partner_id | self.contact)
        self.assertEqual(signers[0].role_id, self.role_company)
        self.assertEqual(signers[1].role_id, self.role_customer)
        self.assertEqual(signers.mapped("auth_method"), ["email", "email"])
        self.assertEqual((request.state, request.lead_id, request.partner_id),
                         ("sent", self.lead, self.contact))
        self.assertEqual(signers[0].state, "to_sign")
        self.assertEqual(signers[1].state, "waiting")

    def test_company_signer_from_template_then_settings(self):
        self.env["ir.config_parameter"].sudo().set_param("esign_crm.signer_user_id",
                                                         self.manager.id)
        request = self.send_from_lead()
        self.assertEqual(request.signer_ids.sorted("sequence")[0].partner_id,
                         self.manager.partner_id)
        self.crm_template.crm_signer_user_id = self.other_salesman
        request = self.send_from_lead()
        self.assertEqual(request.signer_ids.sorted("sequence")[0].partner_id,
                         self.other_salesman.partner_id)

    def test_values_are_frozen_from_the_deal(self):
        request = self.send_from_lead()
        values = self.frozen(request)
        currency = self.lead.company_currency
        self.assertEqual(values, {
            "Supplier": self.company.name,
            "Customer": "Carla Contact",
            "VAT": "BE0477472701",
            "Deal": "Acme: yearly support",
            "Amount": format_amount(self.env, 12500, currency, lang_code="en_US"),
            "Closing": format_date(self.env, self.lead.date_deadline, lang_code="en_US"),
            "Street": "Rue Haute 1",
        })
        street = request.field_ids.filtered(lambda f: f.name == "Street")
        self.assertTrue(street.editable)
        self.assertFalse(request.field_ids.filtered(lambda f: f.name == "VAT").editable)
        # Changing the deal afterwards changes nothing in what was sent.
        self.lead.expected_revenue = 1
        self.assertEqual(self.frozen(request)["Deal"], "Acme: yearly support")
        self.assertIn("12,500.00", self.frozen(request)["Amount"])

    def test_signing_page_shows_values_read_only_unless_editable(self):
        request = self.send_from_lead()
        customer = self.signer_of(request, self.contact)
        config = {f["label"]: f for f in customer._public_config()["fields"]}
        self.assertEqual((config["VAT"]["value"], config["VAT"]["readonly"]),
                         ("BE0477472701", True))
        self.assertEqual((config["Street"]["value"], config["Street"]["readonly"]),
                         ("Rue Haute 1", False))

    def test_deal_to_sealed_pdf_with_the_data_and_the_deal_won(self):
        self.assertFalse(self.lead.stage_id.is_won)
        self.crm_template.crm_mark_won = True
        request = self.send_from_lead()
        self.assertEqual(self.lead.esign_state, "awaiting")
        self.assertIn(self.lead, self.env["crm.lead"].search([("esign_state", "=", "awaiting")]))
        company_signer = self.signer_of(request, self.salesman.partner_id)
        customer = self.signer_of(request, self.contact)
        self.sign(company_signer)
        street_key = str(request.field_ids.filtered(lambda f: f.name == "Street").field_key)
        vat_key = str(request.field_ids.filtered(lambda f: f.name == "VAT").field_key)
        # The editable value may change; a read-only one keeps the deal's value.
        customer.sudo()._submit({street_key: "Avenue Louise 5", vat_key: "FORGED"},
                                SIGNATURE_PNG, {"ip": "203.0.113.9"})
        self.assertEqual(request.state, "signed")
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done")
        text = " ".join(pdf_text(request._signed_bytes()).split())
        for expected in ("Carla Contact", "BE0477472701", "Acme: yearly support", "12,500.00",
                         self.company.name, "Avenue Louise 5"):
            self.assertIn(expected, text)
        self.assertNotIn("FORGED", text)
        self.assertNotIn("Rue Haute 1", text)
        self.assertTrue(self.lead.stage_id.is_won)
        self.assertEqual(self.lead.probability, 100)
        self.assertEqual(self.lead.esign_state, "signed")
        self.assertIn(self.lead, self.env["crm.lead"].search([("esign_state", "=", "signed")]))
        self.assertIn(self.contact,
                      self.env["res.partner"].search([("esign_state", "=", "signed")]))
        self.assertEqual(self.contact.esign_signed_request_ids, request)
        self.assertTrue(request.verify_url.endswith(f"/esign/verify/{request.fingerprint}"))

    def test_chatter_messages_and_sealed_pdf_on_the_deal(self):
        request = self.send_from_lead()
        self.sign_everyone(request)
        self.env["esign.request"]._cron_seal()
        bodies = self.lead.message_ids.mapped("body")
        self.assertTrue(any("sent for signature to Sam Sales, Carla Contact" in b for b in bodies))
        self.assertTrue(any("signed by Sam Sales" in b for b in bodies))
        self.assertTrue(any("signed by Carla Contact" in b for b in bodies))
        sealed = self.lead.message_ids.filtered(lambda m: "sealed" in m.body)
        self.assertEqual(len(sealed), 1)
        self.assertEqual(sealed.attachment_ids.mimetype, "application/pdf")
        self.assertEqual(sealed.attachment_ids.raw, request._signed_bytes())
        self.assertRegex(sealed.body, rf"data-oe-id=.{request.id}.")

    def test_stage_change_once_sealed(self):
        stage = self.env["crm.stage"].create({"name": "Contract signed", "sequence": 70})
        self.crm_template.crm_stage_id = stage
        request = self.send_from_lead()
        self.sign_everyone(request)
        self.assertNotEqual(self.lead.stage_id, stage)
        self.env["esign.request"]._cron_seal()
        self.assertEqual(self.lead.stage_id, stage)

    def test_missing_vat_stops_sending_naming_deal_and_field(self):
        self.customer_company.vat = False
        self.assertFalse(self.contact.vat)
        with self.assertRaises(UserError) as info:
            self.send_from_lead()
        message = str(info.exception)
        self.assertIn("Acme: yearly support", message)
        self.assertIn("VAT", message)
        self.assertFalse(self.env["esign.request"].search([("lead_id", "=", self.lead.id)]))

    def test_missing_value_on_an_optional_field_is_left_empty(self):
        self.crm_template.field_ids.filtered(lambda f: f.name == "VAT").required = False
        self.customer_company.vat = False
        request = self.send_from_lead()
        self.assertNotIn("VAT", self.frozen(request))

    def test_send_from_a_contact(self):
        template = self.crm_template.copy({"res_model_scope": "any", "field_ids": []})
        self.env["esign.template.field"].create([
            {**self._mapped(self.role_customer, 0.1, "partner_id.vat", "VAT")[2],
             "template_id": template.id},
            {**self._field("signature", self.role_customer, 1, 0.1, 0.5)[2],
             "template_id": template.id},
        ])
        request_id = self.contact.with_user(self.salesman).action_esign_send(template.id)
        request = self.env["esign.request"].browse(request_id)
        self.assertEqual((request.partner_id, request.lead_id),
                         (self.contact, self.env["crm.lead"]))
        # A single role: the customer signs alone.
        self.assertEqual(request.signer_ids.partner_id, self.contact)
        self.assertEqual(self.frozen(request), {"VAT": "BE0477472701"})
        self.assertEqual(self.contact.esign_request_count, 1)
        bodies = self.contact.message_ids.mapped("body")
        self.assertTrue(any("sent for signature" in body for body in bodies))

    def test_deal_template_refused_on_a_contact(self):
        with self.assertRaises(UserError):
            self.contact.with_user(self.salesman).action_esign_send(self.crm_template.id)

    def test_explicit_signers_and_auth(self):
        request = self.send_from_lead(signers=[
            {"partner_id": self.contact.id, "role_id": self.role_customer.id, "sequence": 1},
            {"partner_id": self.alice.id, "role_id": self.role_company.id, "sequence": 2},
        ])
        first = request.signer_ids.sorted("sequence")[0]
        self.assertEqual((first.partner_id, first.state), (self.contact, "to_sign"))
        with self.assertRaises(UserError):
            self.send_from_lead(signers=[{"partner_id": self.contact.id,
                                          "role_id": self.role_customer.id, "auth": "fax"}])

    def test_deal_and_contact_fixed_once_sent(self):
        request = self.send_from_lead()
        other = self.env["crm.lead"].create({"name": "Other", "user_id": self.salesman.id})
        for vals in ({"lead_id": other.id}, {"partner_id": self.bob.id}, {"lead_id": False}):
            with self.assertRaises(UserError):
                request.write(vals)
            with self.assertRaises(UserError):
                request.with_user(self.manager).write(vals)
        self.assertEqual(request.lead_id, self.lead)
        for vals in ({"lead_user_id": self.other_salesman.id}, {"lead_stage_id": False}):
            with self.assertRaises(UserError):
                request.with_user(self.salesman).write(vals)
        self.assertEqual(self.lead.user_id, self.salesman)

    def test_smart_button_counts(self):
        self.send_from_lead()
        self.send_from_lead()
        self.assertEqual(self.lead.esign_request_count, 2)
        self.assertEqual(self.contact.esign_request_count, 2)
        action = self.lead.action_view_esign_requests()
        self.assertEqual(self.env["esign.request"].search_count(action["domain"]), 2)

