"""Excel export of form submissions: one sheet per form, typed cells.

Rows are read from the database a batch at a time and streamed into the
workbook by ``tools/xlsx.py``, so memory stays bounded. Above
``EXPORT_SYNC_LIMIT`` rows the work goes to a background job
(``esign.form.export.job``) and the file is announced when it is ready.
"""

import base64
import tempfile

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from ..tools import xlsx

EXPORT_SYNC_LIMIT = 5000
EXPORT_SYNC_PARAM = "esign_forms.export_sync_limit"
EXPORT_BATCH = 2000
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIELD_KINDS = {"number": "number", "date": "date", "checkbox": "bool"}


class EsignForm(models.Model):
    _inherit = "esign.form"

    @api.model
    def action_export_xlsx(self, submission_ids=None):
        """Export submissions to a workbook; returns the ``ir.attachment`` id.

        :param submission_ids: the submissions to export; by default all the
            submissions of the forms in ``self`` (or of every form the user
            may read when ``self`` is empty). Only submissions the user may
            read are exported. A large export is written in the background:
            the attachment is returned at once and filled when ready.
        """
        submissions = self._submissions_to_export(submission_ids)
        if not submissions:
            raise UserError(_("There are no submissions to export."))
        attachment = self._export_attachment(submissions)
        limit = self._int_param(EXPORT_SYNC_PARAM, EXPORT_SYNC_LIMIT)
        if len(submissions) > limit:
            self.env["esign.form.export.job"].sudo()._queue(attachment, submissions)
        else:
            self._write_export(attachment, submissions.ids)
        return attachment.id

    @api.model
    def _submissions_to_export(self, submission_ids):
        """The requested submissions, as the current user may read them, in order."""
        domain = [("id", "in", list(submission_ids))] if submission_ids is not None else []
        if self:
            domain.append(("form_id", "in", self.ids))
        return self.env["esign.form.submission"].search(domain, order="form_id, create_date, id")

    @api.model
    def _export_attachment(self, submissions):
        forms = submissions.form_id
        name = forms.name if len(forms) == 1 else _("Form submissions")
        return self.env["ir.attachment"].create({
            "name": f"{name}.xlsx",
            "res_model": "esign.form",
            "res_id": forms[:1].id,
            "mimetype": XLSX_MIMETYPE,
            "raw": b"",
        })

    @api.model
    def _write_export(self, attachment, submission_ids, on_progress=None):
        """Write the workbook of ``submission_ids`` (already access-checked)
        into ``attachment``: one sheet per form, oldest submission first."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT form_id, array_agg(id ORDER BY create_date, id) FROM esign_form_submission "
            "WHERE id = ANY(%s) GROUP BY form_id ORDER BY form_id", [list(submission_ids)])
        groups = self.env.cr.fetchall()
        forms = self.sudo().browse([form_id for form_id, _ids in groups])
        with tempfile.TemporaryFile() as stream:
            sheets = (form._export_sheet(ids) for form, (_id, ids) in zip(forms, groups))
            xlsx.write_workbook(stream, sheets, on_progress=on_progress)
            stream.seek(0)
            attachment.sudo().write({"datas": base64.b64encode(stream.read()),
                                     "mimetype": XLSX_MIMETYPE})

    def _export_sheet(self, submission_ids):
        self.ensure_one()
        fields_ = self.field_ids.filtered(lambda f: f.field_type != "signature")
        columns = (xlsx.Column(_("Submitted on"), "datetime"), xlsx.Column(_("Reference")),
                   xlsx.Column(_("Contact")), xlsx.Column(_("Status"), width=12)) + tuple(
            xlsx.Column(field.label, FIELD_KINDS.get(field.field_type, "text"))
            for field in fields_)
        return xlsx.Sheet(self.name, columns, self._export_rows(submission_ids, fields_))

    def _export_rows(self, submission_ids, fields_):
        """One tuple per submission, read a batch at a time with plain SQL
        (ids were access-checked by the caller; the ORM's cache would hold
        every row of a 100,000-row export)."""
        states = dict(self.env["esign.form.submission"]._fields["state"]._description_selection(
            self.env))
        converters = [(field.id, self._converter(field)) for field in fields_]
        for batch in split_every(EXPORT_BATCH, submission_ids, list):
            answers = self._read_answers(batch)
            self.env.cr.execute(
                "SELECT s.id, s.create_date, s.reference, p.name, s.state "
                "FROM esign_form_submission s LEFT JOIN res_partner p ON p.id = s.partner_id "
                "WHERE s.id = ANY(%s) ORDER BY s.create_date, s.id", [batch])
            for sub_id, created, reference, partner, state in self.env.cr.fetchall():
                mine = answers.get(sub_id, {})
                yield (created, reference, partner, states.get(state, state), *(
                    convert(mine.get(field_id, ())) for field_id, convert in converters))

    def _read_answers(self, submission_ids):
        """{submission id: {field id: [typed values]}} for one batch."""
        self.env.cr.execute(
            "SELECT submission_id, field_id, field_type, value_text, value_number, value_date, "
            "value_bool, value_choice FROM esign_form_value WHERE submission_id = ANY(%s) "
            "ORDER BY id", [submission_ids])
        answers = {}
        for sub_id, field_id, ftype, text, number, day, ticked, choice in self.env.cr.fetchall():
            value = {"number": number, "date": day, "checkbox": ticked, "select": choice,
                     "multiselect": choice}.get(ftype, text)
            answers.setdefault(sub_id, {}).setdefault(field_id, []).append(value)
        return answers

    @api.model
    def _converter(self, field):
        """How a field's stored values become one cell."""
        if field.field_type in ("select", "multiselect"):
            labels = dict(field._choice_list())
            order = {key: index for index, (key, _label) in enumerate(field._choice_list())}
            return lambda keys: ", ".join(labels.get(key, key) for key in sorted(
                keys, key=lambda k: order.get(k, len(order)))) or None
        if field.field_type == "number" and field.integer_only:
            return lambda values: int(values[0]) if values and values[0] is not None else None
        if field.field_type == "checkbox":
            return lambda values: bool(values[0]) if values else None
        return lambda values: values[0] if values else None
