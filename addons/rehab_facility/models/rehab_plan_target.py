from odoo import api, fields, models


class RehabPlanTarget(models.Model):
    """A target (chỉ tiêu) of a yearly plan, with its actual (thực hiện)
    from 1 January to today (or to the year's end), computed from the
    records (``rehab.plan.indicator``)."""

    _name = "rehab.plan.target"
    _description = "Plan Target"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "rehab.plan", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(related="indicator_id.sequence", store=True)
    scope = fields.Selection(related="plan_id.scope", store=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    province_id = fields.Many2one(related="plan_id.province_id", store=True)
    indicator_id = fields.Many2one(
        "rehab.plan.indicator", required=True, ondelete="restrict"
    )
    unit = fields.Selection(related="indicator_id.unit")
    direction = fields.Selection(related="indicator_id.direction")
    target = fields.Float(required=True, digits=(16, 1))
    actual = fields.Float(compute="_compute_actual", digits=(16, 1))
    has_actual = fields.Boolean(
        string="Recorded",
        compute="_compute_actual",
        help="False when the product records no data for this indicator.",
    )
    progress = fields.Float(
        string="Progress (%)", compute="_compute_actual", digits=(16, 1)
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "indicator_unique",
            "unique(plan_id, indicator_id)",
            "An indicator appears once in a plan.",
        ),
        ("target_positive", "CHECK (target >= 0)", "A target cannot be negative."),
    ]

    @api.depends("plan_id", "indicator_id", "target")
    def _compute_actual(self):
        for plan in self.plan_id:
            targets = self.filtered(lambda t, p=plan: t.plan_id == p)
            actuals = plan._actuals(plan._year_start(), plan._period_end())
            for target in targets:
                value = actuals.get(target.indicator_id.id)
                target.has_actual = value is not None
                target.actual = value or 0.0
                target.progress = target._ratio(value) or 0.0
        for target in self.filtered(lambda t: not t.plan_id):
            target.update({"has_actual": False, "actual": 0.0, "progress": 0.0})

    def _ratio(self, actual):
        """Actual as a percentage of the target (None: no actual or target)."""
        if actual is None or not self.target:
            return None
        return 100.0 * actual / self.target

    def _reached(self, actual):
        if actual is None:
            return False
        if self.direction == "at_most":
            return actual <= self.target
        return actual >= self.target

    def _fmt(self, value):
        if value is None:
            return "-"
        text = f"{value:,.1f}".rstrip("0").rstrip(".")
        return f"{text} %" if self.unit == "percent" else text

    def _row(self, period_actual, year_actual):
        """One line of the workbook's plan sheet (JSON-ready)."""
        return {
            "code": self.indicator_id.code,
            "indicator": self.indicator_id.with_context(lang=self._vi()).name,
            "unit": self.unit,
            "direction": self.direction,
            "target": self.target,
            "period": period_actual,
            "year": year_actual,
            "progress": self._ratio(year_actual),
        }

    def _vi(self):
        return self.env["res.lang"]._get_code("vi_VN") or self.env.lang
