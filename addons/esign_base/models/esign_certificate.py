import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import certificates
from ..tools.errors import CertificateError
from .esign_errors import user_error


class EsignCertificate(models.Model):
    """A company's PKCS#12 certificate, used to seal finished documents."""

    _name = "esign.certificate"
    _description = "Sealing certificate"
    _order = "create_date desc, id desc"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    pkcs12 = fields.Binary(
        "PKCS#12 file", required=True, attachment=True, groups="esign_base.group_esign_manager"
    )
    pkcs12_password = fields.Char(
        "Password", groups="esign_base.group_esign_manager", copy=False
    )
    subject = fields.Char(readonly=True)
    issuer = fields.Char(readonly=True)
    serial = fields.Char(readonly=True)
    not_before = fields.Datetime("Valid from", readonly=True)
    not_after = fields.Datetime("Valid until", readonly=True)
    sha256 = fields.Char("SHA-256", readonly=True, index=True)
    self_signed = fields.Boolean(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.update(
                self._read_certificate_values(vals.get("pkcs12"), vals.get("pkcs12_password"))
            )
        return super().create(vals_list)

    def write(self, vals):
        if "pkcs12" in vals or "pkcs12_password" in vals:
            for certificate in self:
                data = vals.get("pkcs12") or certificate.pkcs12
                password = vals.get("pkcs12_password", certificate.pkcs12_password)
                super(EsignCertificate, certificate).write(
                    {**vals, **self._read_certificate_values(data, password)}
                )
            return True
        return super().write(vals)

    @api.model
    def _read_certificate_values(self, data, password):
        if not data:
            raise UserError(_("Upload a PKCS#12 (.p12 or .pfx) file."))
        try:
            info = certificates.read_pkcs12(base64.b64decode(data), password or "")
        except CertificateError as err:
            raise user_error(self.env, err) from None
        return {
            "subject": info.subject,
            "issuer": info.issuer,
            "serial": info.serial,
            "not_before": info.not_before.replace(tzinfo=None),
            "not_after": info.not_after.replace(tzinfo=None),
            "sha256": info.sha256,
            "self_signed": info.self_signed,
        }

    def _pkcs12_bytes(self):
        self.ensure_one()
        return base64.b64decode(self.sudo().with_context(bin_size=False).pkcs12)

    @api.model
    def _company_certificate(self, company):
        """The certificate that seals ``company``'s documents.

        Without one, a self-signed certificate is made once and kept; the
        company row is locked so that two workers sealing at the same moment
        do not each make their own.
        """
        if company.esign_certificate_id.active:
            return company.esign_certificate_id
        self.env.cr.execute("SELECT id FROM res_company WHERE id = %s FOR UPDATE", [company.id])
        company.invalidate_recordset(["esign_certificate_id"])
        if company.esign_certificate_id.active:
            return company.esign_certificate_id
        data, password = certificates.make_self_signed(
            company.name or "Company", company.name or "Company", company.country_id.code or None
        )
        certificate = self.sudo().create(
            {
                "name": _("%(company)s (self-signed)", company=company.name),
                "company_id": company.id,
                "pkcs12": base64.b64encode(data),
                "pkcs12_password": password,
            }
        )
        company.sudo().esign_certificate_id = certificate
        return certificate
