from odoo import api, models
from odoo.exceptions import AccessError

from .esign_evidence import in_flow

# Binary evidence is kept as attachments; Odoo lets anyone who may write the
# parent record write its attachments, so they are guarded here as well.
EVIDENCE_BINARIES = {
    "esign.signer": ("signature", "initials", "stamp"),
    "esign.request": ("document", "signed_document"),
}


def _is_evidence(res_model, res_field):
    return bool(res_field) and res_field in EVIDENCE_BINARIES.get(res_model, ())


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_not_evidence(self, vals=None):
        if in_flow(self):
            return
        touched = any(_is_evidence(att.res_model, att.res_field) for att in self.sudo())
        if vals:
            touched = touched or _is_evidence(vals.get("res_model"), vals.get("res_field"))
        if touched:
            raise AccessError(self.env._(
                "Signatures and signed documents are evidence: only the signing process "
                "stores or changes them."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_not_evidence(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_not_evidence(vals)
        return super().write(vals)

    def unlink(self):
        self._check_not_evidence()
        return super().unlink()
