from odoo import fields, models


class RehabVisitInspectWizard(models.TransientModel):
    """The items the visitors bring, then ``visit.inspect_items``."""

    _name = "rehab.visit.inspect.wizard"
    _description = "Inspect the Items"
    _inherit = ["rehab.gate.wizard.mixin"]
    _gate_visible_fields = ("visit_id",)

    visit_id = fields.Many2one("rehab.visit", required=True, readonly=True)
    visitor_ids = fields.Many2many(
        "rehab.visitor", compute="_compute_visitor_ids", string="Visitors"
    )
    line_ids = fields.One2many("rehab.visit.inspect.line", "wizard_id", string="Items")

    def _compute_visitor_ids(self):
        for wizard in self:
            wizard.visitor_ids = wizard.visit_id.visitor_line_ids.visitor_id

    def action_confirm(self):
        self.ensure_one()
        self.visit_id.inspect_items(
            [
                {
                    "name": line.name,
                    "quantity": line.quantity,
                    "outcome": line.outcome,
                    "contraband": line.contraband,
                    "visitor_id": line.visitor_id.id,
                }
                for line in self.line_ids
            ]
        )
        return {"type": "ir.actions.act_window_close"}
