from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .esign_archive_marks import LOGGING, is_marked, marked


class EsignArchiveDeletionLog(models.Model):
    """Append-only record of each archived document that was deleted.

    It keeps what identified the document (no link to the deleted entry, so
    it survives it). Lines are added only by the entry's own ``unlink``;
    nobody can change or delete them, administrators included.
    """

    _name = "esign.archive.deletion.log"
    _description = "Archive deletion log"
    _order = "id desc"

    entry_ref = fields.Integer("Entry ID", readonly=True, index=True)
    name = fields.Char("File name", readonly=True)
    directory_path = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    request_reference = fields.Char(readonly=True)
    fingerprint = fields.Char(readonly=True, index=True)
    sha256 = fields.Char("SHA-256", readonly=True)
    date_signed = fields.Datetime(readonly=True)
    retention_until = fields.Date(readonly=True)
    deleted_by = fields.Char("Deleted by (name)", readonly=True)
    deleted_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null")
    deleted_on = fields.Datetime(readonly=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su and is_marked(self, LOGGING)):
            raise AccessError(_("The deletion log is written only when a document is deleted."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise AccessError(_("The deletion log cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        raise AccessError(_("The deletion log cannot be deleted."))

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise AccessError(_("The deletion log cannot be duplicated."))

    @api.model
    def _record(self, entries):
        now = fields.Datetime.now()
        user = self.env.user
        return marked(self.sudo(), LOGGING).create([{
            "entry_ref": entry.id,
            "name": entry.name,
            "directory_path": entry.directory_id.complete_name,
            "company_id": entry.company_id.id,
            "request_reference": entry.request_id.reference or False,
            "fingerprint": entry.fingerprint,
            "sha256": entry.sha256,
            "date_signed": entry.date_signed,
            "retention_until": entry.retention_until,
            "deleted_by": user.name,
            "deleted_by_id": user.id,
            "deleted_on": now,
        } for entry in entries.sudo()])
