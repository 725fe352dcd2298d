from odoo import models


class EsignSigner(models.Model):
    """A signer of a request started by a form fills nothing twice: the
    template fields mapped on form fields show the submitted answers, read
    only, and those answers are what gets sealed."""

    _inherit = "esign.signer"

    def _form_submission(self):
        self.ensure_one()
        return self.env["esign.form.submission"].sudo().search(
            [("request_id", "=", self.request_id.id)], limit=1)

    def _form_answer(self, field):
        submission = self._form_submission()
        return submission._answer_for_template_field(field) if submission else None

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
