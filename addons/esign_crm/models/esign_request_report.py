"""What a request tells its deal (or contact) as it goes round.

Messages are for people, on the record they work from; the evidence stays
in the request's audit trail. The signing page and the seal run as the
system, so the record is written with sudo once we know it is ours.
"""

import logging

from markupsafe import Markup, escape

from odoo import _, models

_logger = logging.getLogger(__name__)


class EsignRequest(models.Model):
    _inherit = "esign.request"

    def _crm_post(self, body, **kwargs):
        """Post ``body`` (a Markup) on the deal, else on the contact."""
        self.ensure_one()
        origin = self._crm_origin()
        if origin:
            origin.sudo().message_post(body=body, subtype_xmlid="mail.mt_note", **kwargs)

    def _crm_intro(self):
        return Markup("%s ") % self._get_html_link()

    def action_send(self):
        result = super().action_send()
        for request in self.filtered(lambda r: r.state == "sent" and r._crm_origin()):
            names = ", ".join(request.signer_ids.sorted("sequence").partner_id.mapped("name"))
            request._crm_post(request._crm_intro() + _("sent for signature to %(names)s.",
                                                       names=names))
        return result

    def _on_signer_signed(self, signer):
        result = super()._on_signer_signed(signer)
        self._crm_post(self._crm_intro() + _("signed by %(name)s.", name=signer.partner_id.name))
        return result

    def _on_signer_declined(self, signer, reason):
        result = super()._on_signer_declined(signer, reason)
        origin = self._crm_origin()
        if origin:
            self._crm_post(self._crm_intro() + _("declined by %(name)s: %(reason)s",
                                                 name=signer.partner_id.name, reason=reason))
            self._crm_schedule_decline_activity(origin, signer, reason)
        return result

    def _crm_schedule_decline_activity(self, origin, signer, reason):
        responsible = origin.user_id or self.user_id
        origin.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=responsible.id,
            summary=_("%(name)s declined to sign", name=signer.partner_id.name),
            note=escape(_("%(document)s was declined by %(name)s: %(reason)s",
                   document=self.name, name=signer.partner_id.name, reason=reason)),
        )

    def _on_sealed(self):
        """Report the seal on the deal and move the deal on; a failure here
        is logged and never undoes the seal."""
        result = super()._on_sealed()
        for request in self.filtered(lambda r: r._crm_origin()):
            try:
                with self.env.cr.savepoint():
                    request._crm_report_sealed()
            except Exception:  # noqa: BLE001 - the seal is kept whatever happens here
                _logger.warning("Could not report the seal of request %s on its deal",
                                request.id, exc_info=True)
        return result

    def _crm_report_sealed(self):
        self.ensure_one()
        origin = self._crm_origin().sudo()
        attachment = self.env["ir.attachment"].sudo().create({
            "name": self.signed_document_name,
            "datas": self.sudo().with_context(bin_size=False).signed_document,
            "res_model": origin._name,
            "res_id": origin.id,
            "mimetype": "application/pdf",
        })
        self._crm_post(self._crm_intro() + _("is signed by every party and sealed."),
                       attachment_ids=attachment.ids)
        if self.lead_id:
            self._crm_advance_deal()

    def _crm_advance_deal(self):
        template = self.template_id.sudo()
        lead = self.lead_id.sudo()
        if template.crm_stage_id:
            lead.stage_id = template.crm_stage_id
        if template.crm_mark_won:
            lead.action_set_won()
