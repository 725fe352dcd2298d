from odoo import _, api, models
from odoo.exceptions import AccessError

from .esign_archive_marks import DELETING, FILING, INDEXING, is_marked

ENTRY_MODEL = "esign.archive.entry"
INDEXED_FIELDS = ("thumbnail", "audit_document")


class IrAttachment(models.Model):
    """Keeps the files of archived documents as untouchable as the entries."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        if not self._archive_may_add(vals_list):
            raise AccessError(_("Files are added to archived documents only by filing them."))
        return super().create(vals_list)

    @api.model
    def _archive_may_add(self, vals_list):
        """True unless files would be added to archive entries outside filing.

        Filing adds any file; the indexing job adds only the thumbnail and
        the audit trail PDF.
        """
        added = [vals for vals in vals_list if vals.get("res_model") == ENTRY_MODEL]
        if not added or is_marked(self, FILING):
            return True
        return is_marked(self, INDEXING) and all(
            vals.get("res_field") in INDEXED_FIELDS for vals in added)

    def write(self, vals):
        if self._touches_archive() or vals.get("res_model") == ENTRY_MODEL:
            raise AccessError(_("Files of archived documents cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if self._touches_archive() and not is_marked(self, DELETING):
            raise AccessError(_("Files of archived documents cannot be deleted."))
        return super().unlink()

    def _touches_archive(self):
        if not self:
            return False
        self.flush_recordset(["res_model"])
        self.env.cr.execute("SELECT 1 FROM ir_attachment WHERE id IN %s AND res_model = %s "
                            "LIMIT 1", [tuple(self.ids), ENTRY_MODEL])
        return bool(self.env.cr.fetchone())
