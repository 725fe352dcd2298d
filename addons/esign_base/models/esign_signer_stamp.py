"""A signer's stamp fields that take a company seal.

Such a field is never filled by an upload: the seal's own image goes there,
applied by a user allowed to (from the request, an approval, or on the
signing page by a logged-in user signing as the company).
"""

from odoo import _, fields, models

from .esign_errors import SigningError
from .esign_evidence import as_flow


class EsignSigner(models.Model):
    _inherit = "esign.signer"

    def _only_stamps_to_fill(self):
        """Whether this signer's role owns seal stamp fields and nothing else."""
        own = self._own_fields()
        return bool(own) and all(f.field_type == "stamp" and f.seal_id for f in own)

    def _stamp_with_seal(self, seal, user, notify=True):
        """Put ``seal``'s image in this signer's stamp, as ``user``.

        ``notify`` is False when a seal applied to the draft is moved here at
        sending (already logged then; the request invites afterwards).
        Returns this signer when the seal completed its step, else nothing.
        """
        self.ensure_one()
        self._lock()
        allowed = ("to_sign",) if notify else ("waiting", "to_sign")
        if self.state not in allowed or self.stamp:
            raise SigningError(_("%(name)s cannot be stamped now: their step is not open or "
                                 "already stamped.", name=self.partner_id.display_name),
                               code="stamp_closed", status=409)
        flow = as_flow(self)
        flow.stamp = seal._image_bytes_b64()
        if notify:
            self.request_id._log("stamped", signer=self, actor=user.name, details=seal.name)
        if not self._only_stamps_to_fill():
            return self.browse()
        flow.write({"values": {}, "state": "signed", "signed_on": fields.Datetime.now()})
        self._log_signed(actor=user.name,
                         note=_("Completed by the seal %(seal)s", seal=seal.name))
        if notify:
            self.request_id._on_signer_signed(self)
        return self

    def _field_config(self, field):
        config = super()._field_config(field)
        if field.field_type == "stamp" and field.seal_id:
            # Filled by the server with the seal, never by the page.
            config.update(readonly=True, seal=field.seal_id.name, required=False)
        return config

    def _collect_picture(self, field, raw, signature, pictures):
        """A seal's field on the signing page: applied only for a logged-in
        user allowed to apply the seal; everyone else is refused."""
        seal = field.seal_id
        if field.field_type != "stamp" or not seal:
            return super()._collect_picture(field, raw, signature, pictures)
        if "stamp" in pictures or self.stamp:
            return None
        user = self.env.user
        if user._is_public() or not seal._may_apply(user):
            raise SigningError(_("The seal “%(seal)s” must be applied by someone allowed to "
                                 "apply it before this document can be signed.",
                                 seal=seal.name), code="seal_forbidden", status=403)
        pictures["stamp"] = seal._image_bytes_b64()
        self.request_id._log("stamped", signer=self, actor=user.name, details=seal.name)
        return None
