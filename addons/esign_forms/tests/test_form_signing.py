import base64
import json

from odoo.addons.esign_base.tests.common import SIGNATURE_PNG, make_pdf
from odoo.tests import HttpCase, tagged

from ..tools.errors import SubmissionRefused
from .common import FormsMixin


@tagged("post_install", "-at_install")
class TestFormSigning(FormsMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_forms()
        role = cls.env.ref("esign_base.role_customer")
        place = {"role_id": role.id, "page": 1, "pos_x": 0.1, "width": 0.3, "height": 0.05}
        cls.template = cls.env["esign.template"].create({
            "name": "Volunteer agreement",
            "document": base64.b64encode(make_pdf(pages=1)),
            "document_name": "agreement.pdf",
            "field_ids": [
                (0, 0, dict(place, field_type="text", pos_y=0.2, name="Name")),
                (0, 0, dict(place, field_type="checkbox", pos_y=0.3, width=0.03,
                            name="Consent")),
                (0, 0, dict(place, field_type="signature", pos_y=0.7, height=0.1)),
            ],
        })
        by_label = {field.name: field for field in cls.template.field_ids}
        cls.form.field_ids.filtered(lambda f: f.name == "full_name").template_field_id = \
            by_label["Name"]
        cls.form.field_ids.filtered(lambda f: f.name == "consent").template_field_id = \
            by_label["Consent"]
        cls.form.write({"require_signature": True, "template_id": cls.template.id,
                        "user_id": cls.manager.id})

    def test_submission_is_signed_sealed_and_mailed(self):
        submission = self.submit()
        request = submission.request_id
        self.assertEqual((submission.state, request.state), ("to_sign", "sent"))
        self.assertEqual(request.user_id, self.manager)
        signer = request.signer_ids
        self.assertEqual((signer.partner_id, signer.auth_method, signer.state),
                         (submission.partner_id, "email", "to_sign"))
        self.assertEqual(submission._signing_path(), signer.access_url)
        config = signer.sudo()._public_config()
        prefilled = {field["label"]: field for field in config["fields"]}
        self.assertEqual(prefilled["Name"]["value"], "Ann Lee")
        self.assertTrue(prefilled["Name"]["readonly"])

        name_key = str(self.template.field_ids.filtered(lambda f: f.name == "Name").id)
        answer = signer.sudo()._submit({name_key: "Someone else"}, SIGNATURE_PNG,
                                       {"ip": "198.51.100.7", "user_agent": "tests"})
        self.assertEqual(answer["request_state"], "signed")
        self.assertEqual(signer.sudo().values[name_key], "Ann Lee",
                         "the sealed text is the submitted answer")
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        self.assertTrue(request.signed_document)
        self.assertEqual(submission.state, "signed")
        copy = self.env["mail.mail"].search([("email_to", "ilike", "ann@example.com"),
                                             ("subject", "ilike", "Signed:")])
        self.assertEqual(len(copy), 1)
        self.assertTrue(copy.attachment_ids, "the sealed PDF reaches the submitter")

    def test_public_posts_lead_to_the_signing_page(self):
        path = f"/forms/{self.form.slug}"
        answer = self.url_open(path, data=json.dumps({"values": self.answers()}),
                               headers={"Content-Type": "application/json",
                                        "Accept": "application/json"})
        self.assertEqual(answer.status_code, 201, answer.text)
        submission = self.env["esign.form.submission"].browse(answer.json()["submission_id"])
        signer = submission.request_id.signer_ids
        self.assertEqual(answer.json()["signing_url"], self.base_url() + signer.access_url)
        page = self.url_open(path, data=self.answers(email="bo@example.com", phone=None),
                             allow_redirects=False)
        self.assertEqual(page.status_code, 303)
        latest = self.env["esign.form.submission"].search([], limit=1)
        self.assertTrue(page.headers["Location"].endswith(
            latest.request_id.signer_ids.access_url))
        self.assertEqual(self.url_open(page.headers["Location"]).status_code, 200)

    def test_a_signing_request_that_cannot_be_sent_is_refused_cleanly(self):
        self.require_sms()
        # A known contact keeps the number on file, here one that takes no SMS.
        self.env["res.partner"].create({"name": "Ann", "email": "ann@example.com",
                                        "mobile": "12"})
        with self.assertRaises(SubmissionRefused) as info:
            self.submit()
        self.assertEqual((info.exception.code, info.exception.status), ("unavailable", 503))
        self.assertFalse(self.form.submission_ids, "nothing half-made is kept")

    def require_sms(self):
        self.form.field_ids.filtered(lambda f: f.name == "phone").required = True
        self.form.require_sms = True

    def test_sms_code_goes_to_the_answered_phone(self):
        self.require_sms()
        submission = self.submit()
        signer = submission.request_id.signer_ids
        self.assertEqual(signer.auth_method, "sms")
        self.assertEqual(signer.phone_e164, "+32470112233")

    def test_a_known_contact_keeps_the_number_on_file(self):
        self.require_sms()
        self.env["res.partner"].create({"name": "Ann", "email": "ann@example.com",
                                        "mobile": "+32 499 00 00 01"})
        signer = self.submit().request_id.signer_ids
        self.assertEqual(signer.phone_e164, "+32499000001")
