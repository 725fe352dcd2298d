"""A directory, with its subdirectories, as a streamed ZIP."""

from odoo import SUPERUSER_ID, api, models

from ..tools import names, zip_stream


class EsignArchiveDirectory(models.Model):
    _inherit = "esign.archive.directory"

    def _zip_filename(self):
        self.ensure_one()
        return f"{names.clean_name(self.name)}.zip"

    def action_download_zip(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self",
                "url": f"/esign/archive/directory/{self.id}/zip"}

    def _zip_stream(self):
        """A generator of the ZIP's bytes, for entries the current user may read.

        Access is checked now, as the user: the directory must be readable,
        and only readable entries of it and its subdirectories are listed.
        The bytes are produced later, while the response is sent, after this
        request's cursor is closed: the generator opens its own cursor then.
        """
        self.ensure_one()
        self.check_access("read")
        rows = self._zip_rows()
        registry = self.env.registry
        return _generate(registry, rows)

    def _zip_rows(self):
        """``(entry id, folder segments, name, attachment id, fingerprint, sha256)``
        per entry (the SHA-256 recorded at filing)."""
        entries = self.env["esign.archive.entry"].search(
            [("directory_id", "child_of", self.id)], order="directory_id, name, id")
        segments = self._relative_segments(entries.directory_id)
        attachments = self.env["ir.attachment"].sudo().search_read(
            [("res_model", "=", "esign.archive.entry"), ("res_field", "=", "document"),
             ("res_id", "in", entries.ids)], ["res_id"])
        attachment_of = {row["res_id"]: row["id"] for row in attachments}
        return [(entry.id, segments[entry.directory_id.id], entry.name,
                 attachment_of.get(entry.id), entry.fingerprint or "", entry.sha256 or "")
                for entry in entries.sudo()]

    def _relative_segments(self, directories):
        """Folder names from this directory down to each of ``directories``.

        They are the names the current user sees: a run of directories they
        may not read (above a subdirectory they may) is one ``…`` folder.
        This directory is readable, so its path as the user sees it is the
        beginning of each of theirs.
        """
        paths = (self | directories)._visible_segments()
        own_depth = len(paths[self.id])
        return {directory.id: paths[directory.id][own_depth:] for directory in directories}


def _generate(registry, rows):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        attachments = env["ir.attachment"]

        def reader(attachment_id):
            def read():
                if not attachment_id:
                    return b""
                data = attachments.browse(attachment_id).raw or b""
                env.invalidate_all(flush=False)
                return data
            return read

        members = ((entry_id, segments, name, reader(attachment_id), fingerprint, sha256)
                   for entry_id, segments, name, attachment_id, fingerprint, sha256 in rows)
        yield from zip_stream.stream_zip(members)
