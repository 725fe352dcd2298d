"""Indexing: what is derived from a filed document, in the background.

Reading a PDF's text and drawing its first page take two poppler processes,
tens of milliseconds each, and drawing the audit trail PDF about a
millisecond more: far more than filing itself. Filing therefore stores the
copy, its hash and the details at once and leaves the entry ``to_index``;
the job ``esign_archive.ir_cron_index_entries``, triggered when a filing
commits and also run every few minutes, fills ``text_content``,
``thumbnail`` and, for a filed request, ``audit_document`` (with its
``audit_sha256``) in batches, one transaction per batch. The audit trail
is drawn as it stood at filing: up to the entry whose hash filing recorded
in ``audit_head``, whatever was logged since (a verification, a download).

Entries stay closed to ``write`` for everyone: the job stores the derived
fields through :meth:`_store_index`, with a mark RPC cannot forge, and only
on entries still ``to_index``, so each is filled exactly once.
"""

import hashlib
import logging
import threading
import time

from odoo import api, fields, models
from odoo.addons.esign_base.tools import receipt
from odoo.tools import SQL

from ..tools import audit_pdf, documents
from .esign_archive_marks import INDEXING, marked

_logger = logging.getLogger(__name__)

INDEX_BATCH = 20
INDEX_TIME_BUDGET = 120  # seconds per run; the cron framework calls again if work is left
TRIGGER_KEY = "esign_archive.index_trigger"
# What the entries' record rules and searches read.
STATISTICS_TABLES = ("esign_archive_entry", "esign_archive_directory",
                     "esign_archive_directory_effective_read_rel",
                     "esign_archive_directory_effective_file_rel")


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
        if done:
            self._refresh_statistics()
        self.env["ir.cron"]._notify_progress(done=done, remaining=self._count_to_index())
        return done

    @api.model
    def _refresh_statistics(self):
        """ANALYZE the archive's tables whose planner statistics lag far behind.

        Every search of entries goes through the directory rules. After a
        burst of filing (new directories, thousands of entries), PostgreSQL's
        statistics on these tables are stale until autovacuum's next pass,
        and autovacuum may be off: PostgreSQL then walks every directory for
        a search (more than 100 ms at 100,000 entries instead of a few). The
        same threshold as autovacuum's, a fifth of a table changed, keeps
        this rare. Returns the tables analyzed.
        """
        cr = self.env.cr
        cr.execute("""
            SELECT c.relname FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
             WHERE c.relname = ANY(%s)
               AND (c.reltuples < 0 OR s.n_mod_since_analyze > 50 + 0.2 * c.reltuples)
        """, [list(STATISTICS_TABLES)])
        stale = [row[0] for row in cr.fetchall()]
        for table in stale:
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        return stale

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
                self._store_index(dict(zip(self.ids, previews, strict=True)),
                                  self._draw_audit_trails())
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
    def _store_index(self, previews, audit_trails=None):
        """Fill text and thumbnail from ``{entry id: DocumentPreview}`` and
        the audit trail PDF from ``{entry id: bytes}``, once.

        Only entries still ``to_index`` are filled, and only what they lack
        (entries filed before indexing moved to the background already hold
        them); the others are left as they are. Returns the ids filled.
        """
        cr, filled, audit_trails = self.env.cr, [], audit_trails or {}
        for entry_id, preview in previews.items():
            audit = audit_trails.get(entry_id)
            cr.execute(
                "UPDATE esign_archive_entry SET text_content = COALESCE(text_content, %s), "
                "audit_sha256 = COALESCE(audit_sha256, %s), index_state = 'indexed' "
                "WHERE id = %s AND index_state = 'to_index' RETURNING id",
                [preview.text or None, audit and hashlib.sha256(audit).hexdigest(), entry_id])
            if cr.fetchone():
                filled.append(entry_id)
        cr.execute("SELECT res_id, res_field FROM ir_attachment WHERE res_model = %s "
                   "AND res_field IN ('thumbnail', 'audit_document') AND res_id = ANY(%s)",
                   [self._name, filled])
        held = set(cr.fetchall())  # entries filed before these moved to the background
        files = [
            {"name": field, "res_model": self._name, "res_field": field, "res_id": entry_id,
             "raw": raw}
            for entry_id in filled
            for field, raw in (("thumbnail", previews[entry_id].thumbnail),
                               ("audit_document", audit_trails.get(entry_id)))
            if raw and (entry_id, field) not in held
        ]
        if files:
            marked(self.env["ir.attachment"].sudo(), INDEXING).create(files)
        self.browse(filled).invalidate_recordset(
            ["text_content", "thumbnail", "audit_document", "audit_sha256", "index_state"])
        return filled

    def _draw_audit_trails(self):
        """``{entry id: audit trail PDF}`` for these entries' requests, each
        as it stood at filing (see the module's docstring)."""
        entries = self.filtered("request_id")
        requests = entries.request_id.sudo()
        requests.fetch(["name", "reference", "fingerprint", "signed_sha256", "audit_head"])
        requests.audit_ids.fetch(["request_id", "signer_id", "timestamp", "event", "actor",
                                  "ip_address", "user_agent", "device", "details",
                                  "previous_hash", "entry_hash"])
        return {entry.id: self._render_audit_trail(entry.request_id, entry.audit_head)
                for entry in entries}

    @api.model
    def _render_audit_trail(self, request, head=None):
        """The audit trail PDF of ``request``, up to the entry hashed ``head``."""
        request, translate = request.sudo(), self.env._
        logs = request.audit_ids.sorted("id")
        ends = [index for index, log in enumerate(logs) if head and log.entry_hash == head]
        if ends:
            logs = logs[:ends[0] + 1]
        header = [
            translate("Request: %(name)s (%(ref)s)", name=request.name, ref=request.reference),
            translate("Fingerprint: %(fp)s", fp=request.fingerprint or ""),
            translate("SHA-256 of the sealed document: %(sha)s", sha=request.signed_sha256 or ""),
            translate("Audit chain intact: %(ok)s",
                      ok=translate("yes") if request.check_audit_chain() else translate("NO")),
        ]
        lines = [
            f"{fields.Datetime.to_string(log.timestamp)} UTC | {log.event} | {log.actor or ''}"
            f" | {log.ip_address or ''} | {log.details or ''} | {(log.entry_hash or '')[:16]}"
            for log in logs
        ]
        return audit_pdf.render(translate("Audit trail of %(name)s", name=request.name),
                                header, lines, unicode_lines=receipt.UnicodeLines())
