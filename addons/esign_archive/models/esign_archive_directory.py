from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import names
from .db_lower import db_lower

MANAGER_GROUP = "esign_archive.group_archive_manager"
ACCESS_HELP = ("Leave empty to use the parent directory's groups. A top directory "
               "without groups is open to archive managers only.")


class EsignArchiveDirectory(models.Model):
    """A folder of the archive tree, per company.

    Who may read and who may file into a directory is set by groups that
    inherit downwards until a directory sets its own. The inherited result
    is stored per directory (``effective_*_group_ids``), recomputed down the
    tree when a parent changes, so the record rules stay one indexed lookup.

    The path of a directory is stored whole in ``full_path`` (managers only,
    for ordering and internal use); ``complete_name``, what everyone reads,
    is computed per user and hides the directories above that the user may
    not read (see ``esign_archive_directory_visibility.py``).
    """

    _name = "esign.archive.directory"
    _description = "Archive directory"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    # Not tracked: a tracking value would keep the parent's full path for
    # every reader of this directory; moves are tracked on full_path instead.
    parent_id = fields.Many2one("esign.archive.directory", "Parent directory", index=True,
                                ondelete="restrict", check_company=True)
    child_ids = fields.One2many("esign.archive.directory", "parent_id", "Subdirectories")
    parent_path = fields.Char(index=True)
    full_path = fields.Char("Full path", compute="_compute_full_path", recursive=True,
                            store=True, tracking=True, groups=MANAGER_GROUP)
    complete_name = fields.Char("Path", compute="_compute_complete_name", recursive=True,
                                search="_search_complete_name")
    company_id = fields.Many2one("res.company", required=True, index=True,
                                 default=lambda self: self.env.company)
    read_group_ids = fields.Many2many(
        "res.groups", "esign_archive_directory_read_group_rel", "directory_id", "group_id",
        "Readers", help=ACCESS_HELP)
    file_group_ids = fields.Many2many(
        "res.groups", "esign_archive_directory_file_group_rel", "directory_id", "group_id",
        "May file here", help=ACCESS_HELP)
    effective_read_group_ids = fields.Many2many(
        "res.groups", "esign_archive_directory_effective_read_rel", "directory_id", "group_id",
        "Effective readers", compute="_compute_effective_groups", recursive=True, store=True)
    effective_file_group_ids = fields.Many2many(
        "res.groups", "esign_archive_directory_effective_file_rel", "directory_id", "group_id",
        "Effective filers", compute="_compute_effective_groups", recursive=True, store=True)
    retention_years = fields.Integer(
        help="Years an entry is kept after signature before a manager may delete it. "
        "0 uses the parent's; none anywhere keeps entries forever.")
    legal_hold = fields.Boolean(tracking=True, help="No entry here or below can be deleted.")
    entry_ids = fields.One2many("esign.archive.entry", "directory_id", "Entries")
    entry_count = fields.Integer("Documents", compute="_compute_entry_counts")
    total_entry_count = fields.Integer("With subdirectories", compute="_compute_entry_counts")

    @api.depends("name", "parent_id.full_path")
    def _compute_full_path(self):
        for directory in self:
            if directory.parent_id:
                directory.full_path = f"{directory.parent_id.full_path} / {directory.name}"
            else:
                directory.full_path = directory.name

    @api.depends("read_group_ids", "file_group_ids", "parent_id.effective_read_group_ids",
                 "parent_id.effective_file_group_ids")
    def _compute_effective_groups(self):
        for directory in self:
            parent = directory.parent_id
            directory.effective_read_group_ids = (directory.read_group_ids
                                                  or parent.effective_read_group_ids)
            directory.effective_file_group_ids = (directory.file_group_ids
                                                  or parent.effective_file_group_ids)

    def _compute_entry_counts(self):
        entries = self.env["esign.archive.entry"]
        direct = dict(entries._read_group([("directory_id", "in", self.ids)],
                                          ["directory_id"], ["__count"]))
        for directory in self:
            directory.entry_count = direct.get(directory, 0)
            directory.total_entry_count = entries.search_count(
                [("directory_id", "child_of", directory.id)]) if directory.id else 0

    @api.model
    def _search(self, domain, *args, **kwargs):
        # The record rules read the stored effective groups through a
        # relation table: make sure pending recomputations are in.
        self.flush_model(["effective_read_group_ids"])
        return super()._search(domain, *args, **kwargs)

    def init(self):
        tools.create_unique_index(
            self.env.cr, "esign_archive_directory_unique_name", self._table,
            ["company_id", "COALESCE(parent_id, 0)", "lower(name)"])

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(_("A directory cannot be inside itself."))

    @api.model_create_multi
    def create(self, vals_list):
        default_company = None
        wanted = []
        for vals in vals_list:
            if "name" in vals:
                vals["name"] = names.clean_name(vals["name"])
            company_id = vals.get("company_id")
            if not company_id:
                if default_company is None:
                    default_company = self.default_get(["company_id"]).get("company_id")
                company_id = default_company
            wanted.append((company_id, vals.get("parent_id"), vals.get("name"), None))
        self._check_names_free(wanted)
        return super().create(vals_list)

    def write(self, vals):
        if "name" in vals:
            vals["name"] = names.clean_name(vals["name"])
        if "parent_id" in vals or "company_id" in vals:
            self._check_not_moved_out_of_hold(vals)
        if "company_id" in vals and self._holds_documents():
            raise UserError(_("A directory holding documents stays in its company."))
        if {"name", "parent_id", "company_id"} & set(vals):
            self._check_names_free([
                (vals.get("company_id", directory.company_id.id),
                 vals.get("parent_id", directory.parent_id.id),
                 vals.get("name", directory.name), directory.id)
                for directory in self])
        return super().write(vals)

    def _check_not_moved_out_of_hold(self, vals):
        """Refuse to move a directory on legal hold, itself or through one above it.

        Moving it to another parent or company would take its entries out
        from under the hold, and they could then be deleted.
        """
        for directory in self:
            moved = ("parent_id" in vals
                     and (vals["parent_id"] or False) != (directory.parent_id.id or False))
            moved = moved or ("company_id" in vals
                              and vals["company_id"] != directory.company_id.id)
            if moved and directory._is_on_hold():
                raise UserError(_(
                    "%(directory)s is on legal hold, itself or through a directory above "
                    "it: it cannot be moved to another directory or company until the hold "
                    "is lifted.", directory=directory.sudo().display_name))

    def _check_names_free(self, wanted):
        """Refuse a name already taken by a sibling, compared cleaned and without case.

        ``wanted`` holds ``(company id, parent id, cleaned name, own id)`` per
        directory about to be created (own id None) or renamed or moved. The
        unique index stays the last guard; this gives a readable message.
        """
        seen = set()
        self.flush_model(["name", "parent_id", "company_id"])
        lower = db_lower(self.env.cr, [name for _company, _parent, name, _own in wanted if name])
        for company_id, parent_id, name, own_id in wanted:
            if not name:
                continue
            key = (company_id, parent_id or 0, lower[name])
            if key in seen:
                raise ValidationError(_(
                    "Two new directories would both be named %(name)s in the same place "
                    "(names are compared after cleaning and without case).", name=name))
            seen.add(key)
            self.env.cr.execute(
                "SELECT id FROM esign_archive_directory WHERE company_id = %s "
                "AND COALESCE(parent_id, 0) = %s AND lower(name) = lower(%s) AND id != %s "
                "LIMIT 1", [company_id, parent_id or 0, name, own_id or 0])
            row = self.env.cr.fetchone()
            if row:
                existing = self.sudo().browse(row[0])
                raise ValidationError(_(
                    "There is already a directory %(existing)s there. Names are compared "
                    "after cleaning and without case: this one would be named %(name)s.",
                    existing=existing.display_name, name=name))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty(self):
        if self._holds_documents():
            raise UserError(_("Only empty directories can be deleted."))

    def _holds_documents(self):
        """True when these directories or any below them hold an entry."""
        return bool(self.ids) and bool(self.env["esign.archive.entry"].sudo().search_count(
            [("directory_id", "child_of", self.ids)], limit=1))

    # ----------------------------------------------------------------- rights

    def _may_file(self, user=None):
        """True when ``user`` (default: the current one) may file here."""
        self.ensure_one()
        user = user or self.env.user
        if user.has_group("esign_archive.group_archive_manager"):
            return True
        return bool(self.sudo().effective_file_group_ids & user.groups_id)

    def _check_may_file(self):
        for directory in self:
            if not directory._may_file():
                if directory.id in directory._readable_ids([directory.id]):
                    raise AccessError(_("You may not file documents into %(directory)s.",
                                        directory=directory.sudo().complete_name))
                raise AccessError(_("You may not file documents into this directory."))

    def _effective_retention_years(self):
        self.ensure_one()
        for directory in self.sudo()._ancestors_first_self():
            if directory.retention_years:
                return directory.retention_years
        return 0

    def _ancestors_first_self(self):
        """This directory, then its parent, up to the top."""
        self.ensure_one()
        self.flush_model(["parent_id"])  # parent_path follows parent_id when written
        ids = [int(part) for part in self.sudo().parent_path.split("/") if part]
        return self.browse(list(reversed(ids)))

    def _is_on_hold(self):
        """True when this directory or any directory above it is on legal hold."""
        self.ensure_one()
        return any(self.sudo()._ancestors_first_self().mapped("legal_hold"))

    # ---------------------------------------------------------------- finding

    @api.model
    def _ensure_path(self, segments, company, root=None):
        """The directory at ``segments`` below ``root`` (or at the top), made if missing."""
        return self._ensure_paths([(company, segments)], root=root)[0]

    @api.model
    def _ensure_paths(self, paths, root=None):
        """The directory at each ``(company, segments)`` of ``paths``, made if missing.

        Runs as superuser: the caller has checked that filing is allowed. A
        new top directory is readable by archive readers and open for filing
        to signing users until someone sets other groups. A batch's paths are
        resolved together, one look-up per level, not one per document.
        """
        directories = self.sudo()
        cleaned = [(company, [names.clean_name(segment) for segment in segments])
                   for company, segments in paths]
        reached = [root or directories for _path in cleaned]
        # Keyed as the unique index compares names (see db_lower.py).
        lower = db_lower(self.env.cr, [name for _company, segments in cleaned
                                       for name in segments])
        depth = max((len(segments) for _company, segments in cleaned), default=0)
        for level in range(depth):
            # (company id, parent id, lower name) -> (company, parent, name), and its paths
            steps, taking = {}, {}
            for index, (company, segments) in enumerate(cleaned):
                if level < len(segments):
                    parent, name = reached[index], segments[level]
                    key = (company.id, parent.id or 0, lower[name])
                    steps.setdefault(key, (company, parent, name))
                    taking.setdefault(key, []).append(index)
            children = directories._children_named(steps)
            for key, indexes in taking.items():
                for index in indexes:
                    reached[index] = children[key]
        return reached

    @api.model
    def _children_named(self, steps):
        """``{key: directory}`` for ``steps`` of ``{key: (company, parent, name)}``,
        the missing directories made.

        Names compare as the unique index does (PostgreSQL's ``lower``).
        """
        keys = list(steps)
        self.flush_model(["name", "parent_id", "company_id"])
        self.env.cr.execute("""
            SELECT wanted.step, directory.id
              FROM unnest(%s::int[], %s::int[], %s::text[])
                   WITH ORDINALITY AS wanted(company_id, parent_id, name, step)
              JOIN esign_archive_directory directory
                ON directory.company_id = wanted.company_id
               AND COALESCE(directory.parent_id, 0) = wanted.parent_id
               AND lower(directory.name) = lower(wanted.name)
        """, [[steps[key][0].id for key in keys], [steps[key][1].id or 0 for key in keys],
              [steps[key][2] for key in keys]])
        found_ids = {keys[step - 1]: directory_id for step, directory_id in self.env.cr.fetchall()}
        # One recordset, so that reading a field of one reads it for all.
        found = {directory.id: directory for directory in self.browse(list(found_ids.values()))}
        children = {key: found[directory_id] for key, directory_id in found_ids.items()}
        missing = [key for key in keys if key not in children]
        if missing:
            # Another filing may be making them now: see esign_archive_directory_lock.py
            parents = self.union(*(steps[key][1] for key in missing))
            companies = self.env["res.company"].union(
                *(steps[key][0] for key in missing if not steps[key][1]))
            parents._lock_parents_for_new_children(companies)
            created = self.create([self._prepare_new_values(steps[key][2], steps[key][1],
                                                            steps[key][0]) for key in missing])
            children.update(zip(missing, created, strict=True))
        return children

    @api.model
    def _prepare_new_values(self, name, parent, company):
        values = {"name": name, "parent_id": parent.id or False, "company_id": company.id}
        if not parent:
            values["read_group_ids"] = [(4, self.env.ref("esign_archive.group_archive_reader").id)]
            values["file_group_ids"] = [(4, self.env.ref("esign_base.group_esign_user").id)]
        return values

    def action_open_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "esign_archive.esign_archive_entry_action")
        action["domain"] = [("directory_id", "child_of", self.id)]
        action["context"] = {"default_directory_id": self.id}
        return action
