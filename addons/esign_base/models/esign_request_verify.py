"""Public verification: is this PDF one we sealed, and untouched since?"""

from odoo import _, api, models
from odoo.tools.misc import format_datetime

from ..tools import fingerprint, verification
from ..tools.errors import FingerprintError

# A verification upload larger than this cannot be one of our sealed files
# worth parsing; answered "unknown" without parsing.
MAX_VERIFY_BYTES = 60 * 1024 * 1024
# Room for validation data and document timestamps added to a sealed copy.
MAX_LATER_UPDATES_BYTES = 1024 * 1024


class EsignRequest(models.Model):
    _inherit = "esign.request"

    @api.model
    def _verify_document(self, data, client=None):
        """Verify an uploaded PDF; returns the public answer (a dict).

        Signatures are validated only for a file that names a fingerprint we
        sealed: anything else is answered "unknown" without the expensive part.
        """
        if not data or len(data) > MAX_VERIFY_BYTES:
            return self._verification_answer("unknown")
        claimed = self._sealed_by_fingerprint(verification.claimed_fingerprint(data) or "")
        if not claimed:
            return self._verification_answer("unknown")
        if fingerprint.sha256_hex(data) in (claimed.latest_sha256, claimed.signed_sha256):
            claimed._log_verification(client, "upload: valid (identical)")
            return claimed._verification_answer("valid")
        if len(data) > 2 * claimed._sealed_size() + MAX_LATER_UPDATES_BYTES \
                or not verification.parsing_is_bounded(data):
            # Far larger than what we sealed, or built to exhaust the parser:
            # it names our document but is not it.
            claimed._log_verification(client, "upload: modified (not parsed)")
            return claimed._verification_answer("modified")
        report = verification.inspect_seal(data)
        if not report.fingerprint:
            return self._verification_answer("unknown")
        request = self._sealed_by_fingerprint(report.fingerprint)
        if not request:
            return self._verification_answer("unknown")
        status = verification.status_of(report, request.certificate_id.sha256)
        if status == "valid" and report.signed_revision_sha256 != request.signed_sha256:
            status = "modified"
        request._log_verification(client, f"upload: {status}")
        return request._verification_answer(status)

    @api.model
    def _verify_fingerprint(self, text, client=None):
        """Look a sealed request up by its typed or scanned fingerprint."""
        try:
            code = fingerprint.normalize_fingerprint(text or "")
        except FingerprintError:
            return self._verification_answer("unknown", fingerprint_text=None)
        request = self._sealed_by_fingerprint(code)
        if not request:
            return self._verification_answer("unknown", fingerprint_text=code)
        request._log_verification(client, "fingerprint lookup")
        return request._verification_answer("found")

    def _log_verification(self, client, details):
        """Record a verification once per address and hour, so public
        look-ups cannot flood the audit trail."""
        if client is None:
            return
        ip_address = client.get("ip")
        if self.env["esign.audit.log"]._recent_count(
                "verified", 3600, ip_address=ip_address, request=self):
            return
        self._log("verified", actor="public", client=client, details=details)

    def _verification_message(self, status):
        """One sentence saying what the answer means, in the visitor's language."""
        sealed_on = _utc(self, self.sealed_on) if self else ""
        return {
            "valid": _("This file is the document sealed here on %(date)s, unchanged since.",
                       date=sealed_on),
            "modified": _("This file claims to be a document sealed here, but it was changed "
                          "after sealing or its seal is not ours."),
            "found": _("A document with this fingerprint was sealed here on %(date)s; upload "
                       "your copy to check that it is unchanged.", date=sealed_on),
            "unknown": _("No document sealed here matches."),
        }[status]

    def _sealed_size(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "=", self.id),
            ("res_field", "=", "signed_document")], limit=1)
        return attachment.file_size or 0

    @api.model
    def _sealed_by_fingerprint(self, code):
        return self.sudo().search(
            [("fingerprint", "=", code), ("seal_state", "=", "done")], limit=1)

    def _verification_answer(self, status, fingerprint_text=None):
        """The public summary: what the receipt shows, minus IP addresses."""
        if not self:
            return {"status": status, "message": self._verification_message(status),
                    "fingerprint": fingerprint_text, "signers": []}
        self.ensure_one()
        signers = self.signer_ids.filtered(lambda s: s.state == "signed").sorted(
            lambda s: (s.sequence, s.signed_on, s.id))
        return {
            "status": status,
            "message": self._verification_message(status),
            "fingerprint": self.fingerprint,
            "document_name": self.name,
            "company": self.company_id.name,
            "request_state": self.state,
            "sealed_on": _utc(self, self.sealed_on),
            "timestamped": self.timestamped,
            "certificate": self.certificate_id.subject,
            "self_signed": self.certificate_id.self_signed,
            "signers": [{
                "name": signer._signer_name(),
                "role": signer.role_id.name,
                "contact": signer._masked_contact(),
                "authentication": signer._authentication_label(),
                "signed_on": _utc(self, signer.signed_on),
            } for signer in signers],
        }


def _utc(record, value):
    return format_datetime(record.env, value, tz="UTC", dt_format="yyyy-MM-dd HH:mm:ss") + " UTC" \
        if value else None
