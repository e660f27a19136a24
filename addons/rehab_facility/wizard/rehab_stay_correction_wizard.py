from odoo import fields, models


class RehabStayCorrectionWizard(models.TransientModel):
    """A dated, reasoned correction of a stay's term (a manual ledger line)."""

    _name = "rehab.stay.correction.wizard"
    _description = "Correct the Term"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_bounds = {"days": (0, 3660), "months": (0, 60)}

    stay_id = fields.Many2one("rehab.stay", required=True, readonly=True)
    direction = fields.Selection(
        [("extend", "Extends the term"), ("reduce", "Shortens the term")],
        required=True,
        default="extend",
    )
    months = fields.Integer()
    days = fields.Integer()
    reference = fields.Char(string="Document Reference")
    reason = fields.Char(required=True)
    expected_release_date = fields.Date(related="stay_id.expected_release_date")

    def action_confirm(self):
        self.ensure_one()
        self.stay_id.add_term_correction(
            self.direction,
            self.reason,
            days=self.days,
            months=self.months,
            reference=self.reference,
        )
        return {"type": "ir.actions.act_window_close"}
