import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import certificates
from ..tools.errors import CertificateError
from .esign_errors import user_error


class EsignCertificate(models.Model):
    """A company's PKCS#12 certificate, used to seal finished documents.

    The key file and its password are write-only: Settings administrators
    upload them, nobody reads them back through the ORM (not even they).
    They live in two columns that are not fields, read by the seal only.
    """

    _name = "esign.certificate"
    _description = "Sealing certificate"
    _order = "create_date desc, id desc"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    pkcs12 = fields.Binary(
        "PKCS#12 file", compute="_compute_secrets", inverse="_inverse_secrets",
        groups="base.group_system",
        help="Write-only: the file is kept for sealing and never shown again.",
    )
    pkcs12_password = fields.Char(
        "Password", compute="_compute_secrets", inverse="_inverse_secrets",
        groups="base.group_system", copy=False,
        help="Write-only: kept for sealing and never shown again.",
    )
    has_key = fields.Boolean("Key stored", compute="_compute_has_key")
    subject = fields.Char(readonly=True)
    issuer = fields.Char(readonly=True)
    serial = fields.Char(readonly=True)
    not_before = fields.Datetime("Valid from", readonly=True)
    not_after = fields.Datetime("Valid until", readonly=True)
    sha256 = fields.Char("SHA-256", readonly=True, index=True)
    self_signed = fields.Boolean(readonly=True)

    def init(self):
        self.env.cr.execute("""
            ALTER TABLE esign_certificate
                ADD COLUMN IF NOT EXISTS secret_pkcs12 bytea,
                ADD COLUMN IF NOT EXISTS secret_password text
        """)

    def _compute_secrets(self):
        for certificate in self:
            certificate.pkcs12 = False
            certificate.pkcs12_password = False

    def _inverse_secrets(self):
        # Stored by create/write below, which see both values together.
        return

    def _compute_has_key(self):
        self.env.cr.execute(
            "SELECT id FROM esign_certificate WHERE id = ANY(%s) AND secret_pkcs12 IS NOT NULL",
            [self.ids])
        stored = {row[0] for row in self.env.cr.fetchall()}
        for certificate in self:
            certificate.has_key = certificate.id in stored

    @api.model_create_multi
    def create(self, vals_list):
        secrets = []
        for vals in vals_list:
            data, password = vals.pop("pkcs12", None), vals.pop("pkcs12_password", None)
            vals.update(self._read_certificate_values(data, password))
            secrets.append((data, password))
        records = super().create(vals_list)
        for certificate, (data, password) in zip(records, secrets):
            certificate._store_secrets(data, password)
        return records

    def write(self, vals):
        if "pkcs12" in vals or "pkcs12_password" in vals:
            if not self.env.is_system():
                raise AccessError(_("Only Settings administrators can change a certificate's key."))
            vals = dict(vals)
            data, password = vals.pop("pkcs12", None), vals.pop("pkcs12_password", None)
            for certificate in self:
                data = data or base64.b64encode(certificate._pkcs12_bytes())
                password = password if password is not None else certificate._pkcs12_password()
                super(EsignCertificate, certificate).write(
                    {**vals, **self._read_certificate_values(data, password)})
                certificate._store_secrets(data, password)
            return True
        return super().write(vals)

    def _store_secrets(self, data, password):
        self.ensure_one()
        self.env.cr.execute(
            "UPDATE esign_certificate SET secret_pkcs12 = %s, secret_password = %s WHERE id = %s",
            [base64.b64decode(data), password or "", self.id])

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
        self.env.cr.execute("SELECT secret_pkcs12 FROM esign_certificate WHERE id = %s",
                            [self.id])
        row = self.env.cr.fetchone()
        return bytes(row[0]) if row and row[0] else b""

    def _pkcs12_password(self):
        self.ensure_one()
        self.env.cr.execute("SELECT secret_password FROM esign_certificate WHERE id = %s",
                            [self.id])
        row = self.env.cr.fetchone()
        return row[0] if row else ""

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
