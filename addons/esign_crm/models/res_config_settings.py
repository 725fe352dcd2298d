from odoo import fields, models

from .esign_template import SIGNER_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    esign_crm_signer_user_id = fields.Many2one(
        "res.users", "Default company signer", config_parameter=SIGNER_PARAM,
        domain=[("share", "=", False)],
        help="Signs first for the company on requests sent from deals and contacts, "
        "unless the template names its own signer. Empty: the salesperson.")
