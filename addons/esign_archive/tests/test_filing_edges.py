"""Filing's bad paths: long names filed again and again, requests the user
cannot read, attachments that are no fit PDF, and automatic filing that met
another filing and is done again by its job."""

import base64
import io
from unittest.mock import patch

from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from ..models import esign_archive_entry as entry_module
from .common import ArchiveCase


class TestFilingEdges(ArchiveCase):
    def test_a_long_name_filed_three_times_gets_three_names(self):
        self.make_rule("Longnames")
        long_name = "R" * 150
        requests = [self.sealed_request(long_name) for _index in range(3)]
        entries = self.Entry.search([("request_id", "in", [r.id for r in requests])])
        self.assertEqual(len(entries), 3, "each filed automatically, none lost to a name clash")
        names = sorted(entries.mapped("name"))
        self.assertEqual(len(set(name.lower() for name in names)), 3)
        self.assertTrue(all(len(name) <= 120 for name in names), names)
        self.assertEqual(sorted(name[-8:] for name in names),
                         sorted(["RRRR.pdf", " (2).pdf", " (3).pdf"]))

    def test_filing_a_request_one_cannot_read_is_refused_even_when_filed(self):
        request = self.sealed_request()
        entry_ids = request.with_user(self.filer).action_archive()
        for user in (self.portal, self.internal, self.reader):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).action_archive()
        self.assertEqual(request.with_user(self.filer).action_archive(), entry_ids)

    def test_attachments_that_are_no_fit_pdf_are_refused_with_the_reason(self):
        directory = self.Directory._ensure_path(["Loose"], self.company)
        cases = {
            "truncated": (self.pdf[: len(self.pdf) // 2], "damaged|cannot be read|corrupt"),
            "not a pdf": (b"GIF89a" + b"x" * 100, "not a PDF"),
            "empty": (b"", "empty"),
        }
        for label, (data, reason) in cases.items():
            attachment = self.env["ir.attachment"].create({
                "name": f"{label}.pdf", "raw": data, "res_model": "res.partner",
                "res_id": self.alice.id})
            expected = f"{label}\\.pdf cannot be filed: .*(?:{reason})"
            with self.subTest(label), self.assertRaisesRegex(UserError, expected):
                self.Entry.with_user(self.archivist)._file_attachment(attachment, directory)
        self.assertFalse(self.Entry.search([("directory_id", "=", directory.id)]))

    def test_an_e_invoice_with_its_attached_xml_is_filed_as_it_is(self):
        writer = IncrementalPdfFileWriter(io.BytesIO(self.pdf))
        xml = embed.EmbeddedFileObject.from_file_data(writer, data=b"<Invoice/>",
                                                      mime_type="application/xml")
        embed.embed_file(writer, embed.FileSpec(file_spec_string="factur-x.xml",
                                                embedded_data=xml))
        buffer = io.BytesIO()
        writer.write(buffer)
        attachment = self.env["ir.attachment"].create({
            "name": "invoice.pdf", "raw": buffer.getvalue(), "res_model": "res.partner",
            "res_id": self.alice.id})
        directory = self.Directory._ensure_path(["Invoices"], self.company)
        entry = self.Entry.with_user(self.archivist)._file_attachment(attachment, directory)
        self.assertEqual(base64.b64decode(entry.sudo().document), buffer.getvalue())

    def test_automatic_filing_met_by_another_is_filed_again_by_its_job(self):
        self.make_rule("Retried")
        request = self.make_request()
        request.action_send()
        self.sign_all(request)
        # Sealed while no rule was active: nothing filed yet.
        self.env["esign.archive.rule"].search([]).active = False
        self.env["esign.request"]._cron_seal()
        self.assertFalse(self.Entry.search([("request_id", "=", request.id)]))
        self.env["esign.archive.rule"].with_context(active_test=False).search([]).active = True
        request._mark_archive_pending(True)
        self.assertEqual(self.env["esign.request"]._cron_file_pending(), 1)
        self.assertTrue(self.Entry.search([("request_id", "=", request.id)]))
        self.assertFalse(request.archive_pending)
        self.assertEqual(self.env["esign.request"]._cron_file_pending(), 0)

    def test_the_pending_mark_cannot_be_written(self):
        request = self.sealed_request()
        for user in (self.filer, self.archivist, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).write({"archive_pending": True})

    def test_an_entry_without_retention_is_kept_forever(self):
        self.make_rule("Forever")
        entry = self.Entry.search([("request_id", "=", self.sealed_request().id)])
        with self.assertRaisesRegex(UserError, "no retention date: it is kept forever"):
            entry.with_user(self.archivist).unlink()

    def test_text_search_by_list_of_matches_and_by_condition_agree(self):
        self.make_rule("Words")
        entry = self.Entry.search([("request_id", "=", self.sealed_request("Wordy").id)])
        self.index_all()
        reader = self.Entry.with_user(self.reader)
        listed = reader.search([("text_search", "ilike", "agreement page")])
        with patch.object(entry_module, "MAX_LISTED_MATCHES", 0):
            in_query = reader.search([("text_search", "ilike", "agreement page")])
            self.assertEqual(reader.search_count([("text_search", "ilike", "nowhere")]), 0)
        self.assertIn(entry, listed)
        self.assertEqual(listed, in_query, "a common word (matches kept in the query) finds "
                         "the same as a rare one (matches listed)")

    def test_a_batch_skips_a_numbered_name_already_taken(self):
        directory = self.Directory._ensure_path(["Numbered"], self.company)
        attachment = self.env["ir.attachment"].create({
            "name": "Deal (2).pdf", "raw": self.pdf, "res_model": "res.partner",
            "res_id": self.alice.id})
        loose = self.Entry.with_user(self.archivist)._file_attachment(attachment, directory)
        requests = self.sealed_request("Deal") | self.sealed_request("deal")
        self.make_rule("Numbered")
        entries = self.Entry.browse(requests.with_user(self.filer).action_archive())
        self.assertEqual(entries.mapped("name"), ["Deal.pdf", "deal (3).pdf"],
                         "the free name first, then past the number already taken")
        self.assertEqual(entries.directory_id, loose.directory_id)

    def test_a_batch_finds_or_makes_each_directory_once(self):
        existing = self.Directory._ensure_path(["Clients", "Beta"], self.company)
        paths = [["Clients", "ACME"], ["clients", "Acme"], ["CLIENTS", "beta"], ["Other"]]
        found = self.Directory._ensure_paths([(self.company, path) for path in paths])
        self.assertEqual(found[0], found[1], "names differing in case are one directory")
        self.assertEqual(found[2], existing)
        self.assertEqual(found[0].parent_id, existing.parent_id)
        self.assertEqual(self.Directory.search_count([("name", "=ilike", "acme")]), 1)
        self.assertEqual(found[3].complete_name, "Other")

    def test_finding_many_directories_costs_no_more_queries_than_finding_two(self):
        partners = [f"Partner {number}" for number in range(20)]
        paths = [(self.company, ["Clients", name]) for name in partners]
        made = self.Directory._ensure_paths(paths)
        self.env.invalidate_all()

        def queries(some_paths):
            before = self.env.cr.sql_log_count
            self.assertEqual(self.Directory._ensure_paths(some_paths),
                             [made[partners.index(path[1][1])] for path in some_paths])
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(paths), queries(paths[:2]),
                         "one look-up per level of the path, whatever the batch")

    def _file_loose(self, name, directory):
        attachment = self.env["ir.attachment"].create({
            "name": name, "raw": self.pdf, "res_model": "res.partner", "res_id": self.alice.id})
        return self.Entry.with_user(self.archivist)._file_attachment(attachment, directory)

    def _database_folds_alike(self, first, second):
        self.env.cr.execute("SELECT lower(%s) = lower(%s)", [first, second])
        return self.env.cr.fetchone()[0]

    def test_a_greek_name_filed_three_times_gets_three_names(self):
        # Python keeps the final sigma in "οδος", PostgreSQL folds it to "οδοσ":
        # the third filing used to miss "(2)" and hit the unique index.
        directory = self.Directory._ensure_path(["Greek"], self.company)
        filed = [self._file_loose("ΟΔΟΣ.pdf", directory).name for _index in range(3)]
        self.assertEqual(filed, ["ΟΔΟΣ.pdf", "ΟΔΟΣ (2).pdf", "ΟΔΟΣ (3).pdf"])

    def test_names_the_database_folds_alike_are_numbered_not_refused(self):
        # "İ" is "i" to PostgreSQL and "i̇" to Python.
        directory = self.Directory._ensure_path(["Turkish"], self.company)
        first = self._file_loose("iş sözleşmesi.pdf", directory)
        second = self._file_loose("İş Sözleşmesi.pdf", directory)
        alike = self._database_folds_alike(first.name, "İş Sözleşmesi.pdf")
        self.assertEqual(second.name, "İş Sözleşmesi (2).pdf" if alike else "İş Sözleşmesi.pdf")
        self.assertEqual(second.directory_id, first.directory_id)

    def test_a_batch_keys_directory_names_as_the_database_does(self):
        found = self.Directory._ensure_paths([(self.company, ["İstanbul"]),
                                              (self.company, ["ISTANBUL"]),
                                              (self.company, ["ΟΔΟΣ"]),
                                              (self.company, ["Οδος"])])
        if self._database_folds_alike("İstanbul", "ISTANBUL"):
            self.assertEqual(found[0], found[1], "one directory, not a unique-index error")
        else:
            self.assertEqual(found.mapped("name")[:2], ["İstanbul", "ISTANBUL"])
        self.assertNotEqual(found[2], found[3], "names the database keeps apart stay apart")
        self.assertEqual([found[2].name, found[3].name], ["ΟΔΟΣ", "Οδος"])

    def test_an_employee_signing_for_the_company_is_not_the_counterparty(self):
        employee = new_test_user(self.env, "archive_employee", groups="base.group_user")
        request = self.env["esign.request"].browse(self.template.create_request([
            {"partner_id": employee.partner_id.id, "role_id": self.role_company.id,
             "sequence": 1},
            {"partner_id": self.bob.id, "role_id": self.role_customer.id, "sequence": 2},
        ]))
        request.action_send()
        self.sign(self.signer_of(request, employee.partner_id))
        self.sign(self.signer_of(request, self.bob), checkbox=True, text="Paid in full")
        self.env["esign.request"]._cron_seal()
        self.make_rule("Clients/{partner}")
        entry = self.Entry.browse(request.with_user(self.filer).action_archive())
        self.assertEqual(entry.partner_id, self.bob)
        self.assertEqual(entry.directory_id.name, "Bob Customer")

    def test_an_employment_contract_is_filed_under_the_employee(self):
        manager = new_test_user(self.env, "archive_hr_manager", groups="base.group_user")
        employee = new_test_user(self.env, "archive_new_hire", groups="base.group_user")
        request = self.env["esign.request"].browse(self.template.create_request([
            {"partner_id": manager.partner_id.id, "role_id": self.role_company.id,
             "sequence": 1},
            {"partner_id": employee.partner_id.id, "role_id": self.role_customer.id,
             "sequence": 2},
        ]))
        self.assertEqual(self.Entry._main_partner(request), employee.partner_id,
                         "both are staff: the one not signing for the company")

    def test_a_signing_user_who_cannot_read_the_archive_is_told_where_it_went(self):
        signing_user = new_test_user(self.env, "archive_signing_only",
                                     groups="esign_base.group_esign_user")
        request = self.sealed_request("Signed by a signing user")
        request.message_subscribe(partner_ids=signing_user.partner_id.ids)
        self.make_rule("Contracts/{partner}")
        report = request.with_user(signing_user).action_archive_report()
        self.assertEqual(report["params"]["type"], "success", report["params"]["message"])
        entry = self.Entry.search([("request_id", "=", request.id)])
        self.assertTrue(entry, "filed, not undone by the report")
        self.assertIn(entry.name, report["params"]["message"])
        self.assertNotIn("Contracts", report["params"]["message"],
                         "the path of a directory they may not read stays hidden")

    def test_many_copies_of_one_name_cost_no_more_queries_than_two(self):
        directory = self.Directory._ensure_path(["Copies"], self.company)
        self._file_loose("x.pdf", directory)

        def queries(count):
            before = self.env.cr.sql_log_count
            with self.env.cr.savepoint(flush=False) as savepoint:
                free = self.Entry._free_names(directory, ["x.pdf", "X.pdf"] * count)
                savepoint.rollback()
            self.assertEqual(len({name.lower() for name in free}), 2 * count)
            self.assertNotIn("x.pdf", {name.lower() for name in free})
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(6), queries(1), "no query per copy, whatever the case")

    def test_names_merely_starting_alike_do_not_widen_the_numbers_tried(self):
        directory = self.Directory._ensure_path(["Quotes"], self.company)
        filed = {"q1.pdf", "q1 (2).pdf"} | {f"q1{number}.pdf" for number in range(500)}
        to_try = self.Entry._numbers_to_try({directory: ["Q1.pdf"]},
                                            {(directory.id, "Q1"): filed}, {"Q1.pdf": "q1.pdf"})
        self.assertEqual(to_try, ["Q1 (2).pdf", "Q1 (3).pdf", "Q1 (4).pdf"],
                         "one filed variant and the name itself stand in the way: three to try")

    def test_a_name_wanted_once_keeps_it_beside_copies_being_numbered(self):
        directory = self.Directory._ensure_path(["Slots"], self.company)
        self._file_loose("a.pdf", directory)
        self.assertEqual(self.Entry._free_names(directory, ["a.pdf", "A.pdf", "a (2).pdf"]),
                         ["a (3).pdf", "A (4).pdf", "a (2).pdf"])
