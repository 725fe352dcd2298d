import logging

from odoo import models

_logger = logging.getLogger(__name__)


class EsignRequest(models.Model):
    _inherit = "esign.request"

    def _form_submissions(self):
        return self.env["esign.form.submission"].sudo().search([("request_id", "in", self.ids)])

    def _prepare_frozen_field_values(self, template_field):
        """A request started by a form is sent with the answers written on the
        template fields they fill, not editable by the signer."""
        values = super()._prepare_frozen_field_values(template_field)
        submission = self._form_submissions()[:1]
        answer = submission._answer_for_template_field(template_field.id) if submission else None
        if answer is not None:
            values.update(value=answer, editable=False)
        return values

    def _on_sealed(self):
        """A sealed request marks the form submission that started it as signed."""
        result = super()._on_sealed()
        try:
            with self.env.cr.savepoint():
                self._form_submissions()._on_request_sealed()
        except Exception:  # noqa: BLE001 - the seal is kept whatever happens here
            _logger.warning("Could not mark the form submission of request %s as signed",
                            self.ids, exc_info=True)
        return result

    def _on_signer_declined(self, signer, reason):
        result = super()._on_signer_declined(signer, reason)
        self._form_submissions()._on_request_declined()
        return result
