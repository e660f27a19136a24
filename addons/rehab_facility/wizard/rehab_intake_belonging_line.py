from odoo import fields, models

from ..models.rehab_belonging import QUANTITY_MAX


class RehabIntakeBelongingLine(models.TransientModel):
    _name = "rehab.intake.belonging.line"
    _description = "Intake Wizard: Deposited Item"
    _inherit = ["rehab.input.guard.mixin"]
    # The same bounds as the deposit itself (rehab.belonging).
    _guard_name_fields = ("name",)
    _guard_bounds = {"quantity": (0.01, QUANTITY_MAX)}

    wizard_id = fields.Many2one(
        "rehab.intake.wizard", required=True, ondelete="cascade"
    )
    name = fields.Char(string="Item", required=True)
    quantity = fields.Float(default=1.0, digits=(16, 2), required=True)
    uom = fields.Char(string="Unit", default="cái")
    description = fields.Char(string="Description and Condition")
