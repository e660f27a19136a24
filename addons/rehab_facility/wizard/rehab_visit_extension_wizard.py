from odoo import fields, models


class RehabVisitExtensionWizard(models.TransientModel):
    """The director's approval of a longer visit: ``visit.approve_extension``."""

    _name = "rehab.visit.extension.wizard"
    _description = "Approve a Longer Visit"
    _inherit = ["rehab.gate.wizard.mixin"]
    _gate_visible_fields = ("visit_id",)
    _guard_bounds = {"hours": (0, 24)}

    visit_id = fields.Many2one("rehab.visit", required=True, readonly=True)
    hours = fields.Float(
        string="Hours Allowed",
        required=True,
        default=lambda self: self.env.company.rehab_visit_extended_hours,
    )
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.visit_id.approve_extension(self.hours, self.reason)
        return {"type": "ir.actions.act_window_close"}
