from odoo import _, api, fields, models
from odoo.exceptions import UserError


class EsignArchiveFileAttachment(models.TransientModel):
    """File PDF attachments of any record into an archive directory."""

    _name = "esign.archive.file.attachment"
    _description = "File attachments in the archive"

    attachment_ids = fields.Many2many("ir.attachment", string="Attachments", required=True)
    directory_id = fields.Many2one("esign.archive.directory", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "ir.attachment":
            values["attachment_ids"] = [(6, 0, self.env.context.get("active_ids") or [])]
        return values

    def action_file(self):
        self.ensure_one()
        pdfs = self.attachment_ids.filtered(lambda a: a.mimetype == "application/pdf")
        if not pdfs:
            raise UserError(_("Select at least one PDF attachment."))
        entries = self.env["esign.archive.entry"]
        for attachment in pdfs:
            entries |= entries._file_attachment(attachment, self.directory_id)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "esign_archive.esign_archive_entry_action")
        action["domain"] = [("id", "in", entries.ids)]
        return action
