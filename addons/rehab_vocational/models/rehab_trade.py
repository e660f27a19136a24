from odoo import fields, models

# Law on Vocational Education 2014 and Circular 42/2015/TT-BLĐTBXH (DOMAIN §6):
# an elementary course (sơ cấp) lasts 3 months to under a year, at least 300
# hours; shorter courses end with a pass/fail assessment.
CERTIFICATE_LEVELS = [
    ("elementary", "Elementary (sơ cấp)"),
    ("short", "Short course (under 3 months)"),
]


class RehabTrade(models.Model):
    """A trade taught at the facility (air-conditioner repair, sewing...)."""

    _name = "rehab.trade"
    _description = "Trade"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    certificate_level = fields.Selection(
        CERTIFICATE_LEVELS,
        string="Usual Certificate Level",
        required=True,
        default="elementary",
        help="Proposed for the new classes of this trade.",
    )
    required_hours = fields.Float(
        string="Usual Hours",
        default=300.0,
        help="Proposed for the new classes of this trade.",
    )
    description = fields.Text(translate=True)
    class_ids = fields.One2many("rehab.training.class", "trade_id", string="Classes")
    class_count = fields.Integer(compute="_compute_class_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another trade already has this code."),
    ]

    def _compute_class_count(self):
        counts = dict(
            self.env["rehab.training.class"]._read_group(
                [("trade_id", "in", self.ids)], ["trade_id"], ["__count"]
            )
        )
        for trade in self:
            trade.class_count = counts.get(trade, 0)
