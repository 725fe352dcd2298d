from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import ArchiveCase


class TestImmutability(ArchiveCase):
    def setUp(self):
        super().setUp()
        self.directory = self.Directory._ensure_path(["Kept"], self.company)
        self.directory.retention_years = 10
        self.make_rule("Kept/{year}")
        self.request = self.sealed_request()
        self.entry = self.Entry.search([("request_id", "=", self.request.id)])
        self.admin = self.env.ref("base.user_admin")
        self.later = date.today() + relativedelta(years=11)

    def test_no_field_can_be_written_by_anyone(self):
        other_dir = self.Directory.create({"name": "Elsewhere"})
        changes = {"name": "forged.pdf", "sha256": "0" * 64, "fingerprint": "X",
                   "directory_id": other_dir.id, "request_id": False, "legal_hold": True,
                   "retention_until": "2000-01-01", "document": b"JVBERi0=",
                   "text_content": "forged", "partner_id": self.bob.id,
                   "thumbnail": b"iVBORw0=", "index_state": "indexed"}
        for user in (self.reader, self.archivist, self.admin):
            for field, value in changes.items():
                with self.subTest(user=user.login, field=field), self.assertRaises(AccessError):
                    self.entry.with_user(user).write({field: value})
        for field, value in changes.items():
            with self.subTest(field=field, user="superuser"), self.assertRaises(AccessError):
                self.entry.sudo().write({field: value})
        self.assertEqual(self.entry.name, f"{self.request.name}.pdf")

    def test_no_copy_and_no_create_outside_filing(self):
        for user in (self.archivist, self.admin):
            with self.assertRaises(AccessError):
                self.entry.with_user(user).copy()
            with self.assertRaises(AccessError):
                self.Entry.with_user(user).with_context(esign_archive_filing=True).create({
                    "name": "forged.pdf", "directory_id": self.directory.id,
                    "company_id": self.company.id})
        with self.assertRaises(AccessError):
            self.entry.sudo().copy()
        with self.assertRaises(AccessError):
            self.Entry.sudo().with_context(esign_archive_filing=True).create({
                "name": "forged.pdf", "directory_id": self.directory.id,
                "company_id": self.company.id})

    def test_the_stored_files_cannot_be_changed_or_deleted(self):
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "esign.archive.entry"), ("res_id", "=", self.entry.id),
            ("res_field", "=", "document")])
        self.assertEqual(len(attachment), 1)
        with self.assertRaises(AccessError):
            attachment.write({"raw": b"%PDF-1.4 forged"})
        with self.assertRaises(AccessError):
            attachment.unlink()
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].sudo().with_context(esign_archive_filing=True).create({
                "name": "second copy", "raw": b"%PDF-1.4 forged", "res_model": self.entry._name,
                "res_id": self.entry.id, "res_field": "document"})
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].sudo().create({"name": "x", "raw": b"x"}).write(
                {"res_model": self.entry._name, "res_id": self.entry.id})

    def test_directories_holding_documents_are_not_deleted_or_moved_away(self):
        with self.assertRaisesRegex(UserError, "empty"):
            self.directory.unlink()
        with self.assertRaisesRegex(UserError, "empty"):
            self.entry.directory_id.unlink()
        other = self.env["res.company"].create({"name": "Other Co"})
        with self.assertRaisesRegex(UserError, "company"):
            self.directory.company_id = other
        empty = self.Directory.create({"name": "Empty", "parent_id": self.directory.id})
        empty.unlink()
        self.assertFalse(empty.exists())

    def test_deletion_only_by_a_manager_after_retention(self):
        with self.assertRaises(AccessError):
            self.entry.with_user(self.reader).unlink()
        with self.assertRaisesRegex(UserError, "kept until"):
            self.entry.with_user(self.archivist).unlink()
        with freeze_time(self.later), self.assertRaises(AccessError):
            self.entry.with_user(self.reader).unlink()
        self.assertTrue(self.entry.exists())

    def test_legal_hold_on_the_entry_or_a_directory_above_blocks_deletion(self):
        with self.assertRaises(AccessError):
            self.entry.with_user(self.reader).action_set_legal_hold()
        self.entry.with_user(self.archivist).action_set_legal_hold()
        self.assertTrue(self.entry.legal_hold)
        with freeze_time(self.later), self.assertRaisesRegex(UserError, "legal hold"):
            self.entry.with_user(self.archivist).unlink()
        self.entry.with_user(self.archivist).action_release_legal_hold()
        self.directory.legal_hold = True
        self.assertTrue(self.entry.on_hold)
        with freeze_time(self.later), self.assertRaisesRegex(UserError, "legal hold"):
            self.entry.with_user(self.archivist).unlink()
        self.assertTrue(self.entry.exists())

    def test_deletion_is_logged_first_and_the_log_is_append_only(self):
        entry_id, sha = self.entry.id, self.entry.sha256
        with freeze_time(self.later):
            self.entry.with_user(self.archivist).unlink()
        self.assertFalse(self.Entry.browse(entry_id).exists())
        log = self.env["esign.archive.deletion.log"].with_user(self.archivist).search(
            [("entry_ref", "=", entry_id)])
        self.assertEqual(len(log), 1)
        self.assertEqual((log.sha256, log.fingerprint, log.deleted_by_id),
                         (sha, self.request.fingerprint, self.archivist))
        self.assertIn("Kept", log.directory_path)
        for user in (self.archivist, self.admin):
            with self.assertRaises(AccessError):
                log.with_user(user).write({"name": "nothing happened"})
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["esign.archive.deletion.log"].with_user(user).create({"name": "x"})
        with self.assertRaises(AccessError):
            log.sudo().unlink()
        self.assertFalse(self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "esign.archive.entry"), ("res_id", "=", entry_id),
            ("res_field", "in", ["document", "audit_document", "thumbnail"])]))

    def test_filing_twice_keeps_the_first_entry(self):
        self.assertEqual(self.request.action_archive(), self.entry.ids)
