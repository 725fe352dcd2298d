from odoo import api, fields, models

LINE_RESULTS = [
    ("todo", "To stamp"),
    ("ok", "Stamped"),
    ("failed", "Failed"),
    ("queued", "Queued"),
]


class EsignSealBulkLine(models.TransientModel):
    """One request in the bulk stamping dialog, with its own result."""

    _name = "esign.seal.bulk.line"
    _description = "Request to stamp"

    wizard_id = fields.Many2one("esign.seal.bulk", required=True, ondelete="cascade")
    request_id = fields.Many2one("esign.request", required=True, ondelete="cascade")
    document = fields.Char(related="request_id.name")
    counterparty = fields.Char(compute="_compute_review")
    amount = fields.Char(compute="_compute_review")
    result = fields.Selection(LINE_RESULTS, default="todo", required=True)
    message = fields.Char()

    @api.depends("request_id")
    def _compute_review(self):
        for line in self:
            line.counterparty = line.request_id._seal_bulk_counterparty()
            line.amount = line.request_id._seal_bulk_amount()

    def _apply(self):
        """Stamp each line's request as the current user (a savepoint each)."""
        results = {r["request_id"]: r for r in self.request_id.action_apply_seal()}
        for line in self:
            result = results[line.request_id.id]
            line.write({"result": "ok" if result["ok"] else "failed",
                        "message": result["message"]})
