"""Filing: how documents enter the archive.

Two ways in: a sealed signing request (:meth:`_file_request`, used by the
seal hook and by ``esign.request.action_archive``) and any PDF attachment
(:meth:`_file_attachment`, used by the attachment wizard). Both check the
caller's right to file into the target directory, then create the entry as
superuser with the filing flag: ``create`` refuses anything else.
"""

import base64
import hashlib

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import audit_pdf, documents, names
from .esign_archive_marks import FILING, marked

PDF_MAGIC = b"%PDF-"


class EsignArchiveEntry(models.Model):
    _inherit = "esign.archive.entry"

    @api.model
    def _file_request(self, request, automatic=False):
        """File one sealed request; return its entry (the existing one if filed)."""
        request.ensure_one()
        existing = self.sudo().search([("request_id", "=", request.id)], limit=1)
        if existing:
            return existing
        if request.seal_state != "done":
            raise UserError(_("%(name)s is not sealed yet.", name=request.display_name))
        rule = self.env["esign.archive.rule"]._match(request)
        if automatic and not rule:
            return self.browse()
        partner = self._main_partner(request)
        directory = rule._target_directory(request, partner)
        if not automatic:
            directory._check_may_file()
        pdf = request._signed_bytes()
        values = self._prepare_document_values(pdf, f"{request.name}.pdf", directory)
        values.update({
            "request_id": request.id,
            "company_id": request.company_id.id,
            "partner_id": partner.id,
            "template_id": request.template_id.id,
            "fingerprint": request.fingerprint,
            "date_signed": request.date_signed or request.sealed_on,
            "audit_document": base64.b64encode(self._render_audit_trail(request)),
            "retention_until": self._retention_until(
                directory, rule.retention_years, request.date_signed),
        })
        return self._create_filed(values)

    @api.model
    def _file_attachment(self, attachment, directory):
        """File a PDF attachment of any record into ``directory``."""
        directory._check_may_file()
        attachment.check_access("read")
        pdf = attachment.sudo().raw or b""
        if not pdf.startswith(PDF_MAGIC):
            raise UserError(_("%(name)s is not a PDF.", name=attachment.name))
        values = self._prepare_document_values(pdf, attachment.name, directory)
        values.update({
            "company_id": directory.company_id.id,
            "origin_model": attachment.res_model or False,
            "origin_id": attachment.res_id or False,
            "partner_id": self._attachment_partner(attachment).id,
            "date_signed": attachment.create_date,
            "retention_until": self._retention_until(directory, 0, attachment.create_date),
        })
        return self._create_filed(values)

    @api.model
    def _attachment_partner(self, attachment):
        """The partner of the record the attachment belongs to, as a company."""
        attachment = attachment.sudo()
        partner = self.env["res.partner"]
        if not attachment.res_model or attachment.res_model not in self.env:
            return partner
        record = self.env[attachment.res_model].browse(attachment.res_id).exists()
        if record._name == "res.partner":
            return record.commercial_partner_id
        field = record._fields.get("partner_id")
        if record and field and field.comodel_name == "res.partner":
            return record.partner_id.commercial_partner_id
        return partner

    @api.model
    def _prepare_document_values(self, pdf, name, directory):
        """What every filing stores: name, copy, hash, text and thumbnail."""
        preview = documents.preview(pdf)
        if not name.lower().endswith(".pdf"):
            name = f"{name}.pdf"
        return {
            "name": self._free_name(directory, name),
            "directory_id": directory.id,
            "document": base64.b64encode(pdf),
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "text_content": preview.text or False,
            "thumbnail": base64.b64encode(preview.thumbnail) if preview.thumbnail else False,
        }

    @api.model
    def _create_filed(self, values):
        return marked(self.sudo(), FILING).create(values).sudo(False)

    @api.model
    def _free_name(self, directory, name):
        """``name`` cleaned and suffixed so it is unique in ``directory``.

        The directory row is locked first, so two filings into the same
        directory take their names one after the other.
        """
        name = names.clean_name(name)
        cr = self.env.cr
        cr.execute("SELECT id FROM esign_archive_directory WHERE id = %s FOR NO KEY UPDATE",
                   [directory.id])
        stem, _extension = names.split_extension(name)
        pattern = stem.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        cr.execute("SELECT lower(name) FROM esign_archive_entry "
                   "WHERE directory_id = %s AND lower(name) LIKE %s",
                   [directory.id, pattern + "%"])
        return names.unique_name(name, {row[0] for row in cr.fetchall()})

    @api.model
    def _main_partner(self, request):
        """The counterparty: the first signer not of the sending company, as a company."""
        request = request.sudo()
        own = request.company_id.partner_id.commercial_partner_id
        signers = request.signer_ids.sorted(lambda s: (s.sequence, s.id))
        others = signers.filtered(lambda s: s.partner_id.commercial_partner_id != own)
        return (others or signers)[:1].partner_id.commercial_partner_id

    @api.model
    def _retention_until(self, directory, rule_years, start):
        years = rule_years or directory._effective_retention_years()
        if not years:
            return False
        start = fields.Datetime.to_datetime(start) or fields.Datetime.now()
        return start.date() + relativedelta(years=years)

    @api.model
    def _render_audit_trail(self, request):
        request = request.sudo()
        header = [
            _("Request: %(name)s (%(ref)s)", name=request.name, ref=request.reference),
            _("Fingerprint: %(fp)s", fp=request.fingerprint or ""),
            _("SHA-256 of the sealed document: %(sha)s", sha=request.signed_sha256 or ""),
            _("Audit chain intact: %(ok)s",
              ok=_("yes") if request.check_audit_chain() else _("NO")),
        ]
        lines = [
            f"{fields.Datetime.to_string(log.timestamp)} UTC | {log.event} | {log.actor or ''}"
            f" | {log.ip_address or ''} | {log.details or ''} | {(log.entry_hash or '')[:16]}"
            for log in request.audit_ids.sorted("id")
        ]
        return audit_pdf.render(_("Audit trail of %(name)s", name=request.name), header, lines)
