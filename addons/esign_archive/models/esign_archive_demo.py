from odoo import api, models


class EsignArchiveEntry(models.Model):
    _inherit = "esign.archive.entry"

    @api.model
    def _load_demo(self):
        """File the sealed requests the demo made before the archive was
        installed, as the demo rule says; later ones are filed when sealed.
        Only the demo's own templates: nothing real is filed by a demo rule.
        The indexing job draws their text and thumbnails after the install."""
        demo_templates = self.env["ir.model.data"].search([
            ("model", "=", "esign.template"), ("module", "like", "esign_%"),
            ("name", "=like", "demo_%")]).mapped("res_id")
        sealed = self.env["esign.request"].search([
            ("seal_state", "=", "done"), ("template_id", "in", demo_templates)])
        self._file_requests(sealed, automatic=True)
