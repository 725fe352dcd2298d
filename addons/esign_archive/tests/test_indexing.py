import base64
import xmlrpc.client
from unittest.mock import patch

import psycopg2

from odoo.addons.esign_base.tests.common import make_pdf
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..tools.documents import DocumentPreview
from .common import ArchiveCase


class TestIndexing(ArchiveCase):
    def setUp(self):
        super().setUp()
        self.make_rule("Indexed/{year}")
        self.request = self.sealed_request("Indexed")
        self.entry = self.Entry.search([("request_id", "=", self.request.id)])

    def make_pdf_bytes(self):
        return make_pdf()

    def _thumbnails(self, entry):
        return self.env["ir.attachment"].sudo().search([
            ("res_model", "=", entry._name), ("res_id", "=", entry.id),
            ("res_field", "=", "thumbnail")])

    def test_filing_leaves_the_entry_to_index_and_triggers_the_job(self):
        cron = self.env.ref("esign_archive.ir_cron_index_entries")
        self.assertEqual(self.entry.index_state, "to_index")
        self.assertFalse(self._thumbnails(self.entry))
        triggers = self.env["ir.cron.trigger"].sudo()
        self.env.cr.flush()  # runs the pre-commit hooks, as a commit would
        before = triggers.search_count([("cron_id", "=", cron.id)])
        directory = self.Directory._ensure_path(["Loose"], self.company)
        for name in ("first", "second"):
            values = self.Entry._prepare_document_values(self.make_pdf_bytes(), name, directory)
            self.Entry._create_filed({**values, "company_id": self.company.id})
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), before,
                         "the job starts once the filing commits, not before")
        self.env.cr.flush()
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), before + 1,
                         "one trigger per transaction, however many documents")
        self.assertTrue(cron.active)
        self.assertLessEqual(cron.interval_number, 10)
        self.assertEqual(cron.interval_type, "minutes")
        self.assertEqual(self.index_all(), 3)
        self.assertEqual(self.index_all(), 0, "nothing left")
        for entry in self.Entry.search([]):
            self.assertEqual(entry.index_state, "indexed")
            self.assertIn("Agreement page 1", entry.sudo().text_content)
            self.assertEqual(len(self._thumbnails(entry)), 1)

    def test_text_and_thumbnail_are_filled_once(self):
        self.index_all()
        text, thumbnail = self.entry.sudo().text_content, self.entry.thumbnail
        forged = DocumentPreview(text="forged words", thumbnail=b"\x89PNG forged")
        self.assertEqual(self.Entry._store_index({self.entry.id: forged}), [])
        self.entry.invalidate_recordset()
        self.assertEqual((self.entry.sudo().text_content, self.entry.thumbnail),
                         (text, thumbnail))
        self.assertEqual(len(self._thumbnails(self.entry)), 1)
        self.assertFalse(self.Entry.search([("text_search", "ilike", "forged")]))

    def test_an_entry_that_already_has_a_thumbnail_keeps_it(self):
        """Entries filed when filing still drew the thumbnail get the text only."""
        directory = self.Directory._ensure_path(["Older"], self.company)
        values = self.Entry._prepare_document_values(make_pdf(), "older", directory)
        older = self.Entry._create_filed({**values, "company_id": self.company.id,
                                          "thumbnail": base64.b64encode(b"\x89PNG older")})
        self.index_all()
        self.assertEqual(older.index_state, "indexed")
        self.assertIn("Agreement", older.sudo().text_content)
        self.assertEqual(self._thumbnails(older).raw, b"\x89PNG older")

    def test_an_unreadable_document_is_indexed_empty(self):
        directory = self.Directory._ensure_path(["Loose"], self.company)
        values = self.Entry._prepare_document_values(b"%PDF-1.4 not really", "bad", directory)
        values["company_id"] = self.company.id
        bad = self.Entry._create_filed(values)
        self.index_all()
        self.assertEqual((bad.index_state, bad.sudo().text_content, bad.thumbnail),
                         ("indexed", False, False))

    def test_a_failure_to_store_does_not_hold_back_the_queue(self):
        model = type(self.Entry)
        original, calls = model._store_index, []

        def failing_once(records, previews, audit_trails=None):
            calls.append(previews)
            if len(calls) == 1:
                raise OSError("filestore full")
            return original(records, previews, audit_trails)

        with patch.object(model, "_store_index", failing_once), \
                mute_logger("odoo.addons.esign_archive.models.esign_archive_entry_index"):
            self.assertEqual(self.index_all(), 1)
        self.assertEqual(len(calls), 2)
        self.assertEqual(self.entry.index_state, "indexed")
        self.assertFalse(self.entry.sudo().text_content)
        self.assertFalse(self._thumbnails(self.entry))

    def test_nobody_writes_the_derived_fields_through_the_orm(self):
        admin = self.env.ref("base.user_admin")
        for user in (self.archivist, admin):
            for values in ({"text_content": "forged"}, {"thumbnail": b"iVBORw0="},
                           {"index_state": "indexed"}, {"audit_document": b"JVBERi0="},
                           {"audit_sha256": "0" * 64}, {"audit_head": "forged"}):
                with self.subTest(user=user.login, values=values), \
                        self.assertRaises(AccessError):
                    self.entry.with_user(user).write(values)
        attachments = self.env["ir.attachment"].sudo()
        thumbnail = {"name": "thumbnail", "raw": b"\x89PNG", "res_model": self.entry._name,
                     "res_id": self.entry.id, "res_field": "thumbnail"}
        for context in ({}, {"esign_archive_indexing": True}, {"esign_archive_filing": True}):
            with self.subTest(context=context), self.assertRaises(AccessError):
                attachments.with_context(**context).create(thumbnail)
        self.assertEqual(self.entry.index_state, "to_index")
        self.assertFalse(self._thumbnails(self.entry))


