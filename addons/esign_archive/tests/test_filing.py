import base64
import hashlib

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from ..tools import documents
from .common import ArchiveCase


class TestFiling(ArchiveCase):
    def test_sealing_files_where_the_first_matching_rule_says(self):
        self.make_rule("Other/{partner}", sequence=20)
        self.make_rule("Contracts/{year}/{partner}", sequence=5, template_id=self.template.id)
        self.make_rule("Never/{partner}", sequence=1, active=False)
        request = self.sealed_request()
        entry = self.Entry.search([("request_id", "=", request.id)])
        self.assertEqual(len(entry), 1)
        year = str(request.date_signed.year)
        self.assertEqual(entry.directory_id.complete_name,
                         f"Contracts / {year} / Alice Company")
        self.assertEqual(entry.name, f"{request.name}.pdf")
        pdf = base64.b64decode(entry.document)
        self.assertEqual(pdf, request._signed_bytes(), "its own copy of the sealed PDF")
        self.assertEqual(entry.sha256, hashlib.sha256(pdf).hexdigest())
        self.assertEqual(entry.sha256, request.signed_sha256)
        self.assertEqual(entry.fingerprint, request.fingerprint)
        self.assertEqual((entry.partner_id, entry.template_id), (self.alice, self.template))
        self.assertEqual(entry.date_signed, request.date_signed)
        self.assertFalse(entry.retention_until, "no retention anywhere: kept forever")
        self.assertEqual(entry.index_state, "to_index", "text and thumbnail come later")
        self.assertEqual(entry.audit_head, request.audit_head)
        self.assertFalse(entry.sudo().text_content)
        self.assertFalse(entry.thumbnail)
        self.assertFalse(entry.audit_document, "the audit trail PDF comes later too")
        request._log("verified", actor="Later visitor")  # logged after filing
        self.assertGreaterEqual(self.index_all(), 1)
        self.assertEqual(entry.index_state, "indexed")
        audit = base64.b64decode(entry.audit_document)
        self.assertEqual(entry.audit_sha256, hashlib.sha256(audit).hexdigest())
        audit_text = documents.preview(audit).text
        self.assertIn(request.name, audit_text)
        self.assertNotIn("Later visitor", audit_text, "the trail as it stood at filing")
        self.assertIn("Agreement page 1", entry.sudo().text_content)
        self.assertTrue(base64.b64decode(entry.thumbnail).startswith(b"\x89PNG"))

    def test_audit_trail_pdf_prints_russian_and_chinese_names(self):
        self.bob.name = "Иван Петров 张伟"
        request = self.sealed_request("Договор")
        entry = self.Entry.browse(request.action_archive())
        self.index_all()
        text = documents.preview(base64.b64decode(entry.audit_document)).text
        self.assertIn("Договор", text)
        self.assertIn("Иван Петров 张伟", text, "the signer as they are named, not boxes")
        self.assertNotIn("\u25a0", text)

    def test_no_matching_rule_means_no_automatic_filing(self):
        self.make_rule(partner_id=self.env["res.partner"].create({"name": "Nobody"}).id)
        request = self.sealed_request()
        self.assertFalse(self.Entry.search([("request_id", "=", request.id)]))

    def test_rule_criteria(self):
        request = self.sealed_request()
        company = self.env["res.partner"].create({"name": "Bob's Firm", "is_company": True})
        self.bob.parent_id = company
        tag = self.env["res.partner.category"].create({"name": "VIP"})
        other_tag = self.env["res.partner.category"].create({"name": "Lead"})
        company.category_id = tag
        facts = self.Rule._request_facts(request)
        cases = {
            "template": ({"template_id": self.template.id}, True),
            "company": ({"company_id": self.company.id}, True),
            "signer": ({"partner_id": self.bob.id}, True),
            "commercial partner": ({"partner_id": company.id}, True),
            "stranger": ({"partner_id": self.env.user.partner_id.id}, False),
            "tag of the company": ({"partner_category_id": tag.id}, True),
            "other tag": ({"partner_category_id": other_tag.id}, False),
            "deal stage without CRM": ({"deal_stage_name": "Won"}, False),
            "salesperson without CRM": ({"deal_user_id": self.env.user.id}, False),
        }
        for label, (values, expected) in cases.items():
            with self.subTest(label):
                rule = self.make_rule(**values)
                self.assertEqual(rule._matches(facts), expected)

    def test_action_archive_files_once_and_returns_the_entry(self):
        first, second = self.sealed_request("First"), self.sealed_request("Second")
        ids = (first | second).with_user(self.filer).action_archive()
        self.assertEqual(len(ids), 2)
        entries = self.Entry.browse(ids)
        self.assertEqual(entries.request_id, first | second)
        self.assertEqual(entries[0].directory_id.complete_name.split(" / ")[0],
                         "Signed documents", "no rule: the default place")
        self.assertEqual((first | second).with_user(self.filer).action_archive(), ids)
        self.assertEqual(self.Entry.search_count([("request_id", "in", (first | second).ids)]), 2)

    def test_filing_many_at_once_keeps_names_apart_and_order(self):
        waiting = [self.sealed_request(name) for name in ("Deal", "DEAL", "Other")]
        self.assertFalse(self.Entry.search([]), "no rule yet: nothing filed automatically")
        self.make_rule("Batch")
        first = self.sealed_request("Deal")
        filed = self.Entry.search([("request_id", "=", first.id)])
        requests = waiting[0] | first | waiting[1] | waiting[2]
        ids = requests.with_user(self.filer).action_archive()
        self.assertEqual(ids[1], filed.id, "a filed request gives its existing entry")
        entries = self.Entry.browse(ids)
        self.assertEqual([e.request_id for e in entries], list(requests), "in order")
        self.assertEqual(entries.mapped("name"),
                         ["Deal (2).pdf", "Deal.pdf", "DEAL (3).pdf", "Other.pdf"])
        self.assertEqual(len(entries.directory_id), 1)
        self.assertEqual(set(entries.mapped("index_state")), {"to_index"})
        self.index_all()
        for entry in entries:
            self.assertIn(entry.request_id.name, base64.b64decode(
                entry.audit_document).decode("latin-1"), "each its own audit trail")

    def test_action_archive_refuses_unsealed_and_reports_per_record(self):
        sealed, draft = self.sealed_request(), self.make_request()
        with self.assertRaisesRegex(UserError, "not sealed"):
            draft.action_archive()
        report = (sealed | draft).with_user(self.filer).action_archive_report()
        message = report["params"]["message"]
        self.assertEqual(report["params"]["type"], "warning")
        self.assertIn(f"{sealed.display_name}: filed as", message)
        self.assertIn(f"{draft.display_name}: not filed", message)
        self.assertTrue(self.Entry.search([("request_id", "=", sealed.id)]))

    def test_filing_needs_the_right_to_file_there(self):
        request = self.sealed_request()
        self.make_rule("Restricted")
        self.Directory._ensure_path(["Restricted"], self.company).file_group_ids = \
            self.legal_group
        with self.assertRaises(AccessError):
            request.with_user(self.filer).action_archive()
        self.assertFalse(self.Entry.search([("request_id", "=", request.id)]))
        self.filer.groups_id = [(4, self.legal_group.id)]
        self.assertTrue(request.with_user(self.filer).action_archive())

    def test_same_name_never_overwrites(self):
        self.make_rule("Contracts")
        entries = self.Entry.browse([
            self.Entry.search([("request_id", "=", self.sealed_request("Deal").id)]).id
            for _index in range(3)])
        self.assertEqual(sorted(entries.mapped("name")),
                         ["Deal (2).pdf", "Deal (3).pdf", "Deal.pdf"])
        self.assertEqual(len(entries.directory_id), 1)

    def test_hostile_names_are_cleaned(self):
        self.make_rule("{partner}/{template}")
        self.alice.name = "../../etc/passwd\u202egnp.exe"
        self.template.name = "x" * 1000
        request = self.sealed_request("..\\..\\boot\u200f.ini")
        entry = self.Entry.search([("request_id", "=", request.id)])
        path = [*entry.directory_id.complete_name.split(" / "), entry.name]
        self.assertEqual(path[0], "etc-passwdgnp.exe")
        self.assertEqual(len(path[1]), 120)
        self.assertEqual(path[2], "boot.ini.pdf")
        for part in path:
            self.assertNotIn("..", part)
            self.assertFalse(set(part) & {"/", "\\", "\x00", "\u202e"})

    def test_unknown_placeholder_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "owner"):
            self.make_rule("Contracts/{owner}")
        with self.assertRaises(ValidationError):
            self.make_rule("Contracts/{year")

    def test_directory_names_are_cleaned_and_unique(self):
        top = self.Directory.create({"name": " ../Secret\u202e "})
        self.assertEqual(top.name, "Secret")
        with self.assertRaisesRegex(ValidationError, "Secret"):
            self.Directory.create({"name": "secret"})
        # The unique index stays the last guard, below the ORM's check.
        with self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint(), \
                mute_logger("odoo.sql_db"):
            self.env.cr.execute("INSERT INTO esign_archive_directory (name, company_id) "
                                "VALUES ('SECRET', %s)", [self.company.id])

    def test_retention_comes_from_the_rule_or_the_directory(self):
        top = self.Directory._ensure_path(["Kept"], self.company)
        top.retention_years = 10
        self.make_rule("Kept/{year}")
        request = self.sealed_request()
        entry = self.Entry.search([("request_id", "=", request.id)])
        self.assertEqual(entry.retention_until.year, request.date_signed.year + 10)
        self.make_rule("Short", sequence=1, retention_years=2)
        request = self.sealed_request()
        entry = self.Entry.search([("request_id", "=", request.id)])
        self.assertEqual(entry.retention_until.year, request.date_signed.year + 2)

    def test_any_pdf_attachment_can_be_filed(self):
        directory = self.Directory._ensure_path(["Loose"], self.company)
        attachment = self.env["ir.attachment"].create({
            "name": "scan.pdf", "raw": self.pdf, "res_model": "res.partner",
            "res_id": self.alice.id, "mimetype": "application/pdf"})
        wizard = self.env["esign.archive.file.attachment"].with_user(self.archivist).with_context(
            active_model="ir.attachment", active_ids=attachment.ids).create(
            {"directory_id": directory.id})
        action = wizard.action_file()
        entry = self.Entry.search(action["domain"])
        self.assertEqual((entry.name, entry.partner_id), ("scan.pdf", self.alice))
        self.assertEqual(entry.origin_model, "res.partner")
        self.assertEqual(base64.b64decode(entry.document), self.pdf)
        not_pdf = self.env["ir.attachment"].create({"name": "x.pdf", "raw": b"hello"})
        with self.assertRaisesRegex(UserError, "not a PDF"):
            self.Entry._file_attachment(not_pdf, directory)

    def test_full_text_search_uses_the_words_of_the_document(self):
        self.make_rule("Contracts")
        entry = self.Entry.search([("request_id", "=", self.sealed_request("Findable").id)])
        reader = self.Entry.with_user(self.reader)
        self.assertFalse(reader.search([("text_search", "ilike", "agreement")]),
                         "no text before the indexing job ran")
        self.index_all()
        for query in ("agreement page", "AGREEMENT", "agree", "Paid in full"):
            with self.subTest(query=query):
                self.assertIn(entry, reader.search([("text_search", "ilike", query)]))
        for query in ("nowhere", "'; DROP TABLE esign_archive_entry; --", "!!!",
                      "zzqx & | qqzz:*"):
            with self.subTest(query=query):
                self.assertFalse(reader.search([("text_search", "ilike", query)]))
        self.assertEqual(reader.search_count([("text_search", "ilike", "agreement"),
                                              ("id", "=", entry.id)]), 1)

    def test_deal_criteria_and_placeholder_follow_the_request_deal(self):
        """Deal stage and salesperson match only when the CRM gives requests a deal."""
        if "lead_id" not in self.env["esign.request"]._fields:
            facts = self.Rule._request_facts(self.sealed_request())
            self.assertIsNone(facts["stage"])
            self.assertIsNone(facts["salesperson"])
            self.assertFalse(self.make_rule(deal_stage_name="Won")._matches(facts))
            self.assertEqual(self.Rule._path_values(self.make_request(), self.alice)["deal"], "")
            return
        stage = self.env["crm.stage"].create({"name": "Contract sent"})
        lead = self.env["crm.lead"].create({"name": "Big / deal", "user_id": self.user.id,
                                            "stage_id": stage.id})
        self.make_rule("Other", deal_stage_name="Won")
        self.make_rule("Deals/{deal}", deal_stage_name=" contract SENT ",
                       deal_user_id=self.user.id)
        request = self.sealed_request(values={"lead_id": lead.id})
        entry = self.Entry.search([("request_id", "=", request.id)])
        self.assertEqual(entry.directory_id.complete_name, "Deals / Big - deal")
