"""Merging contacts never changes the partner of an archived document."""

import base64

from odoo.exceptions import UserError

from .common import ArchiveCase


class TestPartnerMerge(ArchiveCase):
    def setUp(self):
        super().setUp()
        self.make_rule("Merged/{partner}")
        self.entry = self.Entry.search([("request_id", "=", self.sealed_request().id)])
        self.assertEqual(self.entry.partner_id, self.alice)
        self.admin = self.env.ref("base.user_admin")

    def _merge(self, partners, into):
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(self.admin).create({
            "partner_ids": [(6, 0, partners.ids)], "dst_partner_id": into.id})
        return wizard.action_merge()

    def test_a_merge_that_would_move_an_archived_document_is_refused(self):
        duplicate = self.alice.copy({"name": "Alice Company (duplicate)"})
        with self.assertRaises(UserError) as caught:
            self._merge(self.alice | duplicate, into=duplicate)
        self.assertIn("archived", str(caught.exception))
        self.assertTrue(self.alice.exists())
        self.assertEqual(self.entry.partner_id, self.alice)
        self.env.cr.execute("SELECT partner_id FROM esign_archive_entry WHERE id = %s",
                            [self.entry.id])
        self.assertEqual(self.env.cr.fetchone()[0], self.alice.id)

    def test_merging_into_the_archived_partner_is_allowed(self):
        duplicate = self.alice.copy({"name": "Alice Company (duplicate)"})
        self._merge(self.alice | duplicate, into=self.alice)
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.entry.partner_id, self.alice)

    def test_the_contact_a_document_was_filed_from_cannot_be_merged_away(self):
        carl = self.env["res.partner"].create({"name": "Carl", "parent_id": self.bob.id})
        attachment = self.env["ir.attachment"].create({
            "name": "carl.pdf", "datas": base64.b64encode(self.pdf),
            "res_model": "res.partner", "res_id": carl.id})
        directory = self.Directory.create({"name": "Loose"})
        filed = self.Entry._file_attachment(attachment, directory)
        self.assertEqual((filed.origin_model, filed.origin_id), ("res.partner", carl.id))
        other = self.env["res.partner"].create({"name": "Carl again"})
        with self.assertRaises(UserError):
            self._merge(carl | other, into=other)
        self.assertTrue(carl.exists())
