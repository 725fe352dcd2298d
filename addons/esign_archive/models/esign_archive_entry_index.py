"""Indexing: the text and the thumbnail of a filed document, in the background.

Reading a PDF's text and drawing its first page take two poppler processes,
tens of milliseconds each: far more than filing itself. Filing therefore
stores everything else at once and leaves the entry ``to_index``; the job
``esign_archive.ir_cron_index_entries``, triggered when a filing commits
and also run every few minutes, fills ``text_content`` and ``thumbnail`` in
batches, one transaction per batch.

Entries stay closed to ``write`` for everyone: the job stores the two
derived fields through :meth:`_store_index`, with a mark RPC cannot forge,
and only on entries still ``to_index``, so each is filled exactly once.
"""

import logging
import threading
import time

from odoo import api, models

from ..tools import documents
from .esign_archive_marks import INDEXING, marked

_logger = logging.getLogger(__name__)

INDEX_BATCH = 20
INDEX_TIME_BUDGET = 120  # seconds per run; the cron framework calls again if work is left
TRIGGER_KEY = "esign_archive.index_trigger"


class EsignArchiveEntry(models.Model):
    _inherit = "esign.archive.entry"

    @api.model
    def _schedule_indexing(self):
        """Trigger the indexing job once when this transaction commits."""
        precommit = self.env.cr.precommit
        if precommit.data.get(TRIGGER_KEY):
            return
        precommit.data[TRIGGER_KEY] = True
        precommit.add(self._trigger_indexing)

    @api.model
    def _trigger_indexing(self):
        cron = self.env.ref("esign_archive.ir_cron_index_entries", raise_if_not_found=False)
        if cron:
            cron._trigger()

    @api.model
    def _cron_index(self):
        """Index entries waiting for it, a batch per transaction; return how many."""
        testing = getattr(threading.current_thread(), "testing", False)
        started, done = time.monotonic(), 0
        while time.monotonic() - started < INDEX_TIME_BUDGET:
            batch = self._claim_to_index()
            if not batch:
                break
            batch._index_now()
            done += len(batch)
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
        self.env["ir.cron"]._notify_progress(done=done, remaining=self._count_to_index())
        return done

    @api.model
    def _claim_to_index(self, limit=INDEX_BATCH):
        """Entries to index that no other worker holds, locked until commit."""
        self.env.cr.execute(
            "SELECT id FROM esign_archive_entry WHERE index_state = 'to_index' "
            "ORDER BY id LIMIT %s FOR NO KEY UPDATE SKIP LOCKED", [limit])
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _count_to_index(self):
        self.env.cr.execute("SELECT count(*) FROM esign_archive_entry "
                            "WHERE index_state = 'to_index'")
        return self.env.cr.fetchone()[0]

    def _index_now(self):
        """Read the text and draw the thumbnail of these entries, then store both.

        If storing fails, the entries are marked indexed without text or
        thumbnail (and the failure logged), so one bad document never holds
        back the others run after run.
        """
        pdfs = self._stored_documents()
        previews = documents.preview_many([pdfs.get(entry.id, b"") for entry in self])
        try:
            with self.env.cr.savepoint():
                self._store_index(dict(zip(self.ids, previews, strict=True)))
        except Exception:  # noqa: BLE001 - logged; the entries stay findable otherwise
            _logger.warning("Indexing archive entries %s failed; kept without text",
                            self.ids, exc_info=True)
            empty = documents.DocumentPreview(text="", thumbnail=b"")
            self._store_index(dict.fromkeys(self.ids, empty))

    def _stored_documents(self):
        """Each entry's stored PDF, by entry id, read raw from storage."""
        attachments = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", self._name), ("res_field", "=", "document"),
            ("res_id", "in", self.ids)])
        return {attachment.res_id: attachment.raw or b"" for attachment in attachments}

    @api.model
    def _store_index(self, previews):
        """Fill text and thumbnail from ``{entry id: DocumentPreview}``, once.

        Only entries still ``to_index`` are filled, and only what they lack
        (entries filed before indexing moved to the background already hold
        both); the others are left as they are. Returns the ids filled.
        """
        cr, filled = self.env.cr, []
        for entry_id, preview in previews.items():
            cr.execute(
                "UPDATE esign_archive_entry SET text_content = COALESCE(text_content, %s), "
                "index_state = 'indexed' "
                "WHERE id = %s AND index_state = 'to_index' RETURNING id",
                [preview.text or None, entry_id])
            if cr.fetchone():
                filled.append(entry_id)
        cr.execute("SELECT res_id FROM ir_attachment WHERE res_model = %s "
                   "AND res_field = 'thumbnail' AND res_id = ANY(%s)", [self._name, filled])
        drawn = {row[0] for row in cr.fetchall()}  # entries filed before indexing was deferred
        thumbnails = [
            {"name": "thumbnail", "res_model": self._name, "res_field": "thumbnail",
             "res_id": entry_id, "raw": previews[entry_id].thumbnail}
            for entry_id in filled if previews[entry_id].thumbnail and entry_id not in drawn
        ]
        if thumbnails:
            marked(self.env["ir.attachment"].sudo(), INDEXING).create(thumbnails)
        self.browse(filled).invalidate_recordset(["text_content", "thumbnail", "index_state"])
        return filled
