from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """Public pages load the signing page's strings too (listed last, so
        its wording wins over another module's for the same English)."""
        return super()._get_translation_frontend_modules_name() + ["esign_base"]
