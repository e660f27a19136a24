from odoo import fields, models


class RehabBelonging(models.Model):
    """An item of personal property deposited at intake (itemised list)."""

    _name = "rehab.belonging"
    _description = "Deposited Belonging"
    _order = "stay_id, sequence, id"

    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, string="Facility"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    quantity = fields.Float(default=1.0, digits=(16, 2), required=True)
    uom = fields.Char(string="Unit", default="item")
    description = fields.Char(string="Description and Condition")
    returned_quantity = fields.Float(digits=(16, 2), readonly=True, copy=False)
    return_note = fields.Char(
        string="Return Explanation",
        readonly=True,
        copy=False,
        help="Why what was returned differs from what was deposited.",
    )
    return_date = fields.Date(readonly=True, copy=False)
    deposit_date = fields.Date(
        string="Deposited On",
        required=True,
        default=lambda self: self.env.company.rehab_today(),
    )

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "The quantity of a deposited item must be positive.",
        ),
    ]
