import json

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..tools import audit_chain

AUDIT_EVENTS = [
    ("created", "Created"),
    ("sent", "Sent"),
    ("opened", "Link opened"),
    ("code_sent", "Code sent"),
    ("code_failed", "Code failed"),
    ("code_passed", "Code passed"),
    ("signed", "Signed"),
    ("declined", "Declined"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
    ("sealed", "Sealed"),
    ("seal_refused", "Seal refused"),
    ("downloaded", "Downloaded"),
    ("verified", "Verified"),
    ("stamped", "Seal applied"),
    ("approval_requested", "Seal approval requested"),
    ("approval_approved", "Seal approval step approved"),
    ("approval_rejected", "Seal approval rejected"),
]


class EsignAuditLog(models.Model):
    """Append-only, hash-chained evidence of what happened to a request.

    Each entry stores the hash of the entry before it in the same request,
    so that any change, deletion or reordering breaks the chain. Entries are
    only ever added through :meth:`_append`; ``write`` and ``unlink`` are
    refused for everyone, administrators and superuser included, and no group
    has the create right (the model appends as superuser after its own checks).
    """

    _name = "esign.audit.log"
    _description = "Signing audit trail entry"
    _order = "request_id, id"
    _log_access = True

    request_id = fields.Many2one("esign.request", required=True, readonly=True, index=True,
                                 ondelete="restrict")
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    signer_id = fields.Many2one("esign.signer", readonly=True, ondelete="restrict")
    event = fields.Selection(AUDIT_EVENTS, required=True, readonly=True, index=True)
    timestamp = fields.Datetime(required=True, readonly=True, index=True)
    actor = fields.Char(readonly=True, help="Who acted: a user, a signer, or the system.")
    ip_address = fields.Char("IP address", readonly=True, index=True)
    user_agent = fields.Char(readonly=True)
    device = fields.Char(
        readonly=True, help="Screen size, platform and time zone as the page reported them."
    )
    details = fields.Char(readonly=True)
    previous_hash = fields.Char(readonly=True)
    entry_hash = fields.Char(readonly=True, index=True)

    def write(self, vals):  # pylint: disable=method-required-super
        raise AccessError(_("Audit trail entries cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        raise AccessError(_("Audit trail entries cannot be deleted."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("esign_audit_append"):
            raise AccessError(_("Audit trail entries can only be added by the signing process."))
        return super().create(vals_list)

    @api.model
    def _append(self, request, event, signer=None, actor=None, details=None, client=None):
        """Add one entry at the end of ``request``'s chain.

        The request row is locked first so that two signers acting at the
        same moment append one after the other instead of forking the chain.
        ``client`` carries ``ip``, ``user_agent`` and ``device`` of an HTTP
        request when there is one.
        """
        client = client or {}
        previous_hash = self._lock_chain_head(request)
        values = {
            "request_id": request.id,
            "signer_id": signer.id if signer else False,
            "event": event,
            "timestamp": fields.Datetime.now(),
            "actor": actor or (signer.partner_id.name if signer else self.env.user.name),
            "ip_address": client.get("ip") or False,
            "user_agent": (client.get("user_agent") or "")[:512] or False,
            "device": _device_text(client.get("device")),
            "details": (details or "")[:1000] or False,
        }
        values["previous_hash"] = previous_hash
        values["entry_hash"] = audit_chain.entry_hash(previous_hash, _payload(values))
        entry = self.sudo().with_context(esign_audit_append=True).create(values)
        self.env.cr.execute(
            "UPDATE esign_request SET audit_head = %s WHERE id = %s",
            [values["entry_hash"], request.id],
        )
        request.invalidate_recordset(["audit_head"])
        return entry

    def _lock_chain_head(self, request):
        """Lock the request row and return the hash the next entry chains to.

        Every append *updates* that row, so under PostgreSQL's repeatable
        read a concurrent appender fails with a serialization error and Odoo
        retries it with a fresh snapshot, instead of forking the chain.
        """
        request.flush_recordset()
        self.env.cr.execute(
            "SELECT audit_head FROM esign_request WHERE id = %s FOR UPDATE", [request.id]
        )
        row = self.env.cr.fetchone()
        return (row and row[0]) or audit_chain.GENESIS

    @api.model
    def _drop_trails_of_drafts(self, requests):
        """Remove the trail of requests deleted as drafts (never sent, so
        it holds only "created"). Refused for anything else."""
        if any(request.state != "draft" for request in requests):
            raise AccessError(_("Audit trail entries cannot be deleted."))
        self.env.cr.execute("DELETE FROM esign_audit_log WHERE request_id = ANY(%s)",
                            [list(requests.ids)])
        self.invalidate_model()

    @api.model
    def _recent_count(self, event, seconds, ip_address=None, request=None, signer=None):
        """How many ``event`` entries the last ``seconds`` hold, optionally
        from one IP address or for one request: the database remembers
        across workers and restarts, so throttles hold everywhere."""
        domain = [("event", "=", event),
                  ("timestamp", ">=", fields.Datetime.subtract(fields.Datetime.now(),
                                                               seconds=seconds))]
        if ip_address:
            domain.append(("ip_address", "=", ip_address))
        if request:
            domain.append(("request_id", "=", request.id))
        if signer:
            domain.append(("signer_id", "=", signer.id))
        return self.sudo().search_count(domain)

    def _chain_report(self):
        """Verify the chain formed by these entries (one request's, in order)."""
        entries = [(e.previous_hash, _payload(e._read_payload()), e.entry_hash) for e in self]
        return audit_chain.verify_chain(entries)

    def _read_payload(self):
        self.ensure_one()
        return {
            "request_id": self.request_id.id,
            "signer_id": self.signer_id.id,
            "event": self.event,
            "timestamp": self.timestamp,
            "actor": self.actor,
            "ip_address": self.ip_address,
            "user_agent": self.user_agent,
            "device": self.device,
            "details": self.details,
        }


def _payload(values):
    """The hashed content of an entry, in a form that reads back identically."""
    timestamp = values["timestamp"]
    return {
        "request": values["request_id"],
        "signer": values["signer_id"] or None,
        "event": values["event"],
        "at": fields.Datetime.to_string(timestamp),
        "actor": values["actor"] or None,
        "ip": values["ip_address"] or None,
        "ua": values["user_agent"] or None,
        "device": values["device"] or None,
        "details": values["details"] or None,
    }


def _device_text(device):
    """Keep a bounded, plain-text summary of what the page reported."""
    if not isinstance(device, dict):
        return False
    keys = ("screen", "platform", "timezone", "language", "adoption")
    kept = {key: str(device[key])[:80] for key in keys if device.get(key)}
    return json.dumps(kept, sort_keys=True) if kept else False
