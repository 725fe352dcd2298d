"""Filing: how documents enter the archive.

Two ways in: a sealed signing request (:meth:`_file_request`, used by the
seal hook and by ``esign.request.action_archive``) and any PDF attachment
(:meth:`_file_attachment`, used by the attachment wizard). Both check the
caller's right to file into the target directory, then create the entry as
superuser with the filing flag: ``create`` refuses anything else. The text,
the thumbnail and the audit trail PDF are left to the indexing job
(``esign_archive_entry_index.py``), outside the filing transaction.
"""

import base64
import collections
import hashlib
import itertools
import re

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.esign_base.models.esign_errors import translated_message
from odoo.addons.esign_base.tools import pdf_inspect
from odoo.addons.esign_base.tools.errors import PdfRejected
from odoo.exceptions import UserError
from odoo.tools import escape_psql

from ..tools import names
from .db_lower import db_lower
from .esign_archive_marks import FILING, marked

# "name (12).pdf": what name_candidates makes of a name that is taken.
NUMBERED_NAME = re.compile(r" \(\d+\)(\.[^.]*)?$")


class EsignArchiveEntry(models.Model):
    _inherit = "esign.archive.entry"

    @api.model
    def _file_request(self, request, automatic=False):
        """File one sealed request; return its entry (the existing one if filed)."""
        request.ensure_one()
        return self._file_requests(request, automatic=automatic)[0]

    @api.model
    def _file_requests(self, requests, automatic=False):
        """File sealed requests together; return their entries, in the same order.

        A request filed before gives its existing entry. Automatic filing
        skips requests no rule matches (their entry is empty); otherwise an
        unsealed request or a directory the user may not file into raises.
        Rules, directories and names are read once per batch, and the
        entries are created in one go. The audit trail PDF is drawn by the
        indexing job, as the trail stood at filing (``audit_head``).
        """
        existing = {entry.request_id.id: entry for entry in
                    self.sudo().search([("request_id", "in", requests.ids)])}
        todo = requests.filtered(lambda r: r.id not in existing)
        for request in todo:
            if request.seal_state != "done":
                raise UserError(_("%(name)s is not sealed yet.", name=request.display_name))
        plans = self._plan_filing(todo, automatic)
        values_list = self._prepare_request_values(plans)
        created = self._create_filed(values_list) if values_list else self.browse()
        existing.update(zip([plan[0].id for plan in plans], created, strict=True))
        return [existing.get(request.id, self.browse()).sudo(False) for request in requests]

    @api.model
    def _plan_filing(self, requests, automatic):
        """``[(request, rule, partner, directory)]``: where each request goes."""
        Rule = self.env["esign.archive.rule"]
        Rule._prefetch_facts(requests)
        rules_cache, matched = {}, []
        staff = self._staff_pairs(requests)
        for request in requests:
            rule = Rule._match(request, cache=rules_cache)
            if automatic and not rule:
                continue
            matched.append((request, rule, self._main_partner(request, staff)))
        directories = self.env["esign.archive.directory"]._ensure_paths([
            (request.company_id, rule._target_segments(request, partner))
            for request, rule, partner in matched])
        if not automatic:
            self.env["esign.archive.directory"].union(*directories)._check_may_file()
        return [(*match, directory) for match, directory in zip(matched, directories, strict=True)]

    @api.model
    def _prepare_request_values(self, plans):
        """The values of each planned entry, names taken per directory in one query."""
        names_by_directory = {}
        for request, _rule, _partner, directory in plans:
            names_by_directory.setdefault(directory, []).append(f"{request.name}.pdf")
        free = {directory: iter(free_names) for directory, free_names
                in self._free_names_many(names_by_directory).items()}
        retention_years = {}
        values_list = []
        for request, rule, partner, directory in plans:
            pdf = request._signed_bytes()
            if directory not in retention_years:
                retention_years[directory] = directory._effective_retention_years()
            values_list.append({
                **self._document_values(pdf, next(free[directory]), directory),
                "request_id": request.id,
                "company_id": request.company_id.id,
                "partner_id": partner.id,
                "template_id": request.template_id.id,
                "fingerprint": request.fingerprint,
                "date_signed": request.date_signed or request.sealed_on,
                "audit_head": request.sudo().audit_head or False,
                "retention_until": self._retention_from(
                    rule.retention_years or retention_years[directory], request.date_signed),
            })
        return values_list

    @api.model
    def _file_attachment(self, attachment, directory):
        """File a PDF attachment of any record into ``directory``."""
        directory._check_may_file()
        attachment.check_access("read")
        pdf = attachment.sudo().raw or b""
        try:
            # Size (before parsing) and a PDF that opens; kept as it is
            # otherwise (an e-invoice's attached XML stays with it).
            pdf_inspect.check_readable(pdf)
        except PdfRejected as err:
            raise UserError(_("%(name)s cannot be filed: %(reason)s", name=attachment.name,
                              reason=translated_message(self.env, err))) from None
        values = self._prepare_document_values(pdf, attachment.name, directory)
        values.update({
            "company_id": directory.company_id.id,
            "origin_model": attachment.res_model or False,
            "origin_id": attachment.res_id or False,
            "partner_id": self._attachment_partner(attachment).id,
            "date_signed": attachment.create_date,
            "retention_until": self._retention_until(directory, 0, attachment.create_date),
        })
        return self._create_filed(values)

    @api.model
    def _attachment_partner(self, attachment):
        """The partner of the record the attachment belongs to, as a company."""
        attachment = attachment.sudo()
        partner = self.env["res.partner"]
        if not attachment.res_model or attachment.res_model not in self.env:
            return partner
        record = self.env[attachment.res_model].browse(attachment.res_id).exists()
        if record._name == "res.partner":
            return record.commercial_partner_id
        field = record._fields.get("partner_id")
        if record and field and field.comodel_name == "res.partner":
            return record.partner_id.commercial_partner_id
        return partner

    @api.model
    def _prepare_document_values(self, pdf, name, directory):
        """What every filing stores: a free name, the copy and its hash.

        The text and the thumbnail come later, from the indexing job.
        """
        return self._document_values(pdf, self._free_names(directory, [name])[0], directory)

    @api.model
    def _document_values(self, pdf, free_name, directory):
        return {
            "name": free_name,
            "directory_id": directory.id,
            "document": base64.b64encode(pdf),
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "index_state": "to_index",
        }

    @api.model
    def _create_filed(self, values):
        """Create entries (one dict or a list) as the filing code; indexing follows."""
        entries = marked(self.sudo(), FILING).create(values).sudo(False)
        self._schedule_indexing()
        return entries

    @api.model
    def _free_names(self, directory, wanted):
        """Each of ``wanted`` cleaned, ending in .pdf, suffixed to be unique in ``directory``."""
        return self._free_names_many({directory: wanted})[directory]

    @api.model
    def _free_names_many(self, wanted_by_directory):
        """:meth:`_free_names` for several directories.

        The directories are locked first (see ``_lock_for_filing``), so two
        filings into the same directory take their names one after the other.
        Names are compared as the unique index compares them (see
        ``db_lower.py``). One query finds which names are taken; only where a
        name is taken (or wanted twice) do two more find its numbered
        variants and how the database folds the numbers to try, so the cost
        follows the batch, not what the directories already hold.
        """
        cleaned = {
            directory: [names.clean_name(name if name.lower().endswith(".pdf")
                                         else f"{name}.pdf") for name in wanted]
            for directory, wanted in wanted_by_directory.items()
        }
        self.env["esign.archive.directory"].union(*cleaned)._lock_for_filing()
        self.flush_model(["name", "directory_id"])
        lower, taken = self._names_taken(cleaned)
        crowded = {directory: self._crowded(wanted, lower, taken.get(directory.id, ()))
                   for directory, wanted in cleaned.items()}
        numbered = self._numbered_names_taken(crowded)
        for (directory_id, _prefix), keys in numbered.items():
            taken.setdefault(directory_id, set()).update(keys)
        lower.update(db_lower(self.env.cr, self._numbers_to_try(crowded, numbered, lower)))
        free = {}
        for directory, wanted in cleaned.items():
            # A name free and wanted once keeps it: a numbered copy of
            # another ("a (2).pdf" for a second "a.pdf") never takes its place.
            crowded_here = set(crowded[directory])
            used = taken.setdefault(directory.id, set())
            used.update(lower[name] for name in wanted if name not in crowded_here)
            free[directory] = [
                name if name not in crowded_here else self._first_free(name, used, lower)
                for name in wanted]
        return free

    def _first_free(self, name, used, lower):
        """The first of ``name``'s candidates not ``used``, marked used."""
        chosen = next(candidate for candidate in names.name_candidates(name)
                      if self._lowered(candidate, lower) not in used)
        used.add(lower[chosen])
        return chosen

    @staticmethod
    def _crowded(wanted, lower, taken):
        """The names of ``wanted`` already ``taken`` or wanted twice: they need a number."""
        counts = collections.Counter(lower[name] for name in wanted)
        return [name for name in wanted if counts[lower[name]] > 1 or lower[name] in taken]

    @api.model
    def _names_taken(self, cleaned):
        """``({name: lower name}, {directory id: {lower name}})``: how the
        database folds each wanted name, and which are already filed there."""
        pairs = [(directory.id, name) for directory, wanted in cleaned.items() for name in wanted]
        self.env.cr.execute("""
            SELECT wanted.directory_id, wanted.name, lower(wanted.name),
                   EXISTS(SELECT 1 FROM esign_archive_entry entry
                           WHERE entry.directory_id = wanted.directory_id
                             AND lower(entry.name) = lower(wanted.name))
              FROM unnest(%s::int[], %s::text[]) AS wanted(directory_id, name)
        """, [[directory_id for directory_id, _name in pairs], [name for _id, name in pairs]])
        lower, taken = {}, {}
        for directory_id, name, lowered, is_taken in self.env.cr.fetchall():
            lower[name] = lowered
            if is_taken:
                taken.setdefault(directory_id, set()).add(lowered)
        return lower, taken

    @api.model
    def _numbered_names_taken(self, crowded):
        """``{(directory id, prefix): {lower name}}`` of every filed name
        starting like a crowded one (see ``names.numbered_prefix``)."""
        pairs = sorted({(directory.id, names.numbered_prefix(name))
                        for directory, wanted in crowded.items() for name in wanted})
        found = {pair: set() for pair in pairs}
        if not pairs:
            return found
        # Escaped here, folded there: LIKE's escapes do not change with case.
        self.env.cr.execute("""
            SELECT wanted.directory_id, wanted.prefix, lower(entry.name)
              FROM unnest(%s::int[], %s::text[], %s::text[])
                   AS wanted(directory_id, prefix, pattern)
              JOIN esign_archive_entry entry
                ON entry.directory_id = wanted.directory_id
               AND lower(entry.name) LIKE lower(wanted.pattern)
        """, [[directory_id for directory_id, _prefix in pairs],
              [prefix for _id, prefix in pairs],
              [escape_psql(prefix) + "%" for _id, prefix in pairs]])
        for directory_id, prefix, lowered in self.env.cr.fetchall():
            found[directory_id, prefix].add(lowered)
        return found

    @staticmethod
    def _numbers_to_try(crowded, numbered, lower):
        """The numbered names a crowded name may need: one more than the names
        that can stand in their way (its filed numbered variants, and the
        batch's own names with the same beginning).

        Filed names that merely start like it ("Q10.pdf" for "Q1.pdf") are
        not counted: they never clash with "Q1 (n).pdf".
        """
        to_try = []
        for directory, wanted in crowded.items():
            wanting = collections.Counter(names.numbered_prefix(lower[name]) for name in wanted)
            for name in dict.fromkeys(wanted):
                prefix = names.numbered_prefix(name)
                filed = sum(1 for key in numbered[directory.id, prefix]
                            if NUMBERED_NAME.search(key))
                room = filed + wanting[names.numbered_prefix(lower[name])] + 1
                to_try.extend(itertools.islice(names.name_candidates(name), 1, room + 1))
        return to_try

    def _lowered(self, name, lower):
        """``lower[name]``, asking the database for a name not folded yet
        (a numbered name beyond those :meth:`_numbers_to_try` foresaw)."""
        if name not in lower:
            lower.update(db_lower(self.env.cr, [name]))
        return lower[name]

    @api.model
    def _main_partner(self, request, staff=None):
        """The counterparty, as a company: the first signer from outside.

        Staff sign for the company too, and an employee's contact is often
        not filed under the company's: signers who are internal users of the
        request's company (archived ones too) count as its side. Failing an
        outsider (an employee signing an employment contract), the first
        signer not under the company's contact and not in the "Company" role,
        then the first not under the company's contact, then the first.

        ``staff`` is :meth:`_staff_pairs` of a batch, read once for all.
        """
        request = request.sudo()
        if staff is None:
            staff = self._staff_pairs(request)
        own_id = request.company_id.partner_id.commercial_partner_id.id
        # Cached look-up by id: env.ref() would query the role's existence each time.
        company_role_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "esign_base.role_company", raise_if_not_found=False)

        def rank(signer):
            partner = signer.partner_id
            if partner.commercial_partner_id.id == own_id:
                return 3
            if (partner.id, request.company_id.id) not in staff:
                return 0
            return 2 if signer.role_id.id == company_role_id else 1

        signers = request.signer_ids
        if not signers:
            return self.env["res.partner"]
        chosen = min(signers, key=lambda signer: (rank(signer), signer.sequence, signer.id))
        return chosen.partner_id.commercial_partner_id

    @api.model
    def _staff_pairs(self, requests):
        """``{(partner id, company id)}`` for the signers of ``requests`` who
        are internal users of that company, archived users included."""
        partner_ids = requests.sudo().signer_ids.partner_id.ids
        if not partner_ids:
            return set()
        self.env["res.users"].flush_model(["partner_id", "share", "company_ids"])
        self.env.cr.execute("""
            SELECT users.partner_id, membership.cid
              FROM res_users users
              JOIN res_company_users_rel membership ON membership.user_id = users.id
             WHERE users.partner_id = ANY(%s) AND users.share IS NOT TRUE
        """, [partner_ids])
        return set(self.env.cr.fetchall())

    @api.model
    def _retention_until(self, directory, rule_years, start):
        return self._retention_from(rule_years or directory._effective_retention_years(), start)

    @api.model
    def _retention_from(self, years, start):
        if not years:
            return False
        start = fields.Datetime.to_datetime(start) or fields.Datetime.now()
        return start.date() + relativedelta(years=years)
