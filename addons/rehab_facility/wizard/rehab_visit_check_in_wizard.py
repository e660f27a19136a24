from odoo import fields, models


class RehabVisitCheckInWizard(models.TransientModel):
    """Check in at the gate: the citizen IDs shown, then ``visit.check_in``."""

    _name = "rehab.visit.check.in.wizard"
    _description = "Check In at the Gate"
    _inherit = ["rehab.gate.wizard.mixin"]
    _gate_visible_fields = ("visit_id",)

    visit_id = fields.Many2one("rehab.visit", required=True, readonly=True)
    booked_line_ids = fields.One2many(related="visit_id.visitor_line_ids")
    citizen_ids = fields.Text(
        string="Citizen IDs Shown",
        required=True,
        help="The citizen ID (CCCD) on the card of each visitor at the gate, one "
        "per line.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.visit_id.check_in(self.citizen_ids)
        return {"type": "ir.actions.act_window_close"}
