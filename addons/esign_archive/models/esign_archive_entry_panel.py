"""The directory side panel of the documents: every directory the user may read."""

from odoo import api, models

from .esign_archive_directory_visibility import PANEL_CONTEXT_KEY


class EsignArchiveEntry(models.Model):
    _inherit = "esign.archive.entry"

    @api.model
    def search_panel_select_range(self, field_name, **kwargs):
        # A directory the user may read below one they may not would be left
        # out of the hierarchy (its parent is missing): it goes on top instead.
        model = self
        if self._fields[field_name].comodel_name == "esign.archive.directory":
            model = self.with_context(**{PANEL_CONTEXT_KEY: True})
        return super(EsignArchiveEntry, model).search_panel_select_range(field_name, **kwargs)

    @api.model
    def _search_panel_sanitized_parent_hierarchy(self, records, parent_name, ids):
        if self.env.context.get(PANEL_CONTEXT_KEY):
            records = self.env["esign.archive.directory"]._panel_reroot(records, parent_name)
        return super()._search_panel_sanitized_parent_hierarchy(records, parent_name, ids)
