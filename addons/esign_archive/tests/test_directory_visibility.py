"""A reader who may read a directory but not the ones above it: what they see of its path."""

from odoo.exceptions import AccessError

from .common import READER, ArchiveCase

HIDDEN_WORDS = ("Zeus", "Falcon", "Secret")


class DirectoryTreeCase(ArchiveCase):
    """Public / Hidden Project Zeus / Visible and Secret / Inner Codename Falcon / Open.

    The reader may read Public, Visible and Open; the legal team (the
    lawyer) everything.
    """

    def setUp(self):
        super().setUp()
        readers = self.env.ref(READER)
        self.public = self.Directory.create({"name": "Public",
                                             "read_group_ids": [(6, 0, readers.ids)]})
        self.zeus = self.Directory.create({"name": "Hidden Project Zeus",
                                           "parent_id": self.public.id,
                                           "read_group_ids": [(6, 0, self.legal_group.ids)]})
        self.visible = self.Directory.create({"name": "Visible", "parent_id": self.zeus.id,
                                              "read_group_ids": [(6, 0, readers.ids)]})
        self.secret = self.Directory.create({"name": "Secret",
                                             "read_group_ids": [(6, 0, self.legal_group.ids)]})
        self.inner = self.Directory.create({"name": "Inner Codename Falcon",
                                            "parent_id": self.secret.id})
        self.open = self.Directory.create({"name": "Open", "parent_id": self.inner.id,
                                           "read_group_ids": [(6, 0, readers.ids)]})
        self.vis_entry = self._file_into(self.visible, "vis.pdf")
        self.open_entry = self._file_into(self.open, "open.pdf")

    def _file_into(self, directory, name):
        values = self.Entry._prepare_document_values(self.pdf, name, directory)
        values["company_id"] = self.company.id
        return self.Entry._create_filed(values)

    def _commit_hooks(self):
        """What a commit does before committing: flush, then post the tracking."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def assertNothingHidden(self, value):
        for word in HIDDEN_WORDS:
            self.assertNotIn(word, str(value))


class TestDirectoryVisibility(DirectoryTreeCase):
    def test_paths_hide_the_names_of_directories_the_user_may_not_read(self):
        # Managers first, then the reader, then managers again: the paths
        # are per user, never one user's value served to another.
        for user, visible_path, open_path in (
                (self.archivist, "Public / Hidden Project Zeus / Visible",
                 "Secret / Inner Codename Falcon / Open"),
                (self.reader, "Public / … / Visible", "… / Open"),
                (self.lawyer, "Public / Hidden Project Zeus / Visible",
                 "Secret / Inner Codename Falcon / Open"),
                (self.archivist, "Public / Hidden Project Zeus / Visible",
                 "Secret / Inner Codename Falcon / Open")):
            with self.subTest(user=user.login):
                rows = {row["id"]: row for row in self.Directory.with_user(user).search_read(
                    [("id", "in", [self.visible.id, self.open.id])],
                    ["complete_name", "display_name", "parent_id"])}
                self.assertEqual(rows[self.visible.id]["complete_name"], visible_path)
                self.assertEqual(rows[self.visible.id]["display_name"], visible_path)
                self.assertEqual(rows[self.open.id]["complete_name"], open_path)
                entries = {row["id"]: row for row in self.Entry.with_user(user).search_read(
                    [("id", "in", [self.vis_entry.id, self.open_entry.id])],
                    ["directory_path", "directory_id"])}
                self.assertEqual(entries[self.vis_entry.id]["directory_path"], visible_path)
                self.assertEqual(entries[self.open_entry.id]["directory_id"],
                                 (self.open.id, open_path))
                if user == self.reader:
                    self.assertEqual(rows[self.open.id]["parent_id"], (self.inner.id, "…"))
                    self.assertEqual(rows[self.visible.id]["parent_id"],
                                     (self.zeus.id, "Public / …"))
                    self.assertNothingHidden([rows, entries])
        form = self.open.with_user(self.reader).web_read({
            "complete_name": {}, "parent_id": {"fields": {"display_name": {}}}})
        self.assertEqual(form[0]["parent_id"], {"id": self.inner.id, "display_name": "…"})
        self.assertNothingHidden(form)

    def test_a_readable_directory_above_stays_named(self):
        self.secret.read_group_ids = self.env.ref(READER)
        self.inner.read_group_ids = self.legal_group
        self.assertEqual(self.open.with_user(self.reader).complete_name, "Secret / … / Open")

    def test_the_full_path_is_for_managers_only(self):
        directories = self.Directory.with_user(self.reader)
        self.assertNotIn("full_path", directories.fields_get())
        with self.assertRaises(AccessError):
            self.open.with_user(self.reader).read(["full_path"])
        with self.assertRaises(AccessError):
            directories.search([("full_path", "ilike", "Falcon")])
        with self.assertRaises(AccessError):
            directories.read_group([], ["full_path"], ["full_path"])
        self.assertEqual(self.open.with_user(self.archivist).read(["full_path"])[0]["full_path"],
                         "Secret / Inner Codename Falcon / Open")

    def test_searching_by_path_matches_only_what_the_user_sees(self):
        directories = self.Directory.with_user(self.reader)
        self.assertEqual(directories.name_search("Zeus"), [])
        self.assertEqual(directories.name_search("Falcon"), [])
        self.assertEqual(directories.name_search("Visible"),
                         [(self.visible.id, "Public / … / Visible")])
        self.assertEqual(directories.search([("complete_name", "ilike", "Public / … / vis")]),
                         self.visible)
        self.assertEqual(directories.search([("complete_name", "=", "… / Open")]), self.open)
        self.assertEqual(directories.search([("complete_name", "in", ["… / Open"])]),
                         self.open)
        self.assertFalse(directories.search([("complete_name", "=like", "Secret%")]))
        self.assertFalse(directories.search([("complete_name", "ilike", "Hidden_Project")]))
        self.assertIn(self.visible, directories.search([("complete_name", "not ilike", "Zeus")]))
        self.assertIn(self.open, directories.search([("complete_name", "!=", "Open")]))
        self.assertFalse(self.Entry.with_user(self.reader).search(
            [("directory_path", "ilike", "Zeus")]))
        self.assertEqual(self.Entry.with_user(self.reader).search(
            [("directory_path", "ilike", "Visible")]), self.vis_entry)
        managers = self.Directory.with_user(self.archivist)
        self.assertEqual({d for d, _name in managers.name_search("Zeus")},
                         {self.zeus.id, self.visible.id})
        self.assertEqual(self.Entry.with_user(self.archivist).search(
            [("directory_path", "ilike", "Zeus")]), self.vis_entry)

    def test_ordering_and_grouping_follow_the_path(self):
        everything = self.Directory.with_user(self.archivist).search([], order="complete_name")
        self.assertEqual(everything.mapped("full_path"), sorted(everything.mapped("full_path")))
        for user in (self.reader, self.archivist):
            with self.subTest(user=user.login):
                directories = self.Directory.with_user(user)
                self.assertTrue(directories.fields_get(["complete_name"])["complete_name"]
                                ["sortable"])
                mine = directories.search([])
                self.assertEqual(mine.ids, [i for i in everything.ids if i in mine.ids],
                                 "ordered by the path by default")
                self.assertEqual(directories.search([], order="complete_name desc").ids,
                                 list(reversed(mine.ids)))
                rows = directories.web_search_read([], {"complete_name": {}},
                                                   order="complete_name ASC")
                self.assertEqual([row["id"] for row in rows["records"]], mine.ids)
        groups = self.Entry.with_user(self.reader).read_group(
            [], ["directory_id"], ["directory_id"])
        labels = {group["directory_id"][1] for group in groups}
        self.assertLessEqual({"Public / … / Visible", "… / Open"}, labels)
        self.assertNothingHidden(groups)
        parents = self.Directory.with_user(self.reader).read_group(
            [], ["parent_id"], ["parent_id"])
        self.assertNothingHidden(parents)

    def test_side_panel_shows_readable_directories_below_unreadable_ones(self):
        for user, nested in ((self.reader, False), (self.lawyer, True)):
            with self.subTest(user=user.login):
                panel = self.Entry.with_user(user).search_panel_select_range(
                    "directory_id", enable_counters=True)
                values = {value["id"]: value for value in panel["values"]}
                self.assertIn(self.visible.id, values)
                self.assertIn(self.open.id, values)
                self.assertEqual(values[self.visible.id]["__count"], 1)
                self.assertEqual(values[self.open.id]["__count"], 1)
                if nested:
                    self.assertEqual(values[self.visible.id]["parent_id"], self.zeus.id)
                    self.assertEqual(values[self.zeus.id]["__count"], 1)
                    self.assertEqual(values[self.secret.id]["__count"], 1)
                else:
                    self.assertFalse(values[self.visible.id]["parent_id"])
                    self.assertFalse(values[self.open.id]["parent_id"])
                    self.assertEqual(values[self.visible.id]["display_name"],
                                     "Public / … / Visible")
                    self.assertNotIn(self.zeus.id, values)
                    self.assertNothingHidden(panel)
        tree = self.Directory.with_user(self.reader).search_panel_select_range(
            "parent_id", expand=True)
        values = {value["id"]: value for value in tree["values"]}
        self.assertEqual(values[self.open.id]["parent_id"], False)
        self.assertEqual(values[self.visible.id]["parent_id"], False)
        self.assertNothingHidden(tree)

    def test_filing_refusal_names_only_directories_the_user_may_read(self):
        self.public.file_group_ids = self.legal_group
        self.secret.file_group_ids = self.legal_group
        with self.assertRaises(AccessError) as refused:
            self.public.with_user(self.filer)._check_may_file()
        self.assertIn("Public", str(refused.exception))
        for directory in (self.secret, self.inner):
            with self.subTest(directory=directory.name), \
                    self.assertRaises(AccessError) as refused:
                directory.with_user(self.filer).sudo()._check_may_file()
            self.assertNothingHidden(refused.exception)
            self.assertIn("this directory", str(refused.exception))
        request = self.sealed_request()
        self.make_rule("Secret/Inner Codename Falcon")
        with self.assertRaises(AccessError) as refused:
            request.with_user(self.filer).action_archive()
        self.assertNothingHidden(refused.exception)

    def test_chatter_keeps_no_path_a_reader_may_not_see(self):
        directory = self.Directory.with_user(self.archivist).with_context(
            tracking_disable=False).create({
                "name": "Moving", "parent_id": self.inner.id,
                "read_group_ids": [(6, 0, self.env.ref(READER).ids)]})
        self._commit_hooks()  # created in an earlier transaction
        message = directory.message_post(body="Reviewed")
        self.assertEqual(message.record_name, "Moving")
        directory.parent_id = self.public
        self._commit_hooks()
        messages = self.env["mail.message"].search([
            ("model", "=", self.Directory._name), ("res_id", "=", directory.id)])
        self.assertNothingHidden(messages.mapped("record_name"))
        tracking = messages.sudo().tracking_value_ids
        self.assertNotIn("parent_id", tracking.field_id.mapped("name"))
        moved = tracking.filtered(lambda t: t.old_value_char and t.field_id.name == "full_path")
        self.assertEqual(moved.old_value_char, "Secret / Inner Codename Falcon / Moving")
        self.assertEqual(moved.new_value_char, "Public / Moving")
        self.assertTrue(moved._filter_has_field_access(self.env(user=self.archivist)))
        shown = tracking._filter_has_field_access(self.env(user=self.reader))
        self.assertNothingHidden(shown.mapped(lambda t: (t.old_value_char, t.new_value_char)))
        self.assertEqual(directory.with_user(self.reader).complete_name, "Public / Moving")
