"""Large Excel exports, written in the background by a cron.

The user gets the attachment at once (empty until ready), follows the
progress in the list of exports, and is notified with the file when done.
"""

import logging
import threading

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)

JOB_STATES = [("queued", "Queued"), ("running", "Running"), ("done", "Ready"),
              ("failed", "Failed")]


class EsignFormExportJob(models.Model):
    _name = "esign.form.export.job"
    _description = "Background form export"
    _order = "id desc"
    _rec_name = "attachment_name"

    user_id = fields.Many2one("res.users", "Requested by", required=True, readonly=True,
                              index=True)
    attachment_id = fields.Many2one("ir.attachment", "File", readonly=True,
                                    ondelete="cascade")
    attachment_name = fields.Char(related="attachment_id.name")
    submission_ids = fields.Json(readonly=True, groups="base.group_system")
    state = fields.Selection(JOB_STATES, default="queued", required=True, readonly=True)
    total = fields.Integer("Rows", readonly=True)
    done_count = fields.Integer("Rows written", readonly=True)
    progress = fields.Float(compute="_compute_progress")
    error = fields.Text(readonly=True)

    def _compute_progress(self):
        for job in self:
            job.progress = 100.0 * job.done_count / job.total if job.total else 0.0

    @api.model
    def _queue(self, attachment, submissions):
        job = self.create({"user_id": self.env.uid, "attachment_id": attachment.id,
                           "submission_ids": submissions.ids, "total": len(submissions)})
        self.env.ref("esign_forms.ir_cron_form_exports")._trigger()
        return job

    @api.model
    def _cron_run(self):
        """Write every queued export, one transaction each."""
        testing = getattr(threading.current_thread(), "testing", False)
        while True:
            self.env.cr.execute(
                "UPDATE esign_form_export_job SET state = 'running' WHERE id = ("
                "SELECT id FROM esign_form_export_job WHERE state = 'queued' ORDER BY id "
                "LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id")
            row = self.env.cr.fetchone()
            if not row:
                return
            job = self.browse(row[0])
            job.invalidate_recordset()
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            job._run(testing)
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _run(self, testing):
        """Export what the requester may still read, then tell them."""
        self.ensure_one()
        readable = self.env["esign.form.submission"].with_user(self.user_id).search(
            [("id", "in", self.sudo().submission_ids or [])])
        try:
            with self.env.cr.savepoint():
                self.env["esign.form"]._write_export(
                    self.attachment_id, readable.ids,
                    on_progress=None if testing else self._report_progress)
        except Exception as err:  # noqa: BLE001 - recorded on the job and told to its user
            _logger.warning("Form export %s failed", self.id, exc_info=True)
            self.write({"state": "failed", "error": str(err)})
            self._notify(_("The export “%(name)s” failed.", name=self.attachment_name), "danger")
            return
        self.write({"state": "done", "done_count": len(readable)})
        self._notify(_("Your export “%(name)s” is ready.", name=self.attachment_name), "success")

    def _report_progress(self, rows):
        """Progress is written in its own short transaction, so people see it."""
        with self.env.registry.cursor() as cr:
            cr.execute("UPDATE esign_form_export_job SET done_count = %s WHERE id = %s",
                       [rows, self.id])

    def _notify(self, message, kind):
        """A message with the file in the requester's inbox, and a live notice."""
        self.ensure_one()
        partner = self.user_id.partner_id
        form = self.env["esign.form"].sudo().browse(self.attachment_id.res_id).exists()
        if form:
            form.message_post(body=message, partner_ids=partner.ids,
                              attachment_ids=self.attachment_id.ids if kind == "success" else [],
                              subtype_xmlid="mail.mt_note")
        self.user_id._bus_send("simple_notification", {
            "title": _("Form export"), "message": message, "type": kind, "sticky": True})
