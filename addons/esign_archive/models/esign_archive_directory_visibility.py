"""What a user sees of the directory tree: paths without the names they may not read.

A reader may be allowed to read a directory without being allowed to read
the directories above it. Everywhere a path is shown to that user (the
``complete_name`` and display name of a directory, the ``directory_path`` of
an entry, the breadcrumbs, the folders of a ZIP) a run of directories they
may not read shows as one ``…``, and searching by path matches only what they
see. Such a directory still appears in the side panels, at the top of what
the user sees.

The whole path is stored in ``full_path`` for managers and internal use
(ordering, tracking); it cannot be shared with readers, so ``complete_name``
is computed for the current user and never stored.
"""

from odoo import api, models
from odoo.tools import SQL

from .esign_archive_directory import MANAGER_GROUP

HIDDEN = "…"
SEPARATOR = " / "
PANEL_CONTEXT_KEY = "esign_archive_panel_reroot"
_NEGATIVE = {"!=": "=", "not like": "like", "not ilike": "ilike", "not in": "in"}
_PATTERN_OPERATORS = ("like", "ilike", "=like", "=ilike")
# Characters of a pattern that could match the "…" shown for hidden names
# (unaccented, "…" reads as "..."), so that the stored full path cannot be
# used to narrow the search for them.
_UNSAFE_IN_PATTERN = (HIDDEN, ".", "_")


class EsignArchiveDirectory(models.Model):
    _inherit = "esign.archive.directory"

    # ------------------------------------------------------------ who reads

    def _sees_every_directory(self):
        """True when the current user may read every directory of their companies."""
        return self.env.user.has_group(MANAGER_GROUP)

    def _readable_ids(self, ids):
        """The ids among ``ids`` the current user may read, superuser mode or not.

        The user's record rules decide, over all of the user's companies
        rather than the ones selected in this request: a directory's name is
        not hidden from someone who may read it in another company.
        """
        ids = {i for i in ids if isinstance(i, int)}
        if not ids or self._sees_every_directory():
            return ids
        user = self.env.user
        env = self.env(su=False, context=dict(self.env.context,
                                              allowed_company_ids=user.company_ids.ids))
        directories = self.with_env(env)
        if not directories.browse().has_access("read"):
            # A signing user may file into a directory without reading the archive.
            return set()
        return set(directories.search([("id", "in", list(ids))]).ids)

    # ----------------------------------------------------------------- paths

    def _visible_segments(self):
        """``{directory id: [name, ...]}`` from the top down to each directory.

        A run of directories the user may not read becomes one ``…``. New
        records (in a form not saved yet) count as readable.
        """
        chains = {}
        for directory in self:
            chain, node, seen = [], directory.sudo(), set()
            while node and node.id not in seen:
                seen.add(node.id)
                chain.append(node)
                node = node.parent_id
            chains[directory.id] = chain[::-1]
        readable = self._readable_ids({node.id for chain in chains.values() for node in chain})
        result = {}
        for directory_id, chain in chains.items():
            segments, hiding = [], False
            for node in chain:
                if isinstance(node.id, int) and node.id not in readable:
                    if not hiding:
                        segments.append(HIDDEN)
                    hiding = True
                else:
                    segments.append(node.name or "")
                    hiding = False
            result[directory_id] = segments
        return result

    @api.depends("name", "company_id", "effective_read_group_ids", "parent_id.complete_name")
    @api.depends_context("uid")
    def _compute_complete_name(self):
        segments = self._visible_segments()
        for directory in self:
            directory.complete_name = SEPARATOR.join(segments[directory.id])

    @api.depends("complete_name")
    @api.depends_context("uid")
    def _compute_display_name(self):
        for directory in self:
            directory.display_name = directory.complete_name or False

    def _search_complete_name(self, operator, value):
        """Match the path as the user sees it: not on names they may not read."""
        if self._sees_every_directory():
            return [("full_path", operator, value)]
        positive = _NEGATIVE.get(operator, operator)
        candidates = self.search(self._complete_name_prefilter(positive, value))
        matching = candidates.filtered_domain([("complete_name", positive, value)])
        return [("id", "not in" if operator in _NEGATIVE else "in", matching.ids)]

    def _complete_name_prefilter(self, operator, value):
        """A domain that keeps every directory whose visible path may match, and few others.

        A visible path is the stored full path with some names replaced by
        ``…``: a pattern without anything that could match ``…`` matching
        the former also matches the latter. An exact path ends with the
        directory's own name, which the user may read.
        """
        if operator in _PATTERN_OPERATORS and isinstance(value, str) and value \
                and not any(char in value for char in _UNSAFE_IN_PATTERN):
            return [("id", "in", self.sudo()._search([("full_path", operator, value)]))]
        if operator in ("=", "in"):
            values = [value] if operator == "=" else value
            if isinstance(values, (list, tuple)) and values \
                    and all(isinstance(v, str) for v in values):
                return [("name", "in", [v.rsplit(SEPARATOR, 1)[-1].strip() for v in values])]
        return []

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        # Order by the path on the stored full path: complete_name is not
        # stored, and full_path is not readable by everyone who sorts.
        if field_name in ("complete_name", "full_path"):
            sql_field = SQL.identifier(alias, "full_path", to_flush=self._fields["full_path"])
            if query.groupby:
                query.groupby = SQL("%s, %s", query.groupby, sql_field)
            return SQL("%s %s %s", sql_field, direction, nulls)
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    # ------------------------------------------------------------ side panel

    @api.model
    def _panel_reroot(self, records, parent_name):
        """Search panel values: a directory whose parent the user may not read goes on top.

        ``records`` are the dicts read for the panel (``parent_name`` holding
        ``(id, name)`` or ``False``); they are changed in place and returned.
        """
        present = {record["id"] for record in records}
        missing = {record[parent_name][0] for record in records
                   if record.get(parent_name) and record[parent_name][0] not in present}
        hidden = missing - self._readable_ids(missing)
        for record in records:
            if record.get(parent_name) and record[parent_name][0] in hidden:
                record[parent_name] = False
        return records

    @api.model
    def search_panel_select_range(self, field_name, **kwargs):
        model = self
        if self._fields[field_name].comodel_name == self._name:
            model = self.with_context(**{PANEL_CONTEXT_KEY: True})
        return super(EsignArchiveDirectory, model).search_panel_select_range(
            field_name, **kwargs)

    @api.model
    def _search_panel_sanitized_parent_hierarchy(self, records, parent_name, ids):
        if self.env.context.get(PANEL_CONTEXT_KEY):
            records = self._panel_reroot(records, parent_name)
        return super()._search_panel_sanitized_parent_hierarchy(records, parent_name, ids)

    # ------------------------------------------------------------------ chatter

    def _message_create(self, values_list):
        # A message keeps the name of its document for good, and everyone who
        # reads this directory reads its messages: keep its own name only.
        for values in values_list:
            if values.get("record_name") and values.get("model") == self._name \
                    and values.get("res_id"):
                values["record_name"] = self.sudo().browse(values["res_id"]).name
        return super()._message_create(values_list)
