"""Sealing a fully signed request, and delivering the result.

Sealing runs in ``ir.cron`` (``esign_base.ir_cron_seal_requests`` and a second
lane with the same code, so that two workers seal at once), which the
last signature triggers at once: the signer gets an immediate answer while the
PDF is drawn, receipted and certified in the background. Requests are claimed
with ``FOR UPDATE SKIP LOCKED`` and committed one by one, so several workers
never seal the same request and one failure does not hold back the others.
"""

import base64
import dataclasses
import json
import logging
import threading

from odoo import _, api, fields, models
from odoo.tools.misc import format_datetime

from ..tools import field_values, fingerprint, receipt, sealing, tsa
from ..tools.errors import EsignError
from .esign_errors import translated_message
from .esign_evidence import as_flow
from .esign_template_field import IMAGE_FIELD_TYPES

_logger = logging.getLogger(__name__)

# Loaded signing keys by certificate SHA-256: parsing a PKCS#12 costs ~40 ms,
# the signature itself ~1 ms (see shared/PERFORMANCE.md).
_SIGNER_CACHE = {}
_SIGNER_CACHE_SIZE = 8
SEAL_BATCH = 10
# The sealing jobs: same code, run by different workers at the same time.
SEAL_CRON_XMLIDS = ("esign_base.ir_cron_seal_requests", "esign_base.ir_cron_seal_requests_lane2")


