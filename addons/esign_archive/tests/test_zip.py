import csv
import io
import zipfile

from odoo.tests import HttpCase, tagged

from .common import READER, ArchiveCase


@tagged("post_install", "-at_install")
class TestZip(ArchiveCase, HttpCase):
    def setUp(self):
        super().setUp()
        self.make_rule("Contracts/{year}")
        self.top = self.Directory._ensure_path(["Contracts"], self.company)
        self.first = self.Entry.search([("request_id", "=", self.sealed_request("Lease").id)])
        self.second = self.Entry.search([("request_id", "=", self.sealed_request("Lease").id)])
        self.secret = self.Directory.create({"name": "Legal", "parent_id": self.top.id,
                                             "read_group_ids": [(6, 0, self.legal_group.ids)]})
        values = self.Entry._prepare_document_values(self.pdf, "memo.pdf", self.secret)
        values["company_id"] = self.company.id
        self.hidden = self.Entry._create_filed(values)
        self.index_all()

    def _download(self, login, directory):
        self.authenticate(login, login)
        return self.url_open(f"/esign/archive/directory/{directory.id}/zip", allow_redirects=False)

    def test_directory_downloads_as_a_zip_with_its_manifest(self):
        response = self._download("archive_reader", self.top)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        year = str(self.first.date_signed.year)
        self.assertEqual(sorted(archive.namelist()), sorted([
            f"{year}/Lease.pdf", f"{year}/Lease (2).pdf", "manifest.csv"]))
        self.assertIsNone(archive.testzip())
        rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
        self.assertEqual(len(rows), 2)
        for row in rows:
            entry = self.Entry.browse(int(row["entry"]))
            self.assertEqual(row["sha256"], entry.sha256)
            self.assertEqual(row["intact"], "yes")
            self.assertEqual(row["fingerprint"], entry.fingerprint)
            self.assertEqual(archive.read(row["path"]), self.env["ir.attachment"].sudo().search([
                ("res_model", "=", entry._name), ("res_id", "=", entry.id),
                ("res_field", "=", "document")]).raw)

    def test_subdirectories_the_user_may_read_are_included(self):
        archive = zipfile.ZipFile(io.BytesIO(self._download("archive_lawyer", self.top).content))
        self.assertIn("Legal/memo.pdf", archive.namelist())
        self.assertEqual(len(archive.namelist()), 4)

    def test_folders_the_user_may_not_read_are_not_named(self):
        visible = self.Directory.create({"name": "Visible", "parent_id": self.secret.id,
                                         "read_group_ids": [(6, 0, self.env.ref(READER).ids)]})
        values = self.Entry._prepare_document_values(self.pdf, "vis.pdf", visible)
        values["company_id"] = self.company.id
        self.Entry._create_filed(values)
        for login, member in (("archive_reader", "…/Visible/vis.pdf"),
                              ("archive_lawyer", "Legal/Visible/vis.pdf")):
            with self.subTest(login=login):
                archive = zipfile.ZipFile(io.BytesIO(self._download(login, self.top).content))
                self.assertIn(member, archive.namelist())
                if login == "archive_reader":
                    self.assertNotIn("Legal", str(archive.namelist()))
                    self.assertNotIn("Legal", archive.read("manifest.csv").decode())
        archive = zipfile.ZipFile(io.BytesIO(self._download("archive_reader", visible).content))
        self.assertEqual(sorted(archive.namelist()), ["manifest.csv", "vis.pdf"])

    def test_unreadable_or_missing_directory_is_not_found(self):
        self.assertEqual(self._download("archive_reader", self.secret).status_code, 404)
        self.assertEqual(self._download("archive_internal", self.top).status_code, 404)
        self.assertEqual(self._download("archive_portal", self.top).status_code, 404)
        missing = self.Directory.browse(999999)
        self.assertEqual(self._download("archive_reader", missing).status_code, 404)
        self.authenticate(None, None)
        response = self.url_open(f"/esign/archive/directory/{self.top.id}/zip",
                                 allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)

    def test_rpc_gives_readers_no_way_around_the_rules(self):
        uid = self.reader.id
        models = self.xmlrpc_object

        def call(model, method, *args, **kwargs):
            return models.execute_kw(self.env.cr.dbname, uid, "archive_reader", model, method,
                                     list(args), kwargs)

        self.assertEqual(call("esign.archive.entry", "search_count",
                              [("id", "=", self.hidden.id)]), 0)
        self.assertNotIn(self.hidden.id, call("esign.archive.entry", "search", []))
        self.assertIn(self.first.id, call("esign.archive.entry", "search", []))
        groups = call("esign.archive.entry", "read_group", [], ["directory_id"],
                      ["directory_id"])
        self.assertNotIn(self.secret.id, [g["directory_id"][0] for g in groups])
        self.assertNotIn(self.secret.id, call("esign.archive.directory", "search", []))
        for method, args in (("read", [[self.hidden.id], ["name"]]),
                             ("write", [[self.first.id], {"name": "forged.pdf"}]),
                             ("unlink", [[self.first.id]]),
                             ("copy", [self.first.id])):
            with self.subTest(method=method), self.assertRaises(Exception):  # noqa: B017
                call("esign.archive.entry", method, *args)
        self.assertEqual(self.first.name, "Lease.pdf")

    def test_reader_browses_the_archive_in_the_backend(self):
        self.start_tour("/odoo/action-esign_archive.esign_archive_entry_action",
                        "esign_archive_browse_tour", login="archive_reader")
