from odoo.addons.esign_base.tests.common import sms_gateway
from odoo.exceptions import UserError

from .common import CrmEsignCase


class TestCrmSms(CrmEsignCase):
    def sms_signers(self):
        return [
            {"partner_id": self.salesman.partner_id.id, "role_id": self.role_company.id,
             "sequence": 1},
            {"partner_id": self.contact.id, "role_id": self.role_customer.id, "sequence": 2,
             "auth": "sms"},
        ]

    def test_sms_code_path_with_e164_number(self):
        request = self.send_from_lead(signers=self.sms_signers())
        customer = self.signer_of(request, self.contact)
        self.assertEqual((customer.auth_method, customer.phone_e164), ("sms", "+32470987654"))
        self.sign(self.signer_of(request, self.salesman.partner_id))
        with sms_gateway() as gateway:
            customer.sudo()._send_otp({"ip": "203.0.113.5"})
            self.env["sms.sms"].sudo()._process_queue()
        self.assertEqual(gateway.sent[-1]["number"], "+32470987654")
        code = gateway.sent[-1]["body"][:6]
        answer = customer.sudo()._verify_otp(code, {"ip": "203.0.113.5"})
        self.assertTrue(answer["ok"])
        self.sign(customer, client={"ip": "203.0.113.5", "otp_proof": answer["otp_proof"]})
        self.assertEqual(request.state, "signed")

    def test_phone_used_when_no_mobile(self):
        self.contact.write({"mobile": False, "phone": "02 555 12 34"})
        request = self.send_from_lead(signers=self.sms_signers())
        self.assertEqual(self.signer_of(request, self.contact).phone_e164, "+3225551234")

    def test_missing_number_refused_naming_the_contact(self):
        self.contact.write({"mobile": False, "phone": False})
        with self.assertRaises(UserError) as info:
            self.send_from_lead(signers=self.sms_signers())
        self.assertIn("Carla Contact", str(info.exception))

    def test_invalid_number_refused_naming_the_contact(self):
        self.contact.write({"mobile": "12", "phone": False})
        with self.assertRaises(UserError) as info:
            self.send_from_lead(signers=self.sms_signers())
        self.assertIn("Carla Contact", str(info.exception))
        self.assertFalse(self.lead.esign_request_ids)