class EsignRequest(models.Model):
    _inherit = "esign.request"

    @api.model
    def _cron_seal(self):
        """Seal queued requests, one transaction each."""
        testing = getattr(threading.current_thread(), "testing", False)
        for _index in range(SEAL_BATCH):
            request = self._claim_next_to_seal()
            if not request:
                return
            request._seal_safely()
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        if self._claim_next_to_seal(lock=False):
            self._trigger_sealing()

    @api.model
    def _trigger_sealing(self):
        """Wake both sealing lanes: with several workers, two seal at once."""
        for xmlid in SEAL_CRON_XMLIDS:
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            if cron:
                cron.sudo()._trigger()

    @api.model
    def _claim_next_to_seal(self, lock=True):
        self.env["esign.request"].flush_model(["seal_state"])
        if lock:
            self.env.cr.execute(
                "SELECT id FROM esign_request WHERE seal_state = 'queued' "
                "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
            )
        else:
            self.env.cr.execute(
                "SELECT id FROM esign_request WHERE seal_state = 'queued' ORDER BY id LIMIT 1"
            )
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    def _seal_safely(self):
        """Seal, or record why not; an error never loses the signatures.

        The receipt is written in the sender's language, whoever runs the job.
        """
        self.ensure_one()
        request = self.with_context(lang=self.user_id.lang or self.company_id.partner_id.lang
                                    or self.env.lang)
        refusal = request._check_sealable()
        if refusal:
            request._seal_refused(refusal)
            return
        try:
            with self.env.cr.savepoint():
                request._seal()
        except EsignError as err:
            request._seal_failed(translated_message(request.env, err))
        except Exception as err:  # noqa: BLE001 - any failure is recorded, then retried by hand
            _logger.warning("Sealing request %s failed", self.id, exc_info=True)
            request._seal_failed(str(err) or err.__class__.__name__)

    def _check_sealable(self):
        """Why this request must not be sealed, or ``None``.

        Runs with the request's row locked (claimed FOR UPDATE): the request
        is signed, every signer's signature is in the audit trail, the trail
        is intact, and the document is byte for byte the one sent.
        """
        self.ensure_one()
        if self.seal_state != "queued" or self.sudo().signed_document:
            return _("The request is already sealed or not waiting for its seal.")
        if self.state != "signed" or any(s.state != "signed" for s in self.signer_ids):
            return _("Not every signer has signed.")
        signed_in_trail = self.sudo().audit_ids.filtered(lambda e: e.event == "signed").signer_id
        if self.signer_ids - signed_in_trail:
            return _("The audit trail lacks the signature of %(names)s.", names=", ".join(
                (self.signer_ids - signed_in_trail).partner_id.mapped("display_name")))
        if not self.check_audit_chain():
            return _("The audit trail has been tampered with.")
        changed = self.signer_ids.filtered(lambda s: not s._signed_evidence_intact())
        if changed:
            return _("What %(names)s signed (values or images) changed after signing.",
                     names=", ".join(changed.mapped(lambda s: s._signer_name())))
        document = self.sudo().with_context(bin_size=False).document
        if not document or not self.original_sha256 or fingerprint.sha256_hex(
                base64.b64decode(document)) != self.original_sha256:
            return _("The document is not the one that was sent (its SHA-256 differs).")
        return None

    def _seal_refused(self, reason):
        """Record a refusal; the request stays unsealed until someone looks."""
        as_flow(self.sudo()).write({"seal_state": "failed", "seal_error": reason})
        self._log("seal_refused", actor=_("System"), details=reason)
        self.message_post(body=_("Sealing refused: %(reason)s", reason=reason),
                          partner_ids=self.user_id.partner_id.ids)

    def _seal_failed(self, message):
        as_flow(self.sudo()).write({"seal_state": "failed", "seal_error": message})
        self.message_post(body=_("Sealing failed: %(error)s", error=message),
                          partner_ids=self.user_id.partner_id.ids)

    def action_retry_seal(self):
        """Queue a failed seal again; the checks run again before sealing."""
        self.check_access("write")
        as_flow(self).filtered(
            lambda r: r.state == "signed" and r.seal_state == "failed"
            and not r.sudo().signed_document
        ).write({"seal_state": "queued", "seal_error": False})
        self._trigger_sealing()
        return True

    def _seal(self):
        self.ensure_one()
        certificate = self.env["esign.certificate"].sudo()._company_certificate(self.company_id)
        timestamper = self._timestamper()
        signer = _signer_for(certificate)
        # The receipt states the PAdES level the seal reaches, in words.
        plan = dataclasses.replace(
            self._prepare_seal_plan(certificate),
            level=self.env._(sealing.LEVEL_WORDS[signer.level(timestamper)]))
        sealed = sealing.seal_pdf(self._original_bytes(), plan, signer, timestamper=timestamper)
        # signed_sha256 is the signed revision's hash (B-LTA adds validation
        # data and a document timestamp after it); latest_sha256 the file's.
        as_flow(self.sudo()).write({
            **self._ltv_values(sealed),
            "sealed_on": fields.Datetime.now(),
            "certificate_id": certificate.id,
            "timestamped": bool(timestamper),
            "seal_state": "done",
            "seal_error": False,
        })
        self._log("sealed", actor=_("System"), details=_(
            "Sealed with certificate %(subject)s", subject=certificate.subject))
        self._on_sealed()

    def _on_sealed(self):
        """Hook run in the sealing transaction right after a successful seal.

        Other addons extend it (filing in the archive, reporting on a deal);
        an extension must not raise for reasons of its own: it runs its work
        in a savepoint and logs a failure, so the seal itself is kept.
        """
        self._deliver_signed_copies()

    def _timestamper(self):
        url = self.env["ir.config_parameter"].sudo().get_param("esign_base.tsa_url")
        return tsa.make_timestamper(url) if url else None

    def _prepare_seal_plan(self, certificate):
        self.ensure_one()
        signers = self.signer_ids.filtered(lambda s: s.state == "signed").sorted(
            lambda s: (s.sequence, s.signed_on, s.id))
        return sealing.SealPlan(
            fingerprint=self.fingerprint,
            document_name=self.name,
            stamps=tuple(stamp for signer in signers for stamp in signer._seal_stamps()),
            signers=tuple(signer._receipt_line() for signer in signers),
            audit_summary=self._audit_summary_lines(),
            verify_url=f"{self.get_base_url()}/esign/verify/{self.fingerprint}",
            labels=self._receipt_labels(),
            self_signed_notice=_(
                "Sealed with a self-signed certificate of %(company)s: it proves the document "
                "has not changed since, but no certification authority vouches for the company.",
                company=self.company_id.name) if certificate.self_signed else "",
            reason=_("Signed by every party through %(company)s", company=self.company_id.name),
            company_name=self.company_id.name,
            **self._receipt_certificate(certificate),
        )

    def _receipt_certificate(self, certificate):
        """The sealing certificate in words, as the receipt states it."""
        def day(value):
            return format_datetime(self.env, value, tz="UTC", dt_format="yyyy-MM-dd")

        issuer = receipt.dn_words(certificate.issuer)
        if not certificate.self_signed and issuer:
            issuer = _("%(issuer)s (a certification authority)", issuer=issuer)
        elif certificate.self_signed:
            issuer = _("Self-signed by %(issuer)s", issuer=issuer)
        return {
            "certificate_subject": receipt.dn_words(certificate.subject),
            "certificate_issuer": issuer,
            "certificate_validity": _("%(start)s to %(end)s (UTC)", start=day(
                certificate.not_before), end=day(certificate.not_after))
            if certificate.not_before and certificate.not_after else "",
        }

    def _receipt_labels(self):
        """The receipt's wording in the sender's language (defaults are English)."""
        english = {f.name: f.default for f in dataclasses.fields(sealing.ReceiptLabels)}
        return sealing.ReceiptLabels(**{key: self.env._(value) for key, value in english.items()})

    def _deliver_signed_copies(self):
        """Email the sealed PDF to every signer; the chatter post tells the sender."""
        attachment = self.env["ir.attachment"].sudo().create({
            "name": self.signed_document_name,
            "datas": self.signed_document,
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/pdf",
        })
        template = self.env.ref("esign_base.mail_template_signed_copy")
        for signer in self.signer_ids:
            template.send_mail(signer.id, email_layout_xmlid="esign_base.mail_layout_signer",
                               email_values={"attachment_ids": attachment.ids})
        self.message_post(
            body=_("Every party signed. The sealed document was sent to all of them."),
            attachment_ids=attachment.ids,
            partner_ids=self.user_id.partner_id.ids,
        )


def _signer_for(certificate):
    """A loaded signing key for ``certificate``, parsed once per process."""
    key = certificate.sha256
    signer = _SIGNER_CACHE.get(key)
    if signer is None:
        signer = sealing.SealSigner.from_pkcs12(certificate._pkcs12_bytes(),
                                                certificate._pkcs12_password())
        if len(_SIGNER_CACHE) >= _SIGNER_CACHE_SIZE:
            _SIGNER_CACHE.pop(next(iter(_SIGNER_CACHE)))
        _SIGNER_CACHE[key] = signer
    return signer


class EsignSigner(models.Model):
    _inherit = "esign.signer"

    def _seal_stamps(self):
        """What this signer put on the document, as stamps for the seal: images,
        ticks with their label, numbers as typed, choices by their label."""
        self.ensure_one()
        values = self.values or {}
        pictures = {"signature": self.signature, "initials": self.initials, "stamp": self.stamp}
        pages = self.request_id.page_geometry or []
        stamps = []
        for field in self._own_fields():
            value = values.get(str(field.field_key))
            place = {"page": field.page, "pos_x": field.pos_x, "pos_y": field.pos_y,
                     "width": field.width, "height": field.height}
            if field.field_type in IMAGE_FIELD_TYPES:
                data = pictures[field.field_type]
                if data:
                    stamps.append(sealing.FieldStamp(kind="image", image=base64.b64decode(data),
                                                     **place))
            elif field.field_type == "checkbox":
                stamps.extend(self._checkbox_stamps(field, value, place, pages))
            elif value:
                stamps.append(sealing.FieldStamp(kind="text", text=self._stamp_text(field, value),
                                                 **place))
        return stamps

    @staticmethod
    def _checkbox_stamps(field, value, place, pages):
        if not value:
            return []
        page = pages[field.page - 1] if 0 < field.page <= len(pages) else {}
        mark, label = field_values.checkbox_places(place, page.get("width") or 595,
                                                   page.get("height") or 842)
        stamps = [sealing.FieldStamp(kind="check", text=value, **mark)]
        if field.name:
            stamps.append(sealing.FieldStamp(kind="text", text=field.name, **label))
        return stamps

    def _stamp_text(self, field, value):
        if field.field_type in ("select", "multiselect"):
            return ", ".join(field_values.choice_labels(value, field._choice_list()))
        if field.field_type == "attachment":
            name = value.get("name", "") if isinstance(value, dict) else ""
            return _("Attached: %(name)s", name=name)
        return value if isinstance(value, str) else str(value)

    def _receipt_line(self):
        self.ensure_one()
        tz = self.partner_id.tz or self.company_id.partner_id.tz or "UTC"
        return sealing.ReceiptSigner(
            name=self._signer_name(),
            role=self.role_id.name or "",
            contact=self._masked_contact(),
            authentication=self._authentication_label(),
            signed_at=format_datetime(self.env, self.signed_on, tz="UTC",
                                      dt_format="yyyy-MM-dd HH:mm:ss") + " UTC",
            ip=self.signed_ip or "",
            adoption=self._receipt_adoption(),
            signed_local=format_datetime(self.env, self.signed_on, tz=tz,
                                         dt_format="yyyy-MM-dd HH:mm:ss") + f" ({tz})",
            signature=base64.b64decode(self.signature) if self.signature else b"",
        )

    def _receipt_adoption(self):
        """How the signature was adopted, as the signing page reported it
        with the signature (``adoption`` among the device details)."""
        entry = self.request_id.sudo().audit_ids.filtered(
            lambda e: e.event == "signed" and e.signer_id == self)[-1:]
        try:
            reported = json.loads(entry.device or "{}").get("adoption")
        except (TypeError, ValueError):
            reported = None
        words = {"drawn": _("Drawn on the signing page"),
                 "typed": _("Typed, shown in a handwriting font"),
                 "uploaded": _("Uploaded as an image")}
        if not self.signature:
            return ""
        return words.get(reported, _("Adopted on the signing page (drawn, typed or uploaded: "
                                     "the page did not say which)"))
