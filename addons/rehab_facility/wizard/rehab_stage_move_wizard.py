from odoo import fields, models


class RehabStageMoveWizard(models.TransientModel):
    """Move a stay's rehab stage: forward to the next one, or a step back
    with its reason (Law 73/2021 Art. 29). Its fields plus one call."""

    _name = "rehab.stage.move.wizard"
    _description = "Move the Rehab Stage"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_date_kinds = {"date": "event"}

    stay_id = fields.Many2one("rehab.stay", required=True, readonly=True)
    current_stage_id = fields.Many2one(related="stay_id.current_stage_id")
    direction = fields.Selection(
        [("forward", "To the next stage"), ("back", "A stage back")],
        required=True,
        default="forward",
    )
    date = fields.Date(
        required=True, default=lambda self: self.env.company.rehab_today()
    )
    reason = fields.Char(help="Required for a step back; a note for a move forward.")

    def action_confirm(self):
        self.ensure_one()
        if self.direction == "back":
            self.stay_id.step_back_stage(self.reason, when=self.date)
        else:
            self.stay_id.advance_stage(when=self.date, note=self.reason)
        return {"type": "ir.actions.act_window_close"}
