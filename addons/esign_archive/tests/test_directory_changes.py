"""Changing directories: nothing leaves a legal hold, and names clash with a clear message."""

from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError

from .common import ArchiveCase


class TestDirectoryLegalHold(ArchiveCase):
    """Held / Cases / 2024 holds a document past its retention."""

    def setUp(self):
        super().setUp()
        self.held = self.Directory.create({"name": "Held", "retention_years": 1})
        self.cases = self.Directory.create({"name": "Cases", "parent_id": self.held.id})
        self.year = self.Directory.create({"name": "2024", "parent_id": self.cases.id})
        self.elsewhere = self.Directory.create({"name": "Elsewhere"})
        self.make_rule("Held/Cases/2024")
        self.entry = self.Entry.search([("request_id", "=", self.sealed_request().id)])
        self.assertEqual(self.entry.directory_id, self.year)
        self.later = date.today() + relativedelta(years=2)
        self.held.with_user(self.archivist).legal_hold = True
        self.other_company = self.env["res.company"].create({"name": "Other Co"})
        self.archivist.company_ids = [Command.link(self.other_company.id)]

    def assertStillHeld(self):
        self.assertEqual(self.cases.parent_id, self.held)
        self.assertEqual(self.year.parent_id, self.cases)
        self.assertTrue(self.entry.on_hold)
        with freeze_time(self.later), self.assertRaisesRegex(UserError, "legal hold"):
            self.entry.with_user(self.archivist).unlink()
        self.assertTrue(self.entry.exists())

    def test_directories_below_a_hold_cannot_be_moved_out(self):
        for directory, target in ((self.cases, False), (self.cases, self.elsewhere.id),
                                  (self.year, False), (self.year, self.elsewhere.id),
                                  (self.held, self.elsewhere.id)):
            with self.subTest(directory=directory.name, target=target), \
                    self.assertRaisesRegex(UserError, "legal hold"):
                directory.with_user(self.archivist).write({"parent_id": target})
        self.assertStillHeld()

    def test_nor_taken_out_through_the_parent_children(self):
        archivist_held = self.held.with_user(self.archivist)
        for command in (Command.unlink(self.cases.id), Command.clear(),
                        Command.set([]), Command.delete(self.cases.id)):
            with self.subTest(command=command), self.assertRaises(UserError):
                archivist_held.write({"child_ids": [command]})
        with self.assertRaisesRegex(UserError, "legal hold"):
            self.elsewhere.with_user(self.archivist).write(
                {"child_ids": [Command.link(self.cases.id)]})
        self.assertStillHeld()

    def test_nor_moved_to_another_company(self):
        empty = self.Directory.create({"name": "Empty", "parent_id": self.cases.id})
        for directory in (self.held, self.year, empty):
            with self.subTest(directory=directory.name), \
                    self.assertRaisesRegex(UserError, "legal hold"):
                directory.with_user(self.archivist).write(
                    {"company_id": self.other_company.id})
        self.assertEqual(empty.company_id, self.company)
        self.assertStillHeld()

    def test_moving_in_and_moving_after_the_hold_is_lifted_are_allowed(self):
        outside = self.Directory.create({"name": "Outside"})
        outside.with_user(self.archivist).parent_id = self.cases
        self.assertEqual(outside.parent_id, self.cases)
        self.held.with_user(self.archivist).write({"name": "Held", "parent_id": False})
        self.held.with_user(self.archivist).legal_hold = False
        self.cases.with_user(self.archivist).parent_id = False
        self.assertFalse(self.entry.on_hold)
        with freeze_time(self.later):
            self.entry.with_user(self.archivist).unlink()
        self.assertFalse(self.entry.exists())

    def test_the_directory_model_has_no_archiving(self):
        # No "active" field: a held directory cannot be archived out of sight.
        self.assertNotIn("active", self.Directory._fields)


class TestDirectoryNames(ArchiveCase):
    def setUp(self):
        super().setUp()
        self.top = self.Directory.create({"name": "Top"})
        self.etc = self.Directory.create({"name": "etc", "parent_id": self.top.id})
        self.unnamed = self.Directory.create({"name": "unnamed", "parent_id": self.top.id})

    def test_a_name_cleaned_into_a_siblings_is_refused_with_a_clear_message(self):
        for hostile, existing in (("../../etc", "etc"), ("ETC", "etc"), ("..", "unnamed"),
                                  ("/etc/", "etc"), (" Unnamed\u202e ", "unnamed")):
            with self.subTest(name=hostile), \
                    self.assertRaises(ValidationError) as refused:
                self.Directory.with_user(self.archivist).create(
                    {"name": hostile, "parent_id": self.top.id})
            message = str(refused.exception)
            self.assertIn(f"Top / {existing}", message)
            self.assertNotIn("duplicate key", message)
            self.assertNotIn("DETAIL", message)
        self.assertEqual(self.Directory.search_count([("parent_id", "=", self.top.id)]), 2)

    def test_renaming_or_moving_onto_a_siblings_name_is_refused(self):
        other = self.Directory.create({"name": "other", "parent_id": self.top.id})
        with self.assertRaisesRegex(ValidationError, "Top / etc"):
            other.with_user(self.archivist).name = "../ETC"
        stray = self.Directory.create({"name": "Etc"})
        with self.assertRaisesRegex(ValidationError, "Top / etc"):
            stray.with_user(self.archivist).parent_id = self.top
        with self.assertRaisesRegex(ValidationError, "Top"):
            self.Directory.with_user(self.archivist).create({"name": "top"})
        with self.assertRaisesRegex(ValidationError, "both"):
            self.Directory.with_user(self.archivist).create(
                [{"name": "New", "parent_id": self.top.id},
                 {"name": "new", "parent_id": self.top.id}])
        self.etc.with_user(self.archivist).name = "ETC"
        self.assertEqual(self.etc.name, "ETC", "its own name in another case is fine")
        elsewhere = self.Directory.create({"name": "etc", "parent_id": stray.id})
        self.assertEqual(elsewhere.name, "etc", "the same name elsewhere is fine")

    def test_filing_still_finds_the_existing_directory(self):
        self.assertEqual(self.Directory._ensure_path(["Top", "../../ETC"], self.company),
                         self.etc)
