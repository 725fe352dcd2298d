import logging

from odoo import _, api, fields, models
from odoo.addons.esign_base.models.esign_request import EsignRequest as BaseRequest
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as MET_ANOTHER

_logger = logging.getLogger(__name__)
RETRY_BATCH = 50


class EsignRequest(models.Model):
    _inherit = "esign.request"

    # Set by the seal job's filing only, never over RPC (see esign_base's evidence guard).
    _EVIDENCE_FIELDS = (*BaseRequest._EVIDENCE_FIELDS, "archive_pending")

    archive_pending = fields.Boolean(
        "Filing pending", readonly=True, copy=False, index="btree_not_null",
        help="Automatic filing met another filing at the same moment and is tried again "
        "shortly.")

    def _on_sealed(self):
        """After a seal: file the request where the first matching rule says.

        Filing runs in a savepoint and only logs a failure: it never undoes
        the seal. One that met another filing at the same moment (see
        ``esign_archive_directory_lock.py``) is marked and filed again by
        the job ``esign_archive.ir_cron_file_pending``. Requests no rule
        matches wait for a manual "Archive".
        """
        result = super()._on_sealed()
        for request in self:
            request._archive_after_seal()
        return result

    def _archive_after_seal(self):
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self.env["esign.archive.entry"]._file_request(self, automatic=True)
        except MET_ANOTHER:
            _logger.info("Filing request %s met another filing; it is filed again shortly",
                         self.id)
            self._mark_archive_pending(True)
            self.env.ref("esign_archive.ir_cron_file_pending")._trigger()
        except Exception:  # noqa: BLE001 - a filing failure must never undo the seal
            _logger.warning("Filing request %s in the archive failed", self.id, exc_info=True)

    def _mark_archive_pending(self, pending):
        # SQL: the flag is evidence-guarded against writes, and a sealed
        # request's write() has nothing else to do here.
        self.env.cr.execute("UPDATE esign_request SET archive_pending = %s WHERE id = ANY(%s)",
                            [pending or None, self.ids])
        self.invalidate_recordset(["archive_pending"])

    @api.model
    def _cron_file_pending(self):
        """File again the requests whose automatic filing met another one."""
        pending = self.sudo().search([("archive_pending", "=", True)], limit=RETRY_BATCH)
        for request in pending:
            request._mark_archive_pending(False)
            request._archive_after_seal()
        if len(pending) == RETRY_BATCH:
            self.env.ref("esign_archive.ir_cron_file_pending")._trigger()
        return len(pending)

    def action_archive(self):
        """File each request; return the entry ids, one per request, in order.

        A request filed before returns its existing entry. Raises when the
        user may not read a request, when a request is not sealed, or when
        the user may not file into its directory.
        """
        self.check_access("read")
        entries = self.env["esign.archive.entry"]._file_requests(self)
        return [entry.id for entry in entries]

    def action_archive_report(self):
        """The "Archive" button and list action: file each, say how each went.

        All are filed together; when that fails, each is filed on its own so
        that the others still go in and the report says which failed and why.
        Meeting another filing at the same moment is no failure of a request:
        it goes up, and the server runs the whole call again in a fresh
        transaction, which sees what the other filed.
        """
        try:
            with self.env.cr.savepoint():
                results = list(zip(self, self.env["esign.archive.entry"]._file_requests(self),
                                   strict=True))
        except MET_ANOTHER:
            raise
        except Exception:  # noqa: BLE001 - retried one by one below, errors reported
            results = [(request, request._archive_one()) for request in self]
        lines, failed = [], False
        for request, outcome in results:
            if isinstance(outcome, Exception):
                failed = True
                message = getattr(outcome, "args", [""])[0] or outcome.__class__.__name__
                lines.append(_("%(request)s: not filed (%(error)s)",
                               request=request.display_name, error=message))
            else:
                lines.append(_("%(request)s: filed as %(path)s / %(name)s",
                               request=request.display_name,
                               path=outcome.sudo().directory_id.complete_name,
                               name=outcome.sudo().name))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if failed else "success",
                "sticky": failed,
                "title": _("Archive"),
                "message": "\n".join(lines),
            },
        }

    def _archive_one(self):
        """File this request in its own savepoint: its entry, or the exception raised."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                return self.env["esign.archive.entry"]._file_request(self)
        except MET_ANOTHER:
            raise
        except Exception as err:  # noqa: BLE001 - reported per record, others go on
            return err
