from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import FormsMixin


@tagged("post_install", "-at_install")
class TestFormSecurity(FormsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_forms()
        cls.submission = cls.submit(cls)

    def test_portal_and_ordinary_users_read_no_submission(self):
        for user in (self.portal, self.outsider):
            for model in ("esign.form", "esign.form.submission", "esign.form.value",
                          "esign.form.field"):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search_read([], ["id"])
            with self.assertRaises(AccessError):
                self.submission.with_user(user).read(["reference"])

    def test_form_restricted_to_groups_hides_its_submissions(self):
        restricted = self.env["res.groups"].create({"name": "HR forms"})
        self.form.group_ids = restricted
        as_manager = self.env["esign.form.submission"].with_user(self.manager)
        self.assertFalse(as_manager.search([]))
        self.assertFalse(self.env["esign.form.value"].with_user(self.manager).search([]))
        self.assertFalse(self.env["esign.form"].with_user(self.manager).search([]))
        with self.assertRaises(AccessError):
            self.submission.with_user(self.manager).read(["reference"])
        self.manager.groups_id += restricted
        self.assertEqual(as_manager.search([]), self.submission)

    def test_evidence_cannot_be_written_even_by_an_administrator(self):
        admin = new_test_user(self.env, "forms_admin", groups="base.group_system,"
                              "esign_forms.group_esign_forms_manager")
        other = self.env["esign.form"].create({"name": "Other"})
        for user in (self.manager, admin):
            submission = self.submission.with_user(user)
            for vals in ({"form_id": other.id}, {"ip_address": "1.2.3.4"},
                         {"state": "signed"}, {"reference": "X"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    submission.write(vals)
            with self.assertRaises(AccessError):
                submission.value_ids[:1].write({"value_text": "forged"})
            with self.assertRaises(AccessError):
                self.env["esign.form.value"].with_user(user).create({
                    "submission_id": self.submission.id, "field_id": self.form.field_ids[0].id,
                    "field_type": "text", "value_text": "forged"})
            with self.assertRaises(AccessError):
                self.env["esign.form.submission"].with_user(user).create({"form_id": other.id})
        self.submission.with_user(self.manager).write({"note": "Called back"})
        self.assertEqual(self.submission.note, "Called back")

    def test_slug_is_not_writable_and_new_link_replaces_it(self):
        old = self.form.slug
        self.form.with_user(self.manager).write({"slug": "guessable"})
        self.assertEqual(self.form.slug, old)
        self.form.with_user(self.manager).action_new_link()
        self.assertNotEqual(self.form.slug, old)
        self.assertGreaterEqual(len(self.form.slug), 32)
        self.assertFalse(self.env["esign.form"]._get_by_slug(old))
        self.assertEqual(self.env["esign.form"]._get_by_slug(self.form.slug), self.form)
