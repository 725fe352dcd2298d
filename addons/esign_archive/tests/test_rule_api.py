"""Filing rules through the fields the External API names."""

from .common import ArchiveCase


class TestRuleApi(ArchiveCase):
    def test_a_rule_needs_no_name(self):
        values = {"sequence": 3, "template_id": self.template.id, "partner_id": self.alice.id,
                  "partner_category_id": False, "company_id": self.company.id,
                  "path_pattern": "Contracts/{year}", "active": True}
        for user in (self.env.user, self.archivist):
            with self.subTest(user=user.login):
                rule = self.Rule.with_user(user).create(values)
                self.assertEqual(rule.name, "Contracts/{year}")
                self.assertEqual(rule.display_name, "Contracts/{year}")
        defaulted = self.Rule.create({"company_id": self.company.id})
        self.assertEqual(defaulted.name, defaulted.path_pattern)
        self.assertTrue(defaulted.name)
        named = self.Rule.create({"name": "Customer contracts", "path_pattern": "Customers"})
        self.assertEqual(named.name, "Customer contracts")
        named.write({"name": False})
        self.assertEqual(named.name, "Customers")
        self.assertEqual(self.Rule.fields_get(["name"])["name"]["required"], False)

    def test_an_unnamed_rule_files_as_any_other(self):
        self.Rule.create({"path_pattern": "Unnamed/{partner}", "template_id": self.template.id})
        entry = self.Entry.search([("request_id", "=", self.sealed_request().id)])
        self.assertEqual(entry.directory_id.complete_name, "Unnamed / Alice Company")
