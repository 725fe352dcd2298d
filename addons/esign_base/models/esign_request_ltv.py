"""Long-term validation of sealed requests: protection facts and renewal.

A seal made with a CA-issued certificate and a timestamp authority is PAdES
B-LTA (tools/signing.py). Its last timestamp is only as good as the
authority's certificate, so ``esign_base.ir_cron_renew_archive_timestamps``
adds a new document timestamp (one more incremental update, the signed
revision untouched) to every such document whose last timestamp's
certificate expires within ``esign_base.ltv_renew_days`` days (365 unless
set). ``signed_sha256`` stays the hash of the signed revision, the one the
verification compares; ``latest_sha256`` is the hash of the file as stored.
"""

import base64
import datetime
import logging
import threading

from odoo import _, api, fields, models

from ..tools import fingerprint, signing, tsa
from ..tools.errors import EsignError
from .esign_errors import translated_message
from .esign_evidence import as_flow, check_evidence_write

_logger = logging.getLogger(__name__)

RENEW_BATCH = 20
DEFAULT_RENEW_DAYS = 365
PADES_LEVELS = [("B-B", "PAdES B-B"), ("B-T", "PAdES B-T"), ("B-LTA", "PAdES B-LTA")]


class EsignRequest(models.Model):
    _inherit = "esign.request"

    # Set only by sealing and renewal, like the other evidence fields.
    _LTV_EVIDENCE_FIELDS = ("latest_sha256", "pades_level", "protected_since",
                            "timestamp_expires")

    latest_sha256 = fields.Char("Latest SHA-256", readonly=True, copy=False, index=True,
                                help="SHA-256 of the sealed file as stored, archive "
                                     "timestamps included.")
    pades_level = fields.Selection(PADES_LEVELS, "Signature level", readonly=True, copy=False)
    protected_since = fields.Datetime(readonly=True, copy=False, help=(
        "Time of the first independent timestamp, else of the seal itself."))
    timestamp_expires = fields.Datetime(
        "Last timestamp valid until", readonly=True, copy=False, index=True,
        help="When the certificate of the authority that made the newest timestamp expires; "
             "long-term documents get a new archive timestamp before then.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_evidence_write(self, vals, self._LTV_EVIDENCE_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_evidence_write(self, vals, self._LTV_EVIDENCE_FIELDS)
        return super().write(vals)

    @api.model
    def _ltv_values(self, data):
        """The evidence values describing the sealed file ``data``."""
        protection = signing.protection_info(data)
        return {
            "signed_document": base64.b64encode(data),
            "signed_sha256": protection.signed_revision_sha256,
            "latest_sha256": fingerprint.sha256_hex(data),
            "pades_level": protection.level or False,
            "protected_since": _naive(protection.protected_since),
            "timestamp_expires": _naive(protection.last_timestamp_expires),
        }

    @api.model
    def _cron_renew_archive_timestamps(self):
        """Add a fresh archive timestamp where the last one will soon expire."""
        params = self.env["ir.config_parameter"].sudo()
        url = params.get_param("esign_base.tsa_url")
        if not url:
            return
        days = int(params.get_param("esign_base.ltv_renew_days") or DEFAULT_RENEW_DAYS)
        horizon = fields.Datetime.now() + datetime.timedelta(days=days)
        testing = getattr(threading.current_thread(), "testing", False)
        tried = [0]
        for _index in range(RENEW_BATCH):
            request = self._claim_next_to_renew(horizon, tried)
            if not request:
                return
            tried.append(request.id)
            request._renew_archive_timestamp(url)
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _claim_next_to_renew(self, horizon, excluded):
        self.flush_model(["seal_state", "pades_level", "timestamp_expires"])
        self.env.cr.execute(
            "SELECT id FROM esign_request WHERE seal_state = 'done' AND pades_level = 'B-LTA' "
            "AND timestamp_expires <= %s AND id NOT IN %s "
            "ORDER BY timestamp_expires, id LIMIT 1 FOR UPDATE SKIP LOCKED",
            (horizon, tuple(excluded)),
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    def _renew_archive_timestamp(self, url):
        """One more document timestamp on this request's sealed file; a
        failure is logged and retried at the next run."""
        self.ensure_one()
        from .esign_request_seal import _signer_for  # noqa: PLC0415 - one loaded key per process

        try:
            with self.env.cr.savepoint():
                data = base64.b64decode(self.sudo().with_context(bin_size=False).signed_document)
                signer = _signer_for(self.certificate_id.sudo())
                renewed = signing.add_archive_timestamp(
                    data, tsa.make_timestamper(url), signer.validation_context())
                values = self._ltv_values(renewed)
                if values["signed_sha256"] != self.signed_sha256:
                    _logger.warning("Request %s: the stored seal is not the one made; "
                                    "archive timestamp not renewed", self.id)
                    return
                as_flow(self.sudo()).write(values)
                self._log("sealed", actor=_("System"), details=_(
                    "Archive timestamp added; the last timestamp is valid until %(date)s",
                    date=values["timestamp_expires"] or "?"))
        except EsignError as err:
            _logger.warning("Request %s: archive timestamp not renewed: %s", self.id,
                            translated_message(self.env, err))

    def _verification_answer(self, status, fingerprint_text=None):
        answer = super()._verification_answer(status, fingerprint_text=fingerprint_text)
        if self:
            answer["pades_level"] = self.pades_level or None
            answer["protected_since"] = self.protected_since and (
                fields.Datetime.to_string(self.protected_since) + " UTC")
        return answer


def _naive(moment):
    """A UTC datetime as Odoo stores it (naive), or False."""
    if not moment:
        return False
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment
