"""What a signer does through the public signing page.

Every method here is called by the controller on a signer it found through
:meth:`_get_by_token`, as superuser; each one re-checks the signer's state
under a row lock, so two tabs or two retried requests act once.
"""

import base64
import hashlib
import json
import secrets
import time
from datetime import datetime

from odoo import _, api, fields, models
from odoo.tools.misc import consteq, format_date
from odoo.tools.misc import hmac as server_hmac

from ..tools import images, masking, otp, tokens
from ..tools.errors import ImageRejected, OtpError
from .esign_errors import SigningError, translated_message
from .esign_evidence import as_flow

OTP_POLICY = otp.OtpPolicy()
# How long a passed one-time code lets the signer sign, in the browser that
# passed it, before asking again.
OTP_SESSION_SECONDS = 3600
# Marks the digest of a signer's evidence in their "signed" audit entry.
EVIDENCE_DIGEST_PREFIX = "evidence sha256 "
# A "link opened" entry is kept once per signer and address in this window.
OPENED_LOG_WINDOW_SECONDS = 600
MAX_TEXT_LENGTH = 500
MAX_REASON_LENGTH = 2000
# SMS pumping guards, on top of the per-signer throttle of OTP_POLICY.
# Overridable with system parameters esign_base.otp_max_per_ip_hour and
# esign_base.otp_max_per_minute.
OTP_MAX_PER_IP_HOUR = 20
OTP_MAX_PER_MINUTE = 60


class EsignSigner(models.Model):
    _inherit = "esign.signer"

    @api.model
    def _get_by_token(self, signer_id, token):
        """The signer behind a link if the link still works, else an empty set.

        Unknown ids, wrong tokens, recalled, expired and declined links all
        give the same empty answer, so a caller learns nothing from it.
        """
        signer = self.sudo().browse(int(signer_id)).exists() if signer_id else self.sudo()
        if not signer or not tokens.tokens_equal(signer.access_token, token):
            return self.sudo().browse()
        request = signer.request_id
        if signer.state == "to_sign" and request._is_open_for_signing():
            return signer
        if signer.state == "signed" and request.state in ("sent", "signed"):
            return signer
        return self.sudo().browse()

    def _lock(self):
        """Lock this signer's row; a concurrent signer of the same link
        then fails to serialize and is retried by Odoo with fresh data."""
        self.ensure_one()
        self.env.cr.execute("SELECT id FROM esign_signer WHERE id = %s FOR UPDATE", [self.id])
        self.invalidate_recordset()

    # ------------------------------------------------------------------ page

    def _public_config(self, otp_proof=None):
        """What the signing page shows this signer, and nothing more."""
        self.ensure_one()
        request = self.request_id
        own = self._own_fields()
        others = request.field_ids - own
        return {
            "accessUrl": self.access_url,
            "documentUrl": f"{self.access_url}/document",
            "downloadUrl": f"{self.access_url}/download" if request.signed_document else None,
            "documentName": request.name,
            "companyName": request.company_id.name,
            "signerName": self.partner_id.name,
            "state": self.state,
            "otpRequired": self.auth_method == "sms",
            "otpVerified": self._otp_session_open(otp_proof),
            "phoneMasked": masking.mask_phone(self.phone_e164 or ""),
            "pages": [{"width": p["width"], "height": p["height"]}
                      for p in request.page_geometry or []],
            "fields": [self._field_config(field) for field in own],
            "otherFields": [{key: field[key] for key in
                             ("page", "pos_x", "pos_y", "width", "height")}
                            | {"type": field.field_type} for field in others],
        }

    def _own_fields(self):
        """This signer's fields as sent (``esign.request.field``)."""
        return self.request_id.field_ids.filtered(lambda f: f.role_id == self.role_id)

    def _field_config(self, field):
        return {
            "id": field.field_key, "type": field.field_type, "page": field.page,
            "pos_x": field.pos_x, "pos_y": field.pos_y,
            "width": field.width, "height": field.height,
            "required": field.required, "label": field.display_name,
            "value": self._prefill(field), "readonly": self._is_readonly(field),
            **self._field_config_extra(field),
        }

    @staticmethod
    def _is_readonly(field):
        return field.field_type == "date" or bool(field.value and not field.editable)

    def _prefill(self, field):
        if field.value:
            return field.value
        partner = self.partner_id
        return {
            "name": partner.name or "",
            "email": partner.email or "",
            "phone": partner.mobile or partner.phone or "",
            "date": format_date(self.env, fields.Date.context_today(self),
                                lang_code=partner.lang),
        }.get(field.field_type, "")

    def _record_opened(self, client):
        """Log a visit, once per signer and address in a ten-minute window:
        a reloading page or a script must not swell the evidence."""
        self.ensure_one()
        log = self.env["esign.audit.log"]
        if not log._recent_count("opened", OPENED_LOG_WINDOW_SECONDS, ip_address=client.get("ip"),
                                 signer=self):
            self.request_id._log("opened", signer=self, client=client)
        return {"ok": True}

    # --------------------------------------------------------- one-time code

    def _otp_state(self):
        return otp.OtpState(
            code_hash=self.otp_code_hash or None, salt=self.otp_salt or None,
            issued_at=self.otp_issued_at or None, attempts=self.otp_attempts,
            sends=self.otp_sends, last_sent_at=self.otp_last_sent_at or None,
        )

    def _otp_secret(self):
        """Key of the codes' HMAC, derived from the database secret: never
        stored beside the hashes."""
        return server_hmac(self.env(su=True), "esign_base.otp", "code-hash-key").encode()

    def _store_otp_state(self, state):
        """Persist the code state. A passed code opens a new session: the
        proof handed to that browser names it, older proofs stop working."""
        values = {
            "otp_code_hash": state.code_hash or False, "otp_salt": state.salt or False,
            "otp_issued_at": state.issued_at or False, "otp_attempts": state.attempts,
            "otp_sends": state.sends, "otp_last_sent_at": state.last_sent_at or False,
        }
        if state.verified:
            values["otp_verified_at"] = fields.Datetime.now()
            values["otp_session_key"] = secrets.token_urlsafe(24)
        as_flow(self).write(values)

    def _otp_proof_mac(self, expires):
        return server_hmac(self.env(su=True), "esign_base.otp_session",
                           f"{self.id}:{self.otp_session_key}:{expires}")

    def _new_otp_proof(self):
        """What the browser that passed the code keeps (in an HttpOnly cookie)."""
        expires = int(time.time()) + OTP_SESSION_SECONDS
        return f"{expires}.{self._otp_proof_mac(expires)}"

    def _otp_session_open(self, proof):
        """Whether ``proof`` (from the browser's cookie) shows that this very
        browser passed this signer's current code less than an hour ago."""
        if self.auth_method != "sms" or not self.otp_session_key or not proof:
            return False
        expires, _sep, mac = str(proof).partition(".")
        if not expires.isdigit() or int(expires) < time.time():
            return False
        return consteq(mac, self._otp_proof_mac(int(expires)))

    def _send_otp(self, client):
        """Queue an SMS with a fresh code; sent after commit by the SMS queue."""
        self.ensure_one()
        self._lock()
        self._check_can_act()
        if self.auth_method != "sms":
            raise SigningError(_("This signer does not use a code."), code="otp_not_needed")
        self._check_sms_flood(client)
        try:
            code, state = otp.issue(self._otp_state(), datetime.now(), OTP_POLICY,
                                    secret=self._otp_secret())
        except OtpError as err:
            raise SigningError(translated_message(self.env, err), code=err.code, status=429,
                               **err.params) from None
        sms = self.env["sms.sms"].sudo().create({
            "number": self.phone_e164,
            "partner_id": self.partner_id.id,
            "body": _("%(code)s is your code to sign “%(document)s”. "
                      "It expires in %(minutes)s minutes.",
                      code=code, document=self.request_id.name,
                      minutes=OTP_POLICY.ttl_seconds // 60),
        })
        self._store_otp_state(state)
        as_flow(self).otp_sms_id = sms
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()
        self.request_id._log("code_sent", signer=self, client=client,
                             details=_("Code sent by SMS to %(phone)s",
                                       phone=masking.mask_phone(self.phone_e164)))
        return {"ok": True, "resend_in": OTP_POLICY.resend_interval_seconds,
                "expires_in": OTP_POLICY.ttl_seconds}

    def _check_sms_flood(self, client):
        """Refuse to send when one address, or everyone together, asks too often."""
        params = self.env["ir.config_parameter"].sudo()
        per_ip = int(params.get_param("esign_base.otp_max_per_ip_hour", OTP_MAX_PER_IP_HOUR))
        per_minute = int(params.get_param("esign_base.otp_max_per_minute", OTP_MAX_PER_MINUTE))
        log = self.env["esign.audit.log"]
        ip_address = client.get("ip")
        if (ip_address and log._recent_count("code_sent", 3600, ip_address=ip_address) >= per_ip) \
                or log._recent_count("code_sent", 60) >= per_minute:
            raise SigningError(_("Too many codes were requested. Please try again later."),
                               code="otp_flood", status=429)

    def _otp_delivery(self):
        """Whether the last code's SMS left: queued, sent or failed."""
        self.ensure_one()
        sms = self.otp_sms_id.exists()
        if not sms:
            return {"ok": True, "delivery": "none"}
        if sms.state == "error":
            return {"ok": True, "delivery": "failed", "message": _(
                "We could not send the text message. Signing stays blocked until a code "
                "reaches you; please try again later or contact the sender.")}
        queued = sms.state in ("outgoing", "process")
        return {"ok": True, "delivery": "queued" if queued else "sent"}

    def _verify_otp(self, code, client):
        """Check a code. A wrong code is *answered*, not raised, so that the
        spent attempt and its audit entry are committed."""
        self.ensure_one()
        self._lock()
        self._check_can_act()
        try:
            state = otp.check_code(self._otp_state(), str(code or ""), datetime.now(), OTP_POLICY,
                                   secret=self._otp_secret())
        except OtpError as err:
            if getattr(err, "state", None) is not None:
                self._store_otp_state(err.state)
            self.request_id._log("code_failed", signer=self, client=client, details=err.code)
            return SigningError(translated_message(self.env, err), code=err.code, status=403,
                                **err.params).as_answer()
        self._store_otp_state(state)
        self.request_id._log("code_passed", signer=self, client=client)
        return {"ok": True, "otp_proof": self._new_otp_proof()}

    # ----------------------------------------------------------------- sign

    def _check_can_act(self):
        if self.state != "to_sign" or not self.request_id._is_open_for_signing():
            raise SigningError(_("This document can no longer be signed through this link."),
                               code="closed", status=409)

    def _submit(self, values, signature, client):
        """Sign once: validate every value, store them, move the request on."""
        self.ensure_one()
        self._lock()
        if self.state == "signed":
            return {"ok": True, "state": "signed", "already": True,
                    "request_state": self.request_id.state}
        self._check_can_act()
        if self.auth_method == "sms" and not self._otp_session_open(client.get("otp_proof")):
            raise SigningError(_("Enter the code we sent you by SMS before signing."),
                               code="otp_required", status=403)
        stored, pictures = self._collect_values(values if isinstance(values, dict) else {},
                                                signature)
        as_flow(self).write({"values": stored, **pictures, "state": "signed",
                             "signed_on": fields.Datetime.now(), "signed_ip": client.get("ip")})
        self._log_signed(client=client)
        self.request_id._on_signer_signed(self)
        return {"ok": True, "state": "signed", "request_state": self.request_id.state}

    def _log_signed(self, client=None, actor=None, note=None):
        """Snapshot who signed and log it with the digest of what they put on
        the document; the seal job recomputes the digest before sealing."""
        self.ensure_one()
        partner = self.partner_id
        as_flow(self).write({"signed_name": partner.name or "", "signed_email": partner.email})
        details = f"{EVIDENCE_DIGEST_PREFIX}{self._evidence_digest()}"
        if note:
            details = f"{note} · {details}"
        self.request_id._log("signed", signer=self, client=client, actor=actor, details=details)

    def _evidence_digest(self):
        """SHA-256 over this signer's values, images and identity snapshot."""
        self.ensure_one()
        signer = self.sudo().with_context(bin_size=False)
        images_sha = {kind: hashlib.sha256(base64.b64decode(signer[kind] or b"")).hexdigest()
                      for kind in ("signature", "initials", "stamp")}
        payload = {"values": signer.values or {}, "images": images_sha,
                   "name": signer.signed_name or "", "email": signer.signed_email or ""}
        return hashlib.sha256(
            json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()

    def _signed_evidence_intact(self):
        """Whether the values and images are still those the "signed" entry
        recorded (a change through any back door breaks this)."""
        self.ensure_one()
        entry = self.request_id.sudo().audit_ids.filtered(
            lambda e: e.event == "signed" and e.signer_id == self)[-1:]
        recorded = (entry.details or "").rpartition(EVIDENCE_DIGEST_PREFIX)[2]
        return bool(recorded) and consteq(recorded, self._evidence_digest())

    def _collect_picture(self, field, raw, signature, pictures):
        """Signature and initials default to the drawn signature; a stamp
        must be given. The first image of a kind is the signer's."""
        slot = field.field_type
        if slot in pictures:
            return
        data_url = raw if isinstance(raw, str) and raw else None
        if not data_url and slot != "stamp":
            data_url = signature if isinstance(signature, str) and signature else None
        if not data_url:
            if field.required:
                raise SigningError(_("“%(label)s” is required.", label=field.display_name),
                                   code="field_required", field_id=field.id)
            return
        try:
            png = images.decode_signature_image(data_url)
        except ImageRejected as err:
            raise SigningError(translated_message(self.env, err), code=err.code,
                               field_id=field.id) from None
        pictures[slot] = base64.b64encode(png)

    def _decline(self, reason, client):
        self.ensure_one()
        self._lock()
        self._check_can_act()
        reason = " ".join(str(reason or "").split())[:MAX_REASON_LENGTH]
        if not reason:
            raise SigningError(_("Tell the sender why you decline."), code="reason_required")
        as_flow(self).write({"state": "declined", "decline_reason": reason})
        self.request_id._log("declined", signer=self, client=client, details=reason)
        self.request_id._on_signer_declined(self, reason)
        return {"ok": True, "state": "declined"}