@tagged("post_install", "-at_install")
class TestIndexingRpc(ArchiveCase, HttpCase):
    def test_rpc_cannot_fill_or_run_the_indexing(self):
        self.make_rule("Rpc")
        entry = self.Entry.search([("request_id", "=", self.sealed_request("Rpc").id)])
        models = xmlrpc.client.ServerProxy(f"{self.base_url()}/xmlrpc/2/object",
                                           allow_none=True)

        def call(user, model, method, *args):  # test users' password is their login
            return models.execute_kw(self.env.cr.dbname, user.id, user.login, model,
                                     method, list(args))

        png = base64.b64encode(b"\x89PNG forged").decode()
        attempts = [
            ("esign.archive.entry", "write", [entry.id], {"text_content": "forged"}),
            ("esign.archive.entry", "write", [entry.id], {"thumbnail": png}),
            ("esign.archive.entry", "write", [entry.id], {"index_state": "indexed"}),
            ("esign.archive.entry", "_store_index", {str(entry.id): ["forged", png]}),
            ("esign.archive.entry", "_cron_index"),
            ("ir.attachment", "create", {"name": "thumbnail", "datas": png,
                                         "res_model": entry._name, "res_id": entry.id,
                                         "res_field": "thumbnail"}),
        ]
        for user in (self.archivist, self.filer):
            for model, method, *args in attempts:
                with self.subTest(user=user.login, method=method, args=args), \
                        self.assertRaises(xmlrpc.client.Fault):
                    call(user, model, method, *args)
        entry.invalidate_recordset()
        self.assertEqual(entry.index_state, "to_index")
        self.assertFalse(entry.sudo().text_content)
        self.assertFalse(entry.thumbnail)
        self.index_all()
        self.assertIn("Agreement", entry.sudo().text_content)
        self.assertEqual(call(self.reader, "esign.archive.entry", "search",
                              [("text_search", "ilike", "agreement"), ("id", "=", entry.id)]),
                         [entry.id])

    def test_the_job_keeps_the_planner_statistics_of_the_archive_tables(self):
        from ..models.esign_archive_entry_index import STATISTICS_TABLES  # noqa: PLC0415
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                self.env.cr.execute(  # as if never analyzed (needs a superuser role)
                    "UPDATE pg_class SET reltuples = -1 WHERE relname = ANY(%s)",
                    [list(STATISTICS_TABLES)])
            forgotten = True
        except psycopg2.errors.InsufficientPrivilege:
            forgotten = False
        analyzed = self.Entry._refresh_statistics()
        if forgotten:
            self.assertEqual(sorted(analyzed), sorted(STATISTICS_TABLES))
        self.env.cr.execute("SELECT min(reltuples) FROM pg_class WHERE relname = ANY(%s)",
                            [list(STATISTICS_TABLES)])
        self.assertGreaterEqual(self.env.cr.fetchone()[0], 0)
        self.assertEqual(self.Entry._refresh_statistics(), [], "fresh: nothing to do")
