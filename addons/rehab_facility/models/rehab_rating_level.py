from odoo import fields, models


class RehabRatingLevel(models.Model):
    """A level of the monthly rating scale (xếp loại): data, not code.

    Shipped: tốt, khá, trung bình, kém. Decree 116/2021 Art. 58: the last 3
    consecutive months rated "khá" or better, after half the term, ground a
    court reduction of 1-3 months (``meets_reduction``).
    """

    _name = "rehab.rating.level"
    _description = "Monthly Rating Level"
    _order = "rank desc, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    rank = fields.Integer(required=True, help="Higher is better.")
    meets_reduction = fields.Boolean(
        string="Counts for a Reduction",
        help="“Khá” or better (Decree 116/2021 Art. 58).",
    )
    comment_required = fields.Boolean(
        help="The officer must say why (the lowest level)."
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "UNIQUE(code)", "Each level has its own code.")]
