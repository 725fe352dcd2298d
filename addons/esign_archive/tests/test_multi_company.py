"""Filing rules and integrity notices stay within the companies a user belongs to."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import MANAGER, ArchiveCase, flip_a_byte


class CompaniesCase(ArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.manager_b = new_test_user(cls.env, "archive_manager_b", groups=MANAGER,
                                      company_id=cls.company_b.id,
                                      company_ids=[(6, 0, cls.company_b.ids)])
        cls.admin_a = new_test_user(cls.env, "archive_admin", groups=f"{MANAGER},base.group_system")


class TestRulesAcrossCompanies(CompaniesCase):
    def test_only_an_administrator_changes_the_rules_for_all_companies(self):
        shared = self.make_rule("Everyone/{year}", company_id=False)
        for user in (self.manager_b, self.archivist):
            with self.subTest(user=user.login):
                rules = self.Rule.with_user(user)
                self.assertIn(shared, rules.search([]), "managers still read them")
                self.assertEqual(shared.with_user(user).path_pattern, "Everyone/{year}")
                with self.assertRaises(AccessError):
                    shared.with_user(user).write({"path_pattern": "Leak/{company}"})
                with self.assertRaises(AccessError):
                    shared.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    rules.create({"path_pattern": "Leak", "sequence": 0, "company_id": False})
        self.assertEqual(shared.path_pattern, "Everyone/{year}")

        as_admin = self.Rule.with_user(self.admin_a)
        created = as_admin.create({"path_pattern": "All/{company}", "company_id": False})
        self.assertFalse(created.company_id)
        shared.with_user(self.admin_a).write({"path_pattern": "Everyone/{month}"})
        self.assertEqual(shared.path_pattern, "Everyone/{month}")
        (shared | created).with_user(self.admin_a).unlink()
        self.assertFalse((shared | created).exists())

    def test_a_manager_changes_only_the_rules_of_their_companies(self):
        rule_a = self.make_rule("Company A", company_id=self.company.id)
        rules_b = self.Rule.with_user(self.manager_b)
        self.assertNotIn(rule_a, rules_b.search([]))
        with self.assertRaises(AccessError):
            rule_a.with_user(self.manager_b).write({"path_pattern": "Leak"})
        with self.assertRaises(AccessError):
            rule_a.with_user(self.manager_b).unlink()
        with self.assertRaises(AccessError):
            rules_b.create({"path_pattern": "Leak", "sequence": 0,
                            "company_id": self.company.id, "template_id": self.template.id})

        rule_b = rules_b.create({"path_pattern": "Company B/{year}"})
        self.assertEqual(rule_b.company_id, self.company_b, "the manager's company by default")
        rule_b.write({"path_pattern": "Company B/{month}", "sequence": 1})
        for company in (self.company, self.env["res.company"]):
            with self.subTest(company=company.name), self.assertRaises(AccessError):
                rule_b.write({"company_id": company.id})
        self.assertEqual(rule_b.company_id, self.company_b)
        rule_b.unlink()

        rule_a.with_user(self.archivist).write({"path_pattern": "Company A/{year}"})
        with self.assertRaises(AccessError):
            rule_a.with_user(self.archivist).write({"company_id": False})

    def test_template_and_partner_belong_to_the_rules_company(self):
        partner_a = self.env["res.partner"].create({"name": "Only A",
                                                    "company_id": self.company.id})
        for values in ({"template_id": self.template.id}, {"partner_id": partner_a.id}):
            with self.subTest(values=values):
                with self.assertRaises(UserError):
                    self.Rule.with_user(self.manager_b).create({"path_pattern": "X", **values})
                with self.assertRaises(UserError):
                    self.make_rule("X", company_id=self.company_b.id, **values)
                with self.assertRaises(UserError):
                    self.make_rule("X", company_id=False, **values)
                rule = self.make_rule("X", company_id=self.company_b.id)
                with self.assertRaises(UserError):
                    rule.write(values)
                self.assertTrue(self.make_rule("X", company_id=self.company.id, **values))

    def test_another_companys_rule_is_never_applied(self):
        self.make_rule("Company B/{year}", sequence=0, company_id=self.company_b.id)
        rule_a = self.make_rule("Company A/{year}", sequence=5, company_id=self.company.id)
        request = self.sealed_request()
        self.assertEqual(self.Rule._match(request), rule_a)
        entry = self.Entry.search([("request_id", "=", request.id)])
        self.assertEqual(entry.directory_id.complete_name.split(" / ")[0], "Company A")
        self.assertEqual(entry.company_id, self.company)


class TestIntegrityNoticesAcrossCompanies(CompaniesCase):
    def test_only_the_documents_company_managers_are_told(self):
        self.make_rule("Checked", company_id=self.company.id)
        entry = self.Entry.search([("request_id", "=", self.sealed_request().id)])
        self.change_stored_file(entry, flip_a_byte)

        self.assertEqual(len(self.Entry._cron_check_integrity()), 1)
        Activity = self.env["mail.activity"]
        directory = [("res_model", "=", "esign.archive.directory"),
                     ("res_id", "=", entry.directory_id.id)]
        self.assertEqual(Activity.search_count(directory + [("user_id", "=", self.archivist.id)]),
                         1)
        self.assertFalse(Activity.search([("user_id", "=", self.manager_b.id)]))
        notes = self.env["mail.message"].search([
            ("model", "=", "esign.archive.directory"), ("res_id", "=", entry.directory_id.id),
            ("body", "ilike", entry.sha256)])
        self.assertTrue(notes)
        self.assertIn(self.archivist.partner_id, notes.partner_ids)
        self.assertNotIn(self.manager_b.partner_id, notes.partner_ids)
        self.assertFalse(self.env["mail.notification"].search(
            [("res_partner_id", "=", self.manager_b.partner_id.id)]))

