"""Shared setup: sealed requests made through the real signing flow, and users."""

from odoo.addons.esign_base.tests.common import EsignCase
from odoo.tests import new_test_user

READER = "esign_archive.group_archive_reader"
MANAGER = "esign_archive.group_archive_manager"


class ArchiveCase(EsignCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["esign.archive.entry"]
        cls.Directory = cls.env["esign.archive.directory"]
        cls.Rule = cls.env["esign.archive.rule"]
        cls.legal_group = cls.env["res.groups"].create({"name": "Legal team"})
        cls.portal = new_test_user(cls.env, "archive_portal", groups="base.group_portal")
        cls.internal = new_test_user(cls.env, "archive_internal", groups="base.group_user")
        cls.reader = new_test_user(cls.env, "archive_reader", groups=READER)
        cls.lawyer = new_test_user(cls.env, "archive_lawyer", groups=f"{READER}")
        cls.lawyer.groups_id = [(4, cls.legal_group.id)]
        cls.archivist = new_test_user(cls.env, "archive_manager",
                                      groups=f"{MANAGER},esign_base.group_esign_manager")
        cls.filer = new_test_user(cls.env, "archive_filer",
                                  groups=f"{READER},esign_base.group_esign_manager")

    def sealed_request(self, name=None, template=None, values=None):
        """A request signed by both parties and sealed, as the product does it.

        ``values`` are written on the draft first (a deal, with the CRM).
        """
        request = self.make_request(template=template)
        if name:
            request.name = name
        if values:
            request.write(values)
        request.action_send()
        self.sign_all(request)
        self.env["esign.request"]._cron_seal()
        if request.seal_state != "done":
            raise AssertionError(request.seal_error)
        return request

    def make_rule(self, pattern="Contracts/{year}/{partner}", **values):
        return self.Rule.create({"name": pattern, "path_pattern": pattern, **values})

    def index_all(self):
        """Run the background indexing job now (text and thumbnails)."""
        return self.Entry._cron_index()

    def change_stored_file(self, entry, change, field="document"):
        """Change the entry's ``field`` file in the filestore with
        ``change(path, original bytes)``; it is put back after the test."""
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "esign.archive.entry"), ("res_id", "=", entry.id),
            ("res_field", "=", field)])
        path = attachment._full_path(attachment.store_fname)
        with open(path, "rb") as stored:
            original = stored.read()
        self.addCleanup(write_file, path, original)
        change(path, original)
        self.env.invalidate_all()


def write_file(path, data):
    with open(path, "wb") as stored:
        stored.write(data)


def flip_a_byte(path, original):
    with open(path, "r+b") as stored:
        stored.seek(len(original) // 2)
        stored.write(b"X")
