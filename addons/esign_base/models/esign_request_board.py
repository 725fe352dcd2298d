"""What the back office shows of a request: the board and the preview.

The kanban board always has one column per state, in the order a request
lives them; each card says whom the request waits for. The form shows the
document itself (the PDF sent, or the template's while a draft) in Odoo's
PDF viewer: no image is rendered or stored for it.
"""

from odoo import api, fields, models

from .esign_request import REQUEST_STATES


class EsignRequest(models.Model):
    _inherit = "esign.request"

    state = fields.Selection(group_expand="_group_expand_states")
    waiting_for = fields.Char("Waiting for", compute="_compute_waiting_for")
    preview_document = fields.Binary("Document", compute="_compute_preview_document")
    preview_document_name = fields.Char(compute="_compute_preview_document")

    @api.model
    def _group_expand_states(self, states, domain):
        """Every state, in lifecycle order, even when no request is in it."""
        return [key for key, _label in REQUEST_STATES]

    @api.depends("state", "seal_state", "signer_ids.state", "signer_ids.partner_id")
    def _compute_waiting_for(self):
        for request in self:
            request.waiting_for = request._waiting_for_text()

    def _waiting_for_text(self):
        self.ensure_one()
        _t = self.env._
        signers = self.signer_ids
        if self.state == "draft":
            return _t("Not sent yet")
        if self.state == "sent":
            names = signers.filtered(lambda s: s.state == "to_sign").partner_id.mapped("name")
            later = signers.filtered(lambda s: s.state == "waiting")
            if not names:
                return _t("Nobody")
            text = _t("Waiting for %(names)s", names=", ".join(names))
            if later:
                text = _t("%(text)s, then %(count)s more", text=text, count=len(later))
            return text
        if self.state == "signed":
            return {
                "queued": _t("Waiting for the seal"),
                "failed": _t("Sealing failed: waiting for you"),
            }.get(self.seal_state, _t("Nobody: signed by everyone"))
        if self.state == "declined":
            names = signers.filtered(lambda s: s.state == "declined").partner_id.mapped("name")
            return _t("Nobody: declined by %(names)s", names=", ".join(names))
        return _t("Nobody: %(state)s", state=dict(
            self._fields["state"]._description_selection(self.env))[self.state].lower())

    @api.depends("template_id", "state")
    def _compute_preview_document(self):
        for request in self:
            frozen = request.with_context(bin_size=False).document
            if frozen:
                request.preview_document = frozen
                request.preview_document_name = request.document_name
            else:
                template = request.template_id.with_context(bin_size=False)
                request.preview_document = template.document or False
                request.preview_document_name = template.document_name or False
