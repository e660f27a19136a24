from odoo import api, fields, models


class RehabDischargeBelongingLine(models.TransientModel):
    _name = "rehab.discharge.belonging.line"
    _description = "Discharge Wizard: Belonging Returned"
    _inherit = ["rehab.input.guard.mixin"]

    wizard_id = fields.Many2one(
        "rehab.discharge.wizard", required=True, ondelete="cascade"
    )
    belonging_id = fields.Many2one("rehab.belonging", required=True)
    name = fields.Char(related="belonging_id.name", string="Item")
    deposited_quantity = fields.Float(
        related="belonging_id.quantity", string="Deposited"
    )
    uom = fields.Char(related="belonging_id.uom", string="Unit")
    returned_quantity = fields.Float(string="Returned", digits=(16, 2))
    explanation = fields.Char(help="Required when returned differs from deposited.")
    differs = fields.Boolean(compute="_compute_differs")

    @api.depends("returned_quantity", "deposited_quantity")
    def _compute_differs(self):
        for line in self:
            line.differs = line.returned_quantity != line.deposited_quantity
