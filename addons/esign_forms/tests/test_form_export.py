import base64
import io
from datetime import datetime

import openpyxl

from odoo.tests import TransactionCase, tagged

from .common import FormsMixin


@tagged("post_install", "-at_install")
class TestFormExport(FormsMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_forms()

    def workbook(self, attachment_id):
        attachment = self.env["ir.attachment"].browse(attachment_id)
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))

    def test_export_reads_back_typed_with_header_and_formulas_as_text(self):
        first = self.submit(full_name="=cmd|' /C calc'!A0", motto="@SUM(1+1)")
        self.submit(email="bob@example.com", full_name="Bob", phone=None, age=None, born=None,
                    colour=None, days=["tue"])
        attachment_id = self.env["esign.form"].with_user(self.manager).action_export_xlsx()
        book = self.workbook(attachment_id)
        self.assertEqual(book.sheetnames, ["Volunteer registration"])
        sheet = book.active
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:N3")
        rows = list(sheet.iter_rows())
        self.assertEqual([cell.value for cell in rows[0]], [
            "Submitted on", "Reference", "Contact", "Status", "Full name", "Email", "Phone",
            "Age", "Birth date", "Motto", "Postcode", "Favourite colour", "Days", "I agree"])
        row = {rows[0][index].value: cell for index, cell in enumerate(rows[1])}
        self.assertEqual(row["Reference"].value, first.reference)
        self.assertEqual((row["Contact"].value, row["Contact"].data_type),
                         ("=cmd|' /C calc'!A0", "s"))
        self.assertIsInstance(row["Submitted on"].value, datetime)
        self.assertEqual((row["Full name"].value, row["Full name"].data_type),
                         ("=cmd|' /C calc'!A0", "s"))
        self.assertEqual(row["Motto"].data_type, "s")
        self.assertEqual((row["Age"].value, row["Age"].data_type), (34, "n"))
        self.assertEqual(row["Birth date"].value, datetime(1991, 5, 4))
        self.assertTrue(row["Birth date"].is_date)
        self.assertIs(row["I agree"].value, True)
        self.assertEqual(row["Favourite colour"].value, "Green")
        self.assertEqual(row["Days"].value, "Monday, Tuesday")
        self.assertEqual(row["Status"].value, "Received")
        second = {rows[0][index].value: cell.value for index, cell in enumerate(rows[2])}
        self.assertEqual((second["Age"], second["Days"], second["Contact"]), (None, "Tuesday",
                                                                               "Bob"))

    def test_export_of_selected_submissions_only_what_the_user_reads(self):
        chosen = self.submit()
        self.submit(email="bob@example.com")
        book = self.workbook(self.form.with_user(self.manager).action_export_xlsx(chosen.ids))
        self.assertEqual(book.active.max_row, 2)
        self.form.group_ids = self.env["res.groups"].create({"name": "Closed circle"})
        with self.assertRaisesRegex(Exception, "no submissions"):
            self.env["esign.form"].with_user(self.manager).action_export_xlsx(chosen.ids)

    def test_large_export_runs_in_the_background_and_notifies(self):
        self.env["ir.config_parameter"].sudo().set_param("esign_forms.export_sync_limit", "1")
        self.submit()
        self.submit(email="bob@example.com")
        attachment_id = self.env["esign.form"].with_user(self.manager).action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertFalse(attachment.file_size)
        job = self.env["esign.form.export.job"].search([("attachment_id", "=", attachment_id)])
        self.assertEqual((job.state, job.total, job.user_id), ("queued", 2, self.manager))
        self.env["esign.form.export.job"]._cron_run()
        self.assertEqual((job.state, job.progress), ("done", 100.0))
        self.assertEqual(self.workbook(attachment_id).active.max_row, 3)
        note = self.form.message_ids.filtered(lambda m: attachment in m.attachment_ids)
        self.assertTrue(note, "the requester is told, with the file")
        self.assertIn(self.manager.partner_id, note.partner_ids)

    def test_export_action_on_submissions_downloads(self):
        submission = self.submit()
        action = submission.with_user(self.manager).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("/web/content/", action["url"])
