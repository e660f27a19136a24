from odoo import fields, models


class RehabFuneralLeaveMoveWizard(models.TransientModel):
    """The departure (with the escort) or the return of a funeral leave:
    ``leave.action_depart`` or ``leave.action_return``."""

    _name = "rehab.funeral.leave.move.wizard"
    _description = "Funeral Leave Departure or Return"
    _inherit = ["rehab.gate.wizard.mixin"]
    _gate_visible_fields = ("leave_id",)
    _guard_date_kinds = {"when": "event"}

    leave_id = fields.Many2one("rehab.funeral.leave", required=True, readonly=True)
    move = fields.Selection(
        [("depart", "Departure"), ("return", "Return")], required=True, readonly=True
    )
    due_back_at = fields.Datetime(related="leave_id.due_back_at")
    when = fields.Datetime(string="Time", required=True, default=fields.Datetime.now)
    escort_ids = fields.Many2many(
        "res.users", string="Escorted By", domain=[("share", "=", False)]
    )
    escort_note = fields.Char(string="Escort")

    def action_confirm(self):
        self.ensure_one()
        if self.move == "depart":
            self.leave_id.action_depart(
                self.when, self.escort_ids.ids, self.escort_note
            )
        else:
            self.leave_id.action_return(self.when)
        return {"type": "ir.actions.act_window_close"}
