"""What the public form page does with a form: find it, check it takes
answers, and record one submission.

The controller finds the form with :meth:`_get_by_slug` (as superuser) and
calls :meth:`_submit_public`; every refusal is a ``SubmissionRefused`` that
carries its HTTP status and, for invalid answers, one message per field.
"""

import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq
from odoo.tools.misc import format_datetime

from ..tools import validation
from ..tools.errors import SubmissionRefused
from .esign_form import MAX_PER_IP_HOUR, MAX_PER_IP_PARAM

_logger = logging.getLogger(__name__)

# HTTP status of each state in which a form takes no answers.
STATE_STATUS = {"unpublished": 404, "scheduled": 404, "closed": 410, "full": 410}
MAX_SLUG_LENGTH = 64


class EsignForm(models.Model):
    _inherit = "esign.form"

    @api.model
    def _get_by_slug(self, slug):
        """The form behind a public link (any state), or an empty set."""
        if not isinstance(slug, str) or not 0 < len(slug) <= MAX_SLUG_LENGTH:
            return self.sudo().browse()
        form = self.sudo().search([("slug", "=", slug)], limit=1)
        return form if form and consteq(form.slug, slug) else self.sudo().browse()

    def _refusal_for_state(self, state):
        """The page's message when the form takes no answers in ``state``."""
        self.ensure_one()
        if state == "scheduled":
            message = _("This form opens on %(date)s.", date=format_datetime(
                self.env, self.date_open, tz=self.user_id.tz or "UTC", dt_format="medium"))
        elif state == "closed":
            message = _("This form is closed and no longer takes answers.")
        elif state == "full":
            message = _("This form has received all the answers it could take.")
        else:
            message = _("This form is not available.")
        return SubmissionRefused(state, message, status=STATE_STATUS.get(state, 404))

    def _check_open(self):
        state = self._public_state()
        if state != "open":
            raise self._refusal_for_state(state)

    def _submit_public(self, answers, client, nonce=None):
        """Record one submission of the public page.

        :param answers: raw answers by field name (browser strings or JSON).
        :param client: ``{"ip": .., "user_agent": ..}`` of the caller.
        :param nonce: the page's one-time submission key: a second post of
            the same page (double click, resend, two tabs) answers with the
            submission the first one made.
        :returns: ``(submission, created)``; ``created`` is False when the
            nonce had been used already.
        """
        self.ensure_one()
        self._check_open()
        earlier = self._submission_of_nonce(nonce)
        if earlier:
            return earlier, False
        self._check_flood(client.get("ip"))
        values = self._clean_answers(answers)
        number = self._lock_form()
        earlier = self._submission_of_nonce(nonce)
        if earlier:
            return earlier, False
        self._check_open()
        try:
            with self.env.cr.savepoint():
                submission = self.env["esign.form.submission"].sudo()._create_from_answers(
                    self, values, client, nonce=nonce,
                    reference=f"F{self.id:03d}-{number:05d}")
        except UserError as err:
            _logger.warning("Form %s could not record a submission: %s", self.id, err)
            raise SubmissionRefused("unavailable", _(
                "This form cannot take answers right now. Please try again later."),
                status=503) from None
        return submission, True

    def _clean_answers(self, answers):
        values, errors = validation.clean_answers(self._field_specs(), answers)
        if errors:
            raise SubmissionRefused(
                "invalid", _("Some answers need your attention."), status=400,
                field_errors={name: self.env._(err.message, **err.params)
                              for name, err in errors.items()})
        return values

    def _submission_of_nonce(self, nonce):
        if not nonce:
            return self.env["esign.form.submission"]
        return self.env["esign.form.submission"].sudo().search(
            [("nonce", "=", nonce), ("form_id", "=", self.id)], limit=1)

    def _check_flood(self, ip_address):
        """Refuse when one address had its hourly share of accepted submissions."""
        if not ip_address:
            return
        limit = self._int_param(MAX_PER_IP_PARAM, MAX_PER_IP_HOUR)
        since = fields.Datetime.now() - timedelta(hours=1)
        count = self.env["esign.form.submission"].sudo().search_count(
            [("ip_address", "=", ip_address), ("create_date", ">=", since)])
        if count >= limit:
            raise SubmissionRefused(
                "too_many", _("Too many forms were sent from your connection. "
                              "Please try again in an hour."), status=429)

    def _lock_form(self):
        """Bump the form's counter: concurrent submissions of one form then
        run one after the other (a concurrent one fails to serialize and is
        retried by Odoo with fresh data), so limits and nonces hold."""
        self.ensure_one()
        self.env.cr.execute(
            "UPDATE esign_form SET submission_seq = COALESCE(submission_seq, 0) + 1 WHERE id = %s "
            "RETURNING submission_seq", [self.id])
        number = self.env.cr.fetchone()[0]
        self.invalidate_recordset(["submission_seq"])
        return number

    def _public_page_values(self, values=None, errors=None, nonce=None, message=None):
        """What the QWeb page needs to show the form (answers kept on refusal)."""
        self.ensure_one()
        return {
            "form": self,
            "sections": self._sections(),
            "answers": values or {},
            "errors": errors or {},
            "nonce": nonce,
            "message": message,
            "honeypot": "website",
        }
