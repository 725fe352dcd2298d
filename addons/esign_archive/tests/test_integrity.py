from .common import ArchiveCase, flip_a_byte, write_file


def _empty(path, _original):
    write_file(path, b"")


def _append(path, original):
    write_file(path, original + b"%appended after filing\n")


class TestIntegrity(ArchiveCase):
    def test_a_file_corrupted_in_the_filestore_is_reported(self):
        self.make_rule("Checked")
        entries = self.Entry.search([("request_id", "in", [
            self.sealed_request("One").id, self.sealed_request("Two").id])])
        self.assertEqual(len(entries), 2)
        self.assertEqual(entries.with_user(self.archivist).check_integrity(), [])
        self.assertEqual(self.Entry.with_user(self.archivist).check_integrity(), [])
        notice = entries.with_user(self.archivist).action_check_integrity()["params"]
        self.assertEqual((notice["type"], notice["message"]),
                         ("success", "2 archived documents checked: all their stored files "
                                     "match their hashes."))

        victim = entries[0]
        self.change_stored_file(victim, flip_a_byte)

        report = self.Entry.with_user(self.archivist).check_integrity()
        self.assertEqual(len(report), 1)
        self.assertEqual(report[0]["entry_id"], victim.id)
        self.assertEqual(report[0]["expected"], victim.sha256)
        self.assertNotEqual(report[0]["found"], victim.sha256)
        self.assertEqual(len(report[0]["found"]), 64)
        notice = entries.with_user(self.archivist).action_check_integrity()["params"]
        self.assertEqual(notice["type"], "danger")
        self.assertIn(victim.name, notice["message"])

        before = self.env["mail.activity"].search_count([])
        self.Entry._cron_check_integrity()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "esign.archive.directory"),
             ("res_id", "=", victim.directory_id.id)])
        self.assertIn(self.archivist, activity.user_id)
        self.assertGreater(self.env["mail.activity"].search_count([]), before)
        self.assertIn(victim.sha256, activity[0].note)

    def test_a_missing_file_is_reported(self):
        self.make_rule("Checked")
        entry = self.Entry.search([("request_id", "=", self.sealed_request().id)])
        self.change_stored_file(entry, _empty)
        report = entry.check_integrity()
        self.assertEqual(report, [{"entry_id": entry.id, "expected": entry.sha256, "found": ""}])

    def test_a_changed_audit_trail_is_reported_too(self):
        self.make_rule("Checked")
        entry = self.Entry.search([("request_id", "=", self.sealed_request().id)])
        self.assertEqual(entry.check_integrity(), [], "no audit trail drawn yet: nothing to check")
        self.index_all()
        self.assertEqual(len(entry.audit_sha256 or ""), 64, "recorded when drawn")
        self.change_stored_file(entry, _append, "audit_document")
        report = entry.with_user(self.archivist).check_integrity()
        self.assertEqual(report, [{"entry_id": entry.id, "expected": entry.audit_sha256,
                                   "found": report[0]["found"]}])
        self.assertNotIn(report[0]["found"], ("", entry.audit_sha256))
        self.Entry._cron_check_integrity()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "esign.archive.directory"),
             ("res_id", "=", entry.directory_id.id)])
        self.assertIn("audit trail", activity[0].note)
