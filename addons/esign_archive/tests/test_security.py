from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import MANAGER, ArchiveCase


class TestArchiveRights(ArchiveCase):
    def setUp(self):
        super().setUp()
        self.make_rule("Public/{year}")
        self.public_entry = self.Entry.search([("request_id", "=", self.sealed_request().id)])
        self.public_dir = self.public_entry.directory_id
        self.secret = self.Directory.create({"name": "Secret",
                                             "read_group_ids": [(6, 0, self.legal_group.ids)]})
        self.inner = self.Directory.create({"name": "Inner", "parent_id": self.secret.id})

    def _file_into(self, directory):
        values = self.Entry._prepare_document_values(self.pdf, "x.pdf", directory)
        values["company_id"] = self.company.id
        return self.Entry._create_filed(values)

    def test_rights_inherit_downwards_and_are_stored(self):
        self.assertEqual(self.inner.effective_read_group_ids, self.legal_group)
        self.assertEqual(self.public_dir.effective_read_group_ids,
                         self.env.ref("esign_archive.group_archive_reader"))
        self.secret.read_group_ids = self.env.ref("esign_archive.group_archive_reader")
        self.assertEqual(self.inner.effective_read_group_ids,
                         self.env.ref("esign_archive.group_archive_reader"))
        self.inner.read_group_ids = self.legal_group
        self.secret.read_group_ids = False
        self.assertFalse(self.secret.effective_read_group_ids)
        self.assertEqual(self.inner.effective_read_group_ids, self.legal_group)

    def test_a_reader_sees_neither_the_directory_nor_its_entries(self):
        hidden = self._file_into(self.inner)
        for user, sees_secret in ((self.reader, False), (self.lawyer, True),
                                  (self.archivist, True)):
            with self.subTest(user=user.login):
                directories = self.Directory.with_user(user)
                entries = self.Entry.with_user(user)
                self.assertEqual(bool(directories.search([("id", "=", self.inner.id)])),
                                 sees_secret)
                self.assertEqual(entries.search_count([("id", "=", hidden.id)]), int(sees_secret))
                self.assertIn(self.public_entry, entries.search([]))
                groups = entries.read_group([], ["directory_id"], ["directory_id"])
                seen = {group["directory_id"][0] for group in groups}
                self.assertEqual(self.inner.id in seen, sees_secret)
                counted = directories.search([("id", "=", self.secret.id)]).total_entry_count
                self.assertEqual(counted, 1 if sees_secret else 0)
                if not sees_secret:
                    with self.assertRaises(AccessError):
                        hidden.with_user(user).read(["name"])
                    with self.assertRaises(AccessError):
                        self.inner.with_user(user).read(["name"])

    def test_portal_and_internal_users_see_nothing(self):
        for user in (self.portal, self.internal):
            for model in ("esign.archive.directory", "esign.archive.entry",
                          "esign.archive.rule", "esign.archive.deletion.log"):
                with self.subTest(user=user.login, model=model), \
                        self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.public_entry.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.Entry.with_user(user).check_integrity()

    def test_readers_cannot_manage_directories_or_rules(self):
        with self.assertRaises(AccessError):
            self.public_dir.with_user(self.reader).write({"read_group_ids": [(5, 0, 0)]})
        with self.assertRaises(AccessError):
            self.Directory.with_user(self.reader).create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.Rule.with_user(self.reader).search([])

    def test_other_company_is_invisible_even_to_its_managers(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        foreign = new_test_user(self.env, "archive_foreign", groups=MANAGER,
                                company_id=other.id, company_ids=[(6, 0, other.ids)])
        self.assertFalse(self.Entry.with_user(foreign).search([]))
        self.assertFalse(self.Directory.with_user(foreign).search([]))

    def test_side_panel_lists_only_readable_directories_with_their_counts(self):
        self._file_into(self.inner)
        for user, sees_secret in ((self.reader, False), (self.lawyer, True)):
            with self.subTest(user=user.login):
                panel = self.Entry.with_user(user).search_panel_select_range(
                    "directory_id", enable_counters=True)
                counts = {value["id"]: value.get("__count") for value in panel["values"]}
                self.assertEqual(self.inner.id in counts, sees_secret)
                self.assertEqual(counts.get(self.public_dir.id), 1)
                if sees_secret:
                    self.assertEqual(counts[self.inner.id], 1)

    def test_reader_can_load_the_backend_views(self):
        for model in (self.Entry, self.Directory):
            views = model.with_user(self.reader).get_views(
                [(False, "kanban"), (False, "list"), (False, "form"), (False, "search")])
            self.assertEqual(set(views["views"]), {"kanban", "list", "form", "search"})
        records = self.Entry.with_user(self.reader).web_search_read(
            [("directory_id", "child_of", self.public_dir.id)],
            {"name": {}, "directory_path": {}, "thumbnail": {}, "partner_id": {"fields": {}},
             "date_signed": {}, "fingerprint": {}, "on_hold": {}})
        self.assertEqual(records["length"], 1)
        self.assertEqual(records["records"][0]["name"], self.public_entry.name)
        form = self.public_entry.with_user(self.reader).web_read({
            "name": {}, "partner_id": {"fields": {"display_name": {}}},
            "template_id": {"fields": {"display_name": {}}},
            "request_id": {"fields": {"display_name": {}}}, "document": {},
            "audit_document": {}, "sha256": {}, "retention_until": {}, "on_hold": {}})
        self.assertEqual(form[0]["request_id"]["id"], self.public_entry.request_id.id)
        folders = self.Directory.with_user(self.reader).web_search_read(
            [], {"complete_name": {}, "entry_count": {}, "total_entry_count": {},
                 "effective_read_group_ids": {"fields": {"display_name": {}}}})
        self.assertNotIn(self.secret.id, [row["id"] for row in folders["records"]])
