"""The values a signer submits, checked against the fields sent to them.

Values arrive keyed by ``str(field_key)``: text for text-like fields, a
number as text, a choice key, a list of choice keys, ``true``/``false`` for
a checkbox and ``{"name", "data"}`` (base64) for an attached file. A field
with a condition counts only when the field it depends on (same signer)
holds the condition's value: otherwise it is hidden, never required, and
whatever was sent for it is dropped.
"""

import hashlib

from odoo import _, models

from ..tools import field_values
from ..tools.errors import EsignError
from .esign_errors import SigningError, translated_message
from .esign_signer_portal import MAX_TEXT_LENGTH
from .esign_template_field import IMAGE_FIELD_TYPES

CHECKED = (True, 1, "1", "true", "on")


class EsignSigner(models.Model):
    _inherit = "esign.signer"

    def _field_config_extra(self, field):
        """What the signing page needs beyond a field's place and label."""
        extra = {"condition": None}
        if field.condition_key:
            extra["condition"] = {"field": field.condition_key, "value": field.condition_value}
        if field.field_type in ("select", "multiselect"):
            extra["choices"] = [{"key": key, "label": label}
                                for key, label in field._choice_list()]
        if field.field_type == "attachment":
            extra["accept"] = ",".join(field_values.ATTACHMENT_TYPES)
            extra["maxBytes"] = field_values.MAX_ATTACHMENT_BYTES
        return extra

    def _collect_values(self, values, signature):
        """Validate the submitted values against this signer's own fields;
        returns the values to store and the pictures (signature...)."""
        own = self._own_fields()
        unknown = set(values) - {str(field.field_key) for field in own}
        if unknown:
            raise SigningError(_("Some of the submitted fields are not yours to fill."),
                               code="field_unknown")
        cleaned = {str(field.field_key): self._clean_value(field, values.get(str(field.field_key)))
                   for field in own if field.field_type not in IMAGE_FIELD_TYPES}
        shown = self._shown_fields(own, cleaned)
        stored, pictures, files = {}, {}, []
        for field in shown:
            key = str(field.field_key)
            if field.field_type in IMAGE_FIELD_TYPES:
                self._collect_picture(field, values.get(key), signature, pictures)
                continue
            value = cleaned[key]
            if field.required and value in ("", [], None):
                raise SigningError(_("“%(label)s” is required.", label=field.display_name),
                                   code="field_required", field_id=field.id)
            if field.field_type == "attachment":
                if value:
                    files.append((key, value))
                continue
            stored[key] = value
        stored.update(self._store_attachments(files))
        return stored, pictures

    @staticmethod
    def _shown_fields(own, cleaned):
        """The fields whose condition holds (a field hidden hides its dependants)."""
        by_key = {field.field_key: field for field in own}
        memo = {}

        def shown(field, depth=0):
            if field.field_key not in memo:
                source = by_key.get(field.condition_key) if field.condition_key else None
                memo[field.field_key] = not field.condition_key or source is None or (
                    depth < len(by_key) and shown(source, depth + 1)
                    and field_values.condition_met(cleaned.get(str(source.field_key)),
                                                   field.condition_value))
            return memo[field.field_key]

        return own.filtered(shown)

    def _clean_value(self, field, raw):
        if self._is_readonly(field):
            prefill = self._prefill(field)
            return [k for k in prefill.split(",") if k] if field.field_type == "multiselect" \
                else prefill
        kind = field.field_type
        if kind == "checkbox":
            return "1" if raw in CHECKED else ""
        try:
            if kind == "number":
                return field_values.clean_number(raw)
            if kind == "select":
                return field_values.clean_choice(raw, field._choice_list())
            if kind == "multiselect":
                return field_values.clean_choices(raw, field._choice_list())
            if kind == "attachment":
                return field_values.clean_attachment(raw)
        except EsignError as err:
            raise SigningError(_("“%(label)s”: %(problem)s", label=field.display_name,
                                 problem=translated_message(self.env, err)),
                               code=err.code, field_id=field.id) from None
        return self._clean_text(field, raw)

    def _clean_text(self, field, raw):
        if raw is None:
            raw = self._prefill(field)
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise SigningError(_("“%(label)s” needs text.", label=field.display_name),
                               code="field_invalid", field_id=field.id)
        text = " ".join(str(raw).split())
        if len(text) > MAX_TEXT_LENGTH:
            raise SigningError(_("“%(label)s” is too long (%(max)s characters at most).",
                                 label=field.display_name, max=MAX_TEXT_LENGTH),
                               code="field_too_long", field_id=field.id)
        return text

    def _store_attachments(self, files):
        """Keep attached files with the request; the values keep their name,
        type, size and SHA-256 (evidence of what was attached)."""
        stored = {}
        for key, attachment in files:
            record = self.env["ir.attachment"].sudo().create({
                "name": attachment.name,
                "raw": attachment.data,
                "mimetype": attachment.mimetype,
                "res_model": "esign.request",
                "res_id": self.request_id.id,
                "description": _("Attached by %(signer)s", signer=self.partner_id.name),
            })
            stored[key] = {
                "name": attachment.name, "mimetype": attachment.mimetype,
                "size": len(attachment.data), "attachment_id": record.id,
                "sha256": hashlib.sha256(attachment.data).hexdigest(),
            }
        return stored
