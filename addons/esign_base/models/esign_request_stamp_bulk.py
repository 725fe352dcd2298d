"""Stamping many requests in the background.

The bulk wizard (``wizard/esign_seal_bulk.py``) works small selections at
once; larger ones are queued here: each request remembers who asked
(``seal_bulk_user_id``) and a cron applies the seals *as that user*, one
savepoint and one commit per request, then tells the user how it ended.
The queue fields are set by this flow only, so nobody can queue stamping
in another user's name over RPC.
"""

import threading

from odoo import _, api, fields, models

from .esign_evidence import as_flow, check_evidence_write

BULK_STATES = [
    ("none", "Not queued"),
    ("queued", "Queued for stamping"),
    ("done", "Stamped"),
    ("failed", "Stamping failed"),
]
# Requests stamped per cron run before it hands over to a fresh run.
BULK_BATCH = 50
_BULK_FIELDS = ("seal_bulk_state", "seal_bulk_user_id", "seal_bulk_message")


class EsignRequest(models.Model):
    _inherit = "esign.request"

    seal_bulk_state = fields.Selection(BULK_STATES, "Bulk stamping", default="none",
                                       required=True, readonly=True, copy=False, index=True)
    seal_bulk_user_id = fields.Many2one("res.users", "Stamping asked by", readonly=True,
                                        copy=False)
    seal_bulk_message = fields.Char("Stamping result", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_evidence_write(self, vals, _BULK_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_evidence_write(self, vals, _BULK_FIELDS)
        return super().write(vals)

    def _seal_bulk_amount(self):
        """The amount the document is about, when an extension knows it
        (a sale order, an invoice); empty here."""
        self.ensure_one()
        return ""

    def _seal_bulk_counterparty(self):
        """The parties other than the ones whose role takes the seal."""
        self.ensure_one()
        seal_roles = set(self._stamp_slots())
        others = self.sudo().signer_ids.filtered(lambda s: s.role_id not in seal_roles)
        return ", ".join(others.partner_id.mapped("display_name"))

    def _queue_bulk_stamp(self):
        """Queue these requests for stamping as the current user."""
        self.check_access("read")
        # The notification at the end counts this run only.
        as_flow(self.sudo().search([("seal_bulk_user_id", "=", self.env.uid),
                                    ("seal_bulk_state", "in", ("done", "failed")),
                                    ("id", "not in", self.ids)])).write({"seal_bulk_state": "none"})
        as_flow(self.sudo()).write({"seal_bulk_state": "queued",
                                    "seal_bulk_user_id": self.env.uid,
                                    "seal_bulk_message": False})
        self.env.ref("esign_base.ir_cron_seal_bulk")._trigger()

    def action_retry_bulk_stamp(self):
        """Queue again the requests whose stamping failed."""
        self.filtered(lambda r: r.seal_bulk_state == "failed")._queue_bulk_stamp()
        return True

    @api.model
    def _cron_bulk_stamp(self):
        testing = getattr(threading.current_thread(), "testing", False)
        finished = self.env["res.users"]
        for _index in range(BULK_BATCH):
            request = self._claim_next_bulk()
            if not request:
                break
            request._bulk_stamp_one()
            if not self.sudo().search_count([("seal_bulk_state", "=", "queued"),
                                             ("seal_bulk_user_id", "=",
                                              request.seal_bulk_user_id.id)]):
                finished |= request.seal_bulk_user_id
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        for user in finished:
            self._notify_bulk_done(user)
        if self._claim_next_bulk(lock=False):
            self.env.ref("esign_base.ir_cron_seal_bulk")._trigger()

    @api.model
    def _claim_next_bulk(self, lock=True):
        self.flush_model(["seal_bulk_state"])
        if lock:
            self.env.cr.execute("SELECT id FROM esign_request WHERE seal_bulk_state = 'queued' "
                                "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")
        else:
            self.env.cr.execute("SELECT id FROM esign_request WHERE seal_bulk_state = 'queued' "
                                "ORDER BY id LIMIT 1")
        row = self.env.cr.fetchone()
        return self.sudo().browse(row[0]) if row else self.browse()

    def _bulk_stamp_one(self):
        self.ensure_one()
        user = self.seal_bulk_user_id
        result = self.with_user(user).action_apply_seal()[0]
        as_flow(self.sudo()).write({"seal_bulk_state": "done" if result["ok"] else "failed",
                                    "seal_bulk_message": result["message"][:250]})

    @api.model
    def _notify_bulk_done(self, user):
        """Tell ``user`` (live notification and inbox) that their stamping ended."""
        requests = self.sudo().search([("seal_bulk_user_id", "=", user.id),
                                       ("seal_bulk_state", "in", ("done", "failed"))])
        failed = requests.filtered(lambda r: r.seal_bulk_state == "failed")
        message = _("Bulk stamping finished: %(done)s stamped, %(failed)s failed.",
                    done=len(requests) - len(failed), failed=len(failed))
        user._bus_send("simple_notification", {
            "type": "warning" if failed else "success", "title": _("Company seal"),
            "message": message, "sticky": bool(failed)})
        requests[:1].message_notify(partner_ids=user.partner_id.ids, body=message,
                                    subject=_("Bulk stamping finished"))
