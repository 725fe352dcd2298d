from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Above this many requests, stamping runs in the background.
BULK_SYNC_LIMIT = 20
BULK_WIZARD_STATES = [
    ("review", "Review"),
    ("done", "Done"),
    ("queued", "Running in the background"),
]


class EsignSealBulk(models.TransientModel):
    """Review many requests awaiting the company seal, then stamp them all.

    Up to ``BULK_SYNC_LIMIT`` requests are stamped at once and each line
    shows its result; more are queued for the background job (see
    ``esign_request_stamp_bulk.py``), which tells the user when it ends.
    Failed lines can be retried.
    """

    _name = "esign.seal.bulk"
    _description = "Apply a company seal to many requests"

    line_ids = fields.One2many("esign.seal.bulk.line", "wizard_id", "Requests")
    state = fields.Selection(BULK_WIZARD_STATES, default="review", required=True)
    total = fields.Integer(compute="_compute_counts")
    done_count = fields.Integer("Stamped", compute="_compute_counts")
    failed_count = fields.Integer("Failed", compute="_compute_counts")
    progress = fields.Float(compute="_compute_counts")

    @api.depends("line_ids.result")
    def _compute_counts(self):
        for wizard in self:
            results = wizard.line_ids.mapped("result")
            wizard.total = len(results)
            wizard.done_count = results.count("ok")
            wizard.failed_count = results.count("failed")
            wizard.progress = 100.0 * (wizard.done_count + wizard.failed_count) / (
                wizard.total or 1)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "esign.request" and context.get("active_ids"):
            requests = self.env["esign.request"].browse(context["active_ids"]).exists()
            values["line_ids"] = [(0, 0, {"request_id": r.id}) for r in requests]
        return values

    def action_apply(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.result != "ok")
        if not lines:
            raise UserError(_("Select requests awaiting the company seal first."))
        if len(lines) > BULK_SYNC_LIMIT:
            lines.request_id._queue_bulk_stamp()
            lines.write({"result": "queued", "message": _("Queued")})
            self.state = "queued"
        else:
            lines._apply()
            self.state = "done"
        return self._reopen()

    def action_retry_failed(self):
        self.ensure_one()
        self.line_ids.filtered(lambda line: line.result == "failed")._apply()
        return self._reopen()

    def _reopen(self):
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new", "name": _("Apply the company seal")}
