"""Number, choice, multiple choice, attached file and conditional fields:
set up on a template, frozen at sending, checked at submission, kept with
the request and drawn on the sealed PDF."""

import base64
import hashlib

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.esign_errors import SigningError
from .common import SIGNATURE_PNG, EsignCase, make_pdf, pdf_text

CHOICES = "basic:Basic plan\npremium:Premium plan"
EXTRAS = "phone:Phone support\nonsite:On-site visits\ntraining:Training"


class FieldTypesCase(EsignCase):
    """A template with a field of each new type for the customer, Plan's
    "premium" showing a required "Premium contact" text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.typed = cls.env["esign.template"].create({
            "name": "Order form",
            "document": base64.b64encode(make_pdf(pages=1)),
            "document_name": "order.pdf",
            "field_ids": [
                cls._field("signature", cls.role_company, 1, 0.1, 0.05),
                cls._typed("number", 0.10, name="Seats"),
                cls._typed("select", 0.20, name="Plan", choices=CHOICES),
                cls._typed("multiselect", 0.30, name="Extras", choices=EXTRAS, required=False),
                cls._typed("checkbox", 0.40, name="Terms accepted", width=0.03),
                cls._typed("attachment", 0.50, name="Purchase order"),
                cls._typed("text", 0.60, name="Premium contact"),
                cls._typed("signature", 0.80, height=0.08),
            ],
        })
        by_name = {field.name: field for field in cls.typed.field_ids}
        cls.plan, cls.contact = by_name["Plan"], by_name["Premium contact"]
        cls.contact.write({"condition_field_id": cls.plan.id, "condition_value": "premium"})

    @classmethod
    def _typed(cls, field_type, pos_y, name=None, choices=None, required=True, width=0.3,
               height=0.03):
        return (0, 0, {"field_type": field_type, "role_id": cls.role_customer.id, "page": 1,
                       "pos_x": 0.1, "pos_y": pos_y, "width": width, "height": height,
                       "required": required, "name": name, "choices": choices})

    def _sent(self):
        request = self.make_request(sequential=False, template=self.typed)
        request.action_send()
        return request, self.signer_of(request, self.bob).sudo()

    def _values(self, signer, **by_name):
        return {str(f.field_key): by_name[f.name] for f in signer._own_fields()
                if f.name in by_name}

    def _submit(self, signer, **by_name):
        return signer._submit(self._values(signer, **by_name), SIGNATURE_PNG,
                              {"ip": "203.0.113.9"})

    def _pdf_upload(self, name="po.pdf"):
        return {"name": name, "data": base64.b64encode(make_pdf(pages=1)).decode()}



@tagged("post_install", "-at_install")
class TestFieldTypes(FieldTypesCase):
    # ------------------------------------------------------------ template

    def test_choice_fields_need_valid_choices(self):
        field = self.typed.field_ids.filtered(lambda f: f.name == "Plan")
        with self.assertRaises(ValidationError):
            field.choices = ""
        with self.assertRaises(ValidationError):
            field.choices = "a:One\na:Again"
        with self.assertRaises(ValidationError):
            field.choices = "with space:Label"

    def test_conditions_stay_with_one_signer_and_a_known_value(self):
        with self.assertRaises(ValidationError):
            self.contact.condition_value = "gold"  # not a key of Plan
        company_sig = self.typed.field_ids.filtered(lambda f: f.role_id == self.role_company)
        with self.assertRaises(ValidationError):
            company_sig.write({"condition_field_id": self.plan.id, "condition_value": "basic"})
        with self.assertRaises(ValidationError):
            self.plan.write({"condition_field_id": self.contact.id, "condition_value": "x"})
        with self.assertRaises(ValidationError):
            self.plan.choices = "basic:Basic plan"  # the contact field tests "premium"
        with self.assertRaises(ValidationError):
            self.plan.field_type = "signature"
        terms = self.typed.field_ids.filtered(lambda f: f.name == "Terms accepted")
        with self.assertRaises(ValidationError):
            self.contact.write({"condition_field_id": terms.id, "condition_value": "maybe"})
        self.contact.write({"condition_field_id": terms.id, "condition_value": "1"})

    def test_new_attributes_are_frozen_at_sending(self):
        request, signer = self._sent()
        self.plan.choices = "basic:Basic plan\npremium:Premium plan\ngold:Gold"
        frozen = request.field_ids.filtered(lambda f: f.field_key == self.plan.id)
        self.assertEqual(frozen.choices, CHOICES)
        contact = request.field_ids.filtered(lambda f: f.field_key == self.contact.id)
        self.assertEqual((contact.condition_key, contact.condition_value),
                         (self.plan.id, "premium"))
        config = {f["id"]: f for f in signer._public_config()["fields"]}
        self.assertEqual([c["key"] for c in config[self.plan.id]["choices"]], ["basic", "premium"])
        self.assertEqual(config[self.contact.id]["condition"],
                         {"field": self.plan.id, "value": "premium"})
        with self.assertRaises(SigningError):
            self._submit(signer, Seats="3", Plan="gold", **{"Terms accepted": True,
                                                             "Purchase order": self._pdf_upload()})

    # ------------------------------------------------------------ values

    def test_every_type_end_to_end_to_the_sealed_pdf(self):
        request, bob = self._sent()
        self.sign(self.signer_of(request, self.alice))
        self._submit(bob, Seats="1 250,5", Plan="premium", Extras=["training", "phone"],
                     **{"Terms accepted": True, "Purchase order": self._pdf_upload("../po.pdf"),
                        "Premium contact": "Carla"})
        values = {f.name: bob.values.get(str(f.field_key)) for f in bob._own_fields()}
        self.assertEqual(values["Seats"], "1250,5")
        self.assertEqual(values["Plan"], "premium")
        self.assertEqual(values["Extras"], ["phone", "training"])
        self.assertEqual(values["Terms accepted"], "1")
        stored = values["Purchase order"]
        self.assertEqual((stored["name"], stored["mimetype"]), ("po.pdf", "application/pdf"))
        attachment = self.env["ir.attachment"].browse(stored["attachment_id"])
        self.assertEqual((attachment.res_model, attachment.res_id), ("esign.request", request.id))
        self.assertEqual(attachment.checksum and attachment.file_size, stored["size"])
        self.env["esign.request"]._cron_seal()
        self.assertEqual(request.seal_state, "done", request.seal_error)
        text = pdf_text(base64.b64decode(request.signed_document))
        for expected in ("1250,5", "Premium plan", "Phone support, Training", "Terms accepted",
                         "Attached: po.pdf", "Carla"):
            self.assertIn(expected, text)
        self.assertNotIn("premium", text.replace("Premium", ""))

    def test_conditional_field_is_required_only_when_shown(self):
        _request, bob = self._sent()
        upload = self._pdf_upload()
        with self.assertRaisesRegex(SigningError, "Premium contact"):
            self._submit(bob, Seats="2", Plan="premium",
                         **{"Terms accepted": True, "Purchase order": upload})
        self._submit(bob, Seats="2", Plan="basic",
                     **{"Terms accepted": True, "Purchase order": upload,
                        "Premium contact": "ignored while hidden"})
        self.assertNotIn(str(self.contact.id), bob.values)

    def test_refused_values(self):
        _request, bob = self._sent()
        good = {"Seats": "2", "Plan": "basic", "Terms accepted": True,
                "Purchase order": self._pdf_upload()}
        exe = {"name": "po.pdf", "data": base64.b64encode(b"MZ\x90\x00 not a pdf").decode()}
        big = {"name": "big.png", "data": base64.b64encode(
            b"\x89PNG\r\n\x1a\n" + b"0" * (4 * 1024 * 1024)).decode()}
        bad_png = {"name": "x.png", "data": base64.b64encode(b"\x89PNG\r\n\x1a\nbroken").decode()}
        for change, code in (
            ({"Seats": "12abc"}, "number_invalid"),
            ({"Seats": ["1"]}, "number_invalid"),
            ({"Plan": "gold"}, "choice_unknown"),
            ({"Plan": ["basic"]}, "choice_unknown"),
            ({"Extras": "phone"}, "choice_unknown"),
            ({"Extras": ["phone", "gold"]}, "choice_unknown"),
            ({"Purchase order": exe}, "attachment_type"),
            ({"Purchase order": big}, "attachment_too_large"),
            ({"Purchase order": bad_png}, "attachment_type"),
            ({"Purchase order": {"name": "x", "data": "***"}}, "attachment_invalid"),
            ({"Purchase order": "po.pdf"}, "attachment_invalid"),
            ({"Purchase order": None}, "field_required"),
        ):
            with self.subTest(change=change), self.assertRaises(SigningError) as caught:
                self._submit(bob, **(good | change))
            self.assertEqual(caught.exception.code, code)
        self.assertEqual(bob.state, "to_sign")
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", "esign.request"),
                                                           ("name", "=", "po.pdf")]))

    def test_other_roles_fields_are_refused(self):
        request, bob = self._sent()
        alice_field = request.field_ids.filtered(lambda f: f.role_id == self.role_company)
        values = self._values(bob, Seats="2", Plan="basic", **{
            "Terms accepted": True, "Purchase order": self._pdf_upload()})
        values[str(alice_field.field_key)] = "x"
        with self.assertRaises(SigningError) as caught:
            bob._submit(values, SIGNATURE_PNG, {})
        self.assertEqual(caught.exception.code, "field_unknown")

    def test_frozen_choices_and_conditions_are_evidence(self):
        request, _bob = self._sent()
        frozen = request.field_ids.filtered(lambda f: f.field_key == self.contact.id)
        for values in ({"choices": "gold:Gold"}, {"condition_key": 0},
                       {"condition_value": "basic"}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                frozen.write(values)

    def test_attached_files_stay_with_the_request(self):
        request, bob = self._sent()
        self._submit(bob, Seats="2", Plan="basic", **{"Terms accepted": True,
                                                     "Purchase order": self._pdf_upload()})
        stored = bob.values[str(self.typed.field_ids.filtered(
            lambda f: f.name == "Purchase order").id)]
        attachment = self.env["ir.attachment"].browse(stored["attachment_id"])
        portal = new_test_user(self.env, "portal_reader", groups="base.group_portal")
        with self.assertRaises(AccessError):
            attachment.with_user(portal).read(["datas"])
        self.assertEqual(attachment.with_user(self.manager).read(["name"])[0]["name"], "po.pdf")
        self.assertEqual(stored["sha256"], hashlib.sha256(attachment.raw).hexdigest())
