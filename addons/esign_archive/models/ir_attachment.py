from odoo import _, models
from odoo.exceptions import AccessError

from .esign_archive_entry import DELETING_CONTEXT

ENTRY_MODEL = "esign.archive.entry"


class IrAttachment(models.Model):
    """Keeps the files of archived documents as untouchable as the entries."""

    _inherit = "ir.attachment"

    def write(self, vals):
        if self._touches_archive():
            raise AccessError(_("Files of archived documents cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if self._touches_archive() and not self.env.context.get(DELETING_CONTEXT):
            raise AccessError(_("Files of archived documents cannot be deleted."))
        return super().unlink()

    def _touches_archive(self):
        if not self:
            return False
        self.flush_recordset(["res_model"])
        self.env.cr.execute("SELECT 1 FROM ir_attachment WHERE id IN %s AND res_model = %s "
                            "LIMIT 1", [tuple(self.ids), ENTRY_MODEL])
        return bool(self.env.cr.fetchone())
