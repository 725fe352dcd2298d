import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .esign_archive_marks import DELETING, FILING, is_marked, marked

MANAGER_GROUP = "esign_archive.group_archive_manager"
_WORDS = re.compile(r"\w+")
MAX_SEARCH_WORDS = 12
MAX_LISTED_MATCHES = 2000


class _TextQuery(str):
    """A full-text query (``tsquery`` text) on an entry's text, as the value
    of a domain leaf on ``text_content``: see ``_condition_to_sql``."""


class EsignArchiveEntry(models.Model):
    """A filed document: its own copy of the PDF, frozen when it is filed.

    Entries are only ever created by the archive's own filing methods (see
    ``esign_archive_entry_filing.py``), as superuser with a mark RPC cannot forge; no
    group has the create right. ``write`` and ``copy`` are refused for
    everyone. ``unlink`` is allowed to an archive manager once the retention
    date has passed and no legal hold applies, and it is logged first in
    ``esign.archive.deletion.log``.

    Filing stores the copy, its hash and the metadata at once and leaves
    the entry "to index"; a background job then reads the text, draws the
    first-page thumbnail and the audit trail PDF (as the trail stood at
    filing), once, and nothing else (see ``esign_archive_entry_index.py``).
    The text is indexed by PostgreSQL in ``text_tsv``, a generated
    ``tsvector`` column with a GIN index (see :meth:`init`); search it
    through ``text_search``.
    """

    _name = "esign.archive.entry"
    _description = "Archived document"
    _order = "date_signed desc, id desc"
    _check_company_auto = True

    name = fields.Char("File name", required=True, readonly=True)
    directory_id = fields.Many2one("esign.archive.directory", required=True, readonly=True,
                                   index=True, ondelete="restrict", check_company=True)
    directory_path = fields.Char(related="directory_id.complete_name", string="Directory path")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    request_id = fields.Many2one("esign.request", "Signing request", readonly=True, index=True,
                                 ondelete="restrict")
    origin_model = fields.Char("Filed from model", readonly=True)
    origin_id = fields.Many2oneReference("Filed from record", model_field="origin_model",
                                         readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True, index=True, ondelete="restrict")
    template_id = fields.Many2one("esign.template", readonly=True, index=True,
                                  ondelete="restrict")
    fingerprint = fields.Char(readonly=True, index=True)
    sha256 = fields.Char("SHA-256", readonly=True, index=True,
                         help="SHA-256 of the stored file, computed when it was filed.")
    date_signed = fields.Datetime(readonly=True, index=True)
    document = fields.Binary("Document", attachment=True, readonly=True)
    audit_document = fields.Binary("Audit trail", attachment=True, readonly=True)
    audit_head = fields.Char(
        "Audit trail head", readonly=True,
        help="Hash of the request's last audit entry when it was filed: the audit trail PDF "
        "ends there.")
    audit_sha256 = fields.Char("Audit trail SHA-256", readonly=True,
                               help="SHA-256 of the stored audit trail PDF, computed when it "
                               "was drawn, shortly after filing.")
    audit_document_name = fields.Char(compute="_compute_audit_document_name")
    thumbnail = fields.Binary(attachment=True, readonly=True)
    text_content = fields.Text("Text", readonly=True, prefetch=False)
    index_state = fields.Selection(
        [("to_index", "To index"), ("indexed", "Indexed")], "Text and thumbnail",
        default="to_index", readonly=True,
        help="Filed documents get their searchable text, thumbnail and audit trail PDF "
        "shortly after filing, in the background.")
    text_search = fields.Char("Text contains", compute="_compute_text_search",
                              search="_search_text_search")
    retention_until = fields.Date(readonly=True, index=True)
    legal_hold = fields.Boolean(readonly=True)
    on_hold = fields.Boolean("Held", compute="_compute_on_hold",
                             help="On legal hold itself or through a directory above it.")

    _sql_constraints = [
        ("request_unique", "unique(request_id)", "A request is filed once."),
    ]

    def init(self):
        cr = self.env.cr
        cr.execute("""
            ALTER TABLE esign_archive_entry ADD COLUMN IF NOT EXISTS text_tsv tsvector
            GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(text_content, '')))
            STORED
        """)
        cr.execute("CREATE INDEX IF NOT EXISTS esign_archive_entry_text_tsv_index "
                   "ON esign_archive_entry USING gin (text_tsv)")
        cr.execute("CREATE UNIQUE INDEX IF NOT EXISTS esign_archive_entry_unique_name "
                   "ON esign_archive_entry (directory_id, lower(name))")
        cr.execute("CREATE INDEX IF NOT EXISTS esign_archive_entry_to_index_index "
                   "ON esign_archive_entry (id) WHERE index_state = 'to_index'")

    def _compute_audit_document_name(self):
        for entry in self:
            entry.audit_document_name = _("%(name)s - audit trail.pdf",
                                          name=(entry.name or "").removesuffix(".pdf"))

    def _compute_text_search(self):
        self.text_search = False

    def _search_text_search(self, operator, value):
        if operator not in ("ilike", "like", "=", "=ilike") or not isinstance(value, str):
            raise UserError(_("Search the text with words only."))
        words = _WORDS.findall(value.lower())[:MAX_SEARCH_WORDS]
        if not words:
            return [("id", "=", 0)]
        text_query = _TextQuery(" & ".join(f"{word}:*" for word in words))
        # A rare word: the few matching ids go into the query as a list, so
        # PostgreSQL looks them up and checks the directory rules on those
        # alone, even where its statistics would have it walk the directories
        # first (tested at 100,000 entries: 400 ms the other way). A common
        # word matches most entries: then the match stays in the query.
        self.env.cr.execute(
            "SELECT id FROM esign_archive_entry WHERE text_tsv @@ to_tsquery('simple', %s) "
            "LIMIT %s", [text_query, MAX_LISTED_MATCHES + 1])
        matches = [row[0] for row in self.env.cr.fetchall()]
        if len(matches) <= MAX_LISTED_MATCHES:
            return [("id", "in", matches)]
        return [("text_content", "=", text_query)]

    def _condition_to_sql(self, alias, fname, operator, value, query):
        if fname == "text_content" and isinstance(value, _TextQuery):
            # On the entry's own row, not a subquery of ids: PostgreSQL then
            # starts from the GIN index and checks the directory rules on the
            # few rows found, whatever its statistics say about directories.
            return SQL("%s @@ to_tsquery('simple', %s)", SQL.identifier(alias, "text_tsv"),
                       str(value))
        return super()._condition_to_sql(alias, fname, operator, value, query)

    @api.model
    def _search(self, domain, *args, **kwargs):
        # The record rules read the directories' stored effective groups
        # through a relation table: make sure pending recomputations are in.
        self.env["esign.archive.directory"].flush_model(["effective_read_group_ids"])
        return super()._search(domain, *args, **kwargs)

    def _compute_on_hold(self):
        for entry in self:
            entry.on_hold = entry.legal_hold or entry.directory_id._is_on_hold()

    # --------------------------------------------------------- untouchable

    @api.model_create_multi
    def create(self, vals_list):
        if not (self.env.su and is_marked(self, FILING)):
            raise AccessError(_("Documents are added to the archive only by filing them."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise AccessError(_("Archived documents cannot be changed."))

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise AccessError(_("Archived documents cannot be duplicated."))

    def unlink(self):
        self._check_deletable()
        self.env["esign.archive.deletion.log"]._record(self)
        return super(EsignArchiveEntry, marked(self, DELETING)).unlink()

    def _check_deletable(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only archive managers may delete archived documents."))
        today = fields.Date.context_today(self)
        for entry in self.sudo():
            if not entry.retention_until:
                raise UserError(_("%(name)s has no retention date: it is kept forever.",
                                  name=entry.name))
            if entry.retention_until > today:
                raise UserError(_("%(name)s must be kept until %(date)s.", name=entry.name,
                                  date=entry.retention_until))
            if entry.legal_hold or entry.directory_id._is_on_hold():
                raise UserError(_("%(name)s is on legal hold.", name=entry.name))

    def action_set_legal_hold(self):
        return self._set_legal_hold(True)

    def action_release_legal_hold(self):
        return self._set_legal_hold(False)

    def _set_legal_hold(self, hold):
        """Hold or release entries: the one change an entry accepts, by a manager.

        It bypasses ``write`` (refused for everything else) on purpose.
        """
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only archive managers may place or lift a legal hold."))
        self.check_access("read")
        self.env.cr.execute(
            "UPDATE esign_archive_entry SET legal_hold = %s, write_uid = %s, "
            "write_date = (now() at time zone 'UTC') WHERE id IN %s",
            [hold, self.env.uid, tuple(self.ids) or (0,)])
        self.invalidate_recordset(["legal_hold", "write_uid", "write_date"])
        return True
