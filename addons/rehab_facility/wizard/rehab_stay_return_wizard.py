from odoo import fields, models


class RehabStayReturnWizard(models.TransientModel):
    """Record a return: the days away extend the term (ledger line)."""

    _name = "rehab.stay.return.wizard"
    _description = "Record Return"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_date_kinds = {"date_end": "event"}

    stay_id = fields.Many2one("rehab.stay", required=True)
    absence_id = fields.Many2one(
        "rehab.stay.absence",
        required=True,
        domain="[('stay_id', '=', stay_id), ('is_open', '=', True)]",
    )
    kind = fields.Selection(related="absence_id.kind")
    date_start = fields.Datetime(related="absence_id.date_start", string="Away Since")
    date_end = fields.Datetime(
        string="Back On", required=True, default=fields.Datetime.now
    )
    return_kind = fields.Selection(
        [("brought_back", "Brought back"), ("came_back", "Came back voluntarily")]
    )

    def action_confirm(self):
        self.ensure_one()
        self.absence_id.action_return(self.date_end, self.return_kind)
        return {"type": "ir.actions.act_window_close"}
