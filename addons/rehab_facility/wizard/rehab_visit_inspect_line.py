from odoo import fields, models

from ..models.rehab_visit_item import ITEM_OUTCOMES


class RehabVisitInspectLine(models.TransientModel):
    _name = "rehab.visit.inspect.line"
    _description = "Item Inspected at the Gate"
    _inherit = ["rehab.input.guard.mixin"]

    wizard_id = fields.Many2one(
        "rehab.visit.inspect.wizard", required=True, ondelete="cascade"
    )
    visitor_id = fields.Many2one("rehab.visitor", string="Brought By")
    name = fields.Char(string="Item", required=True)
    quantity = fields.Float(default=1.0)
    outcome = fields.Selection(ITEM_OUTCOMES, required=True, default="accepted")
    contraband = fields.Boolean(string="Prohibited")
