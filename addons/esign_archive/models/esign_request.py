import logging

from odoo import _, models

_logger = logging.getLogger(__name__)


class EsignRequest(models.Model):
    _inherit = "esign.request"

    def _on_sealed(self):
        """After a seal: file the request where the first matching rule says.

        Filing runs in a savepoint and only logs a failure: it never undoes
        the seal. Requests no rule matches wait for a manual "Archive".
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
        except Exception:  # noqa: BLE001 - a filing failure must never undo the seal
            _logger.warning("Filing request %s in the archive failed", self.id, exc_info=True)

    def action_archive(self):
        """File each request; return the entry ids, one per request, in order.

        A request filed before returns its existing entry. Raises when a
        request is not sealed or the user may not file into its directory.
        """
        entries = self.env["esign.archive.entry"]
        return [entries._file_request(request).id for request in self]

    def action_archive_report(self):
        """The "Archive" button and list action: file each, say how each went."""
        lines, failed = [], False
        for request in self:
            try:
                with self.env.cr.savepoint():
                    entry = self.env["esign.archive.entry"]._file_request(request)
                lines.append(_("%(request)s: filed as %(path)s / %(name)s",
                               request=request.display_name,
                               path=entry.sudo().directory_id.complete_name,
                               name=entry.sudo().name))
            except Exception as err:  # noqa: BLE001 - reported per record, others go on
                failed = True
                message = getattr(err, "args", [""])[0] or err.__class__.__name__
                lines.append(_("%(request)s: not filed (%(error)s)",
                               request=request.display_name, error=message))
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
