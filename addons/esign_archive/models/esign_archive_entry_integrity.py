"""Integrity: the stored files still hash to what was recorded at filing."""

import hashlib

from markupsafe import Markup

from odoo import _, api, models
from odoo.tools import split_every

BATCH = 500
# (file field, field holding the SHA-256 recorded at filing)
CHECKED_FILES = (("document", "sha256"), ("audit_document", "audit_sha256"))


class EsignArchiveEntry(models.Model):
    _inherit = "esign.archive.entry"

    def check_integrity(self):
        """Recompute the SHA-256 of each stored file, straight from storage.

        Checks these entries, or every entry the caller may read when called
        on the model: the document and, for a filed request, its audit-trail
        PDF. Returns ``[{"entry_id", "expected", "found"}]`` for each
        mismatch (``found`` is empty when the file is missing); an empty list
        means every file is intact.
        """
        return [{key: mismatch[key] for key in ("entry_id", "expected", "found")}
                for mismatch in self._integrity_mismatches()]

    def _integrity_mismatches(self):
        """:meth:`check_integrity`'s mismatches, each also naming its ``file``
        (``"document"`` or ``"audit_document"``)."""
        mismatches = []
        for batch in self._integrity_batches():
            entries = batch.sudo()
            for file_field, hash_field in CHECKED_FILES:
                found = entries._stored_hashes(file_field)
                mismatches.extend(
                    {"entry_id": entry.id, "expected": entry[hash_field],
                     "found": found.get(entry.id, ""), "file": file_field}
                    for entry in entries
                    if entry[hash_field] and found.get(entry.id, "") != entry[hash_field]
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
                    "%(count)s archived documents checked: all their stored files match "
                    "their hashes.",
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

    def _stored_hashes(self, file_field="document"):
        """SHA-256 of each entry's stored file ``file_field``, read raw from the filestore."""
        attachments = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", self._name), ("res_field", "=", file_field),
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
        mismatches = self.sudo()._integrity_mismatches()
        if mismatches:
            self._notify_mismatches(mismatches)
        return mismatches

    @api.model
    def _notify_mismatches(self, mismatches):
        entries = self.sudo().browse([m["entry_id"] for m in mismatches])
        by_id = {}
        for mismatch in mismatches:
            by_id.setdefault(mismatch["entry_id"], []).append(mismatch)
        file_labels = {"document": _("document"), "audit_document": _("audit trail")}
        managers = self.env.ref("esign_archive.group_archive_manager").sudo().users.filtered(
            lambda user: user.active and not user.share)
        for directory in entries.directory_id:
            in_directory = entries.filtered(lambda e, d=directory: e.directory_id == d)
            # Only the managers of the documents' company hear of them: the
            # note names the files, their ids and their hashes.
            companies = in_directory.company_id | directory.company_id
            recipients = managers.filtered(lambda user, c=companies: c <= user.company_ids)
            lines = Markup().join(
                Markup("<li>%s (#%s, %s): expected %s, found %s</li>") % (
                    entry.name, entry.id, file_labels[mismatch["file"]], mismatch["expected"],
                    mismatch["found"] or _("missing file"))
                for entry in in_directory for mismatch in by_id[entry.id])
            note = Markup("<p>%s</p><ul>%s</ul>") % (
                _("These stored documents no longer match the hash recorded at filing:"), lines)
            directory.message_post(body=note, partner_ids=recipients.partner_id.ids,
                                   subtype_xmlid="mail.mt_note")
            for manager in recipients:
                directory.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=manager.id, note=note,
                    summary=_("Archive integrity check failed"))
