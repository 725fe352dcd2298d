from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from ..tools.errors import SubmissionRefused
from .common import FormsMixin


@tagged("post_install", "-at_install")
class TestFormSubmit(FormsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_forms()

    def refused(self, **overrides):
        with self.assertRaises(SubmissionRefused) as info:
            self.submit(**overrides)
        return info.exception

    def test_answers_are_stored_as_typed_values(self):
        submission = self.submit()
        self.assertEqual(submission.state, "received")
        self.assertTrue(submission.reference.startswith(f"F{self.form.id:03d}-"))
        by_key = {}
        for value in submission.value_ids:
            by_key.setdefault(value.field_id.name, []).append(value)
        self.assertEqual(by_key["full_name"][0].value_text, "Ann Lee")
        self.assertEqual(by_key["age"][0].value_number, 34)
        self.assertEqual(by_key["born"][0].value_date, date(1991, 5, 4))
        self.assertIs(by_key["consent"][0].value_bool, True)
        self.assertEqual(by_key["colour"][0].value_choice, "g")
        self.assertEqual(by_key["colour"][0].value_display, "Green")
        self.assertEqual(sorted(v.value_choice for v in by_key["days"]), ["mon", "tue"])
        self.assertEqual(self.form.submission_count, 1)

    def test_each_field_type_is_validated_on_the_server(self):
        cases = {
            "full_name": ("A", "too short"), "email": ("ann@", "valid email"),
            "phone": ("call me", "valid phone"), "age": ("15", "at least 16"),
            "born": ("04/05/1991", "YYYY-MM-DD"), "motto": ("x" * 201, "too long"),
            "zip": ("10000", "Four digits"), "colour": ("purple", "choose one"),
            "days": (["mon", "sun"], "choose among"), "consent": ("", "must be ticked"),
        }
        for key, (bad, message) in cases.items():
            with self.subTest(field=key):
                refusal = self.refused(**{key: bad})
                self.assertEqual(refusal.status, 400)
                self.assertEqual(list(refusal.field_errors), [key])
                self.assertIn(message, refusal.field_errors[key])
        self.assertIn("whole number", self.refused(age="20.5").field_errors["age"])
        self.assertIn("required", self.refused(full_name=None).field_errors["full_name"])
        unknown = self.refused(nickname="x").field_errors
        self.assertEqual(list(unknown), ["nickname"])
        self.assertFalse(self.form.submission_ids, "nothing is stored when refused")

    def test_publishing_window(self):
        now = fields.Datetime.now()
        self.form.is_published = False
        self.assertEqual(self.refused().status, 404)
        self.form.write({"is_published": True, "date_open": now + timedelta(days=1)})
        refusal = self.refused()
        self.assertEqual((refusal.code, refusal.status), ("scheduled", 404))
        self.assertIn("opens on", str(refusal))
        self.form.write({"date_open": now - timedelta(days=2), "date_close": now - timedelta(1)})
        self.assertEqual((self.refused().code, self.refused().status), ("closed", 410))
        self.form.write({"date_close": now + timedelta(days=1)})
        self.assertTrue(self.submit())
        with self.assertRaises(ValidationError):
            self.form.write({"date_close": now - timedelta(days=3)})

    def test_submission_limit(self):
        self.form.max_submissions = 2
        self.submit()
        self.submit(email="bob@example.com")
        self.assertEqual(self.form.public_state, "full")
        refusal = self.refused(email="carl@example.com")
        self.assertEqual((refusal.code, refusal.status), ("full", 410))
        self.assertEqual(self.form.submission_count, 2)

    def test_rate_limit_per_address_in_the_database(self):
        self.env["ir.config_parameter"].sudo().set_param("esign_forms.max_per_ip_hour", "2")
        self.submit()
        self.submit()
        refusal = self.refused()
        self.assertEqual((refusal.code, refusal.status), ("too_many", 429))
        other = self.submit(client={"ip": "203.0.113.9", "user_agent": "x"})
        self.assertEqual(other.ip_address, "203.0.113.9")

    def test_same_nonce_makes_one_submission(self):
        first = self.submit(nonce="page-1")
        again, created = self.form.sudo()._submit_public(
            self.answers(full_name="Changed"), {"ip": "198.51.100.7"}, nonce="page-1")
        self.assertEqual(again, first)
        self.assertFalse(created)
        self.assertEqual(self.form.submission_count, 1)

    def test_contact_matched_by_email_else_phone_else_created(self):
        known = self.env["res.partner"].create({"name": "Ann", "email": "ANN@example.com"})
        self.assertEqual(self.submit().partner_id, known)
        by_phone = self.env["res.partner"].create({"name": "Pat", "mobile": "+32 470 99 88 77"})
        self.form.field_ids.filtered(lambda f: f.name == "email").required = False
        submission = self.submit(email=None, phone="+32 470 99 88 77")
        self.assertEqual(submission.partner_id, by_phone)
        new = self.submit(email="zoe@example.com", full_name="Zoe Zed", phone=None)
        self.assertEqual((new.partner_id.name, new.partner_id.email),
                         ("Zoe Zed", "zoe@example.com"))

    def test_field_rules_are_checked_when_saved(self):
        field = self.form.field_ids[0]
        for vals in ({"name": "Bad Key"}, {"name": "website"}, {"pattern": "("},
                     {"field_type": "select", "choices": ""}, {"min_length": 70}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                field.write(vals)

    def test_signature_form_needs_a_template_with_one_role(self):
        with self.assertRaises(ValidationError):
            self.form.write({"require_signature": True})

    def test_a_field_with_answers_keeps_its_key_and_type(self):
        self.submit()
        field = self.form.field_ids.filtered(lambda f: f.name == "age")
        with self.assertRaises(UserError):
            field.field_type = "text"
        field.label = "Your age"
        self.assertEqual(field.label, "Your age")
