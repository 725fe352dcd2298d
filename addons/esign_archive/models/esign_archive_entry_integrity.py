"""Integrity: the stored files still hash to what was recorded at filing."""

import hashlib

from markupsafe import Markup

from odoo import _, api, models
from odoo.tools import split_every

BATCH = 500


class EsignArchiveEntry(models.Model):
    _inherit = "esign.archive.entry"

    def check_integrity(self):
        """Recompute the SHA-256 of each stored file, straight from storage.

        Checks these entries, or every entry the caller may read when called
        on the model. Returns ``[{"entry_id", "expected", "found"}]`` for each
        mismatch (``found`` is empty when the file is missing); an empty list
        means every file is intact.
        """
        mismatches = []
        for batch in self._integrity_batches():
            found = batch.sudo()._stored_hashes()
            mismatches.extend(
                {"entry_id": entry.id, "expected": entry.sha256, "found": found.get(entry.id, "")}
                for entry in batch.sudo() if found.get(entry.id, "") != entry.sha256
            )
            self.env.invalidate_all()
        return mismatches

    def action_check_integrity(self):
        """The on-demand check from the list: say what it found."""
        mismatches = self.check_integrity()
        names = self.sudo().browse([m["entry_id"] for m in mismatches]).mapped("name")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "danger" if mismatches else "success",
                "sticky": bool(mismatches),
                "title": _("Integrity check"),
                "message": _("These files no longer match their hash: %(names)s",
                             names=", ".join(names)) if mismatches else _(
                    "%(count)s stored files checked: all match their hash.",
                    count=len(self) or self.search_count([])),
            },
        }

    def _integrity_batches(self):
        """These entries, or all readable ones, in batches (checked for reading)."""
        if self:
            self.check_access("read")
            for ids in split_every(BATCH, self.ids):
                yield self.browse(ids)
            return
        last_id = 0
        while True:
            batch = self.search([("id", ">", last_id)], order="id", limit=BATCH)
            if not batch:
                return
            last_id = batch[-1].id
            yield batch

    def _stored_hashes(self):
        """SHA-256 of each entry's stored document, read raw from the filestore."""
        attachments = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", self._name), ("res_field", "=", "document"),
            ("res_id", "in", self.ids)])
        hashes = {}
        for attachment in attachments:
            if attachment.store_fname:
                data = attachment._file_read(attachment.store_fname)
            else:
                data = attachment.db_datas or b""
            hashes[attachment.res_id] = hashlib.sha256(data).hexdigest() if data else ""
        return hashes

    @api.model
    def _cron_check_integrity(self):
        """Weekly: check every entry and tell the managers about any mismatch."""
        mismatches = self.sudo().check_integrity()
        if mismatches:
            self._notify_mismatches(mismatches)
        return mismatches

    @api.model
    def _notify_mismatches(self, mismatches):
        entries = self.sudo().browse([m["entry_id"] for m in mismatches])
        by_id = {m["entry_id"]: m for m in mismatches}
        managers = self.env.ref("esign_archive.group_archive_manager").sudo().users.filtered(
            lambda user: user.active and not user.share)
        for directory in entries.directory_id:
            in_directory = entries.filtered(lambda e, d=directory: e.directory_id == d)
            # Only the managers of the documents' company hear of them: the
            # note names the files, their ids and their hashes.
            companies = in_directory.company_id | directory.company_id
            recipients = managers.filtered(lambda user, c=companies: c <= user.company_ids)
            lines = Markup().join(
                Markup("<li>%s (#%s): expected %s, found %s</li>") % (
                    entry.name, entry.id, by_id[entry.id]["expected"],
                    by_id[entry.id]["found"] or _("missing file"))
                for entry in in_directory)
            note = Markup("<p>%s</p><ul>%s</ul>") % (
                _("These stored documents no longer match the hash recorded at filing:"), lines)
            directory.message_post(body=note, partner_ids=recipients.partner_id.ids,
                                   subtype_xmlid="mail.mt_note")
            for manager in recipients:
                directory.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=manager.id, note=note,
                    summary=_("Archive integrity check failed"))
