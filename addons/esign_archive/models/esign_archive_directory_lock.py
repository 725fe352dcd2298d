"""Filing at the same moment: two transactions never take the same name.

Odoo runs each request in a REPEATABLE READ transaction: once it has begun,
it cannot see what another transaction commits. Two filings into the same
directory would each pick the free name "Contract.pdf" (or each create the
directory "ACME"), and the second would hit the unique index: an integrity
error the user sees raw.

So filing locks the directory rows it files into (and, before making a
subdirectory, its parent; before a top directory, the company) and touches
them. The second transaction waits at the lock; when the first commits,
PostgreSQL tells the second its snapshot is stale (a serialization failure,
SQLSTATE 40001). Odoo runs an RPC or HTTP request again on that error, and
the second filing then sees the first one's names, directories and entries.
The seal job's automatic filing catches it and files again later (see
``esign_request.py``).
"""

from odoo import models
from odoo.tools import SQL


class EsignArchiveDirectory(models.Model):
    _inherit = "esign.archive.directory"

    def _lock_for_filing(self):
        """Lock and touch these directories, in id order (no deadlocks)."""
        ids = sorted(self.ids)
        if ids:
            _lock_and_touch(self.env.cr, "esign_archive_directory", ids)

    def _lock_parents_for_new_children(self, companies):
        """Before making directories under ``self`` and at the top of ``companies``."""
        self._lock_for_filing()
        if companies:
            _lock_and_touch(self.env.cr, "res_company", sorted(companies.ids))


def _lock_and_touch(cr, table, ids):
    # log_exceptions=False: a serialization failure here is expected and
    # retried, not a bad query worth an ERROR line in the log.
    table = SQL.identifier(table)
    cr.execute(SQL("SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                   table, ids), log_exceptions=False)
    cr.execute(SQL("UPDATE %s SET write_date = write_date WHERE id = ANY(%s)", table, ids),
               log_exceptions=False)
