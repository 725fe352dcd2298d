from odoo import models


class EsignSigner(models.Model):
    """A signer of a request started by a form fills nothing twice: the
    places filled from the submitted answers show them, read only, and those
    answers are what gets sealed.

    The request's frozen fields already carry the answers (see
    ``esign_request.py``); these overrides keep the same behaviour on a page
    field given as a template field.
    """

    _inherit = "esign.signer"

    def _form_answer(self, field):
        self.ensure_one()
        submission = self.request_id._form_submissions()[:1]
        if not submission:
            return None
        key = field.field_key if "field_key" in field._fields else field.id
        return submission._answer_for_template_field(key)

    def _prefill(self, field):
        answer = self._form_answer(field)
        return super()._prefill(field) if answer is None else answer

    def _clean_value(self, field, raw):
        answer = self._form_answer(field)
        return super()._clean_value(field, raw) if answer is None else answer

    def _field_config(self, field):
        config = super()._field_config(field)
        if self._form_answer(field) is not None:
            config["readonly"] = True
        return config
