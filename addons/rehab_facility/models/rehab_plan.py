"""Yearly plan (kế hoạch) of a facility or of a province: targets
(chỉ tiêu) per indicator and the actuals (thực hiện) computed from the
records with the workbook's definitions (``rehab.plan.indicator``).

A facility plan covers its facility; a province plan covers every facility
of the province (``res.company.rehab_province_id``). Managers keep their
facility's plans; the provincial authority keeps its province's plans and
reads the facility plans of its facilities: targets and counts only.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class RehabPlan(models.Model):
    _name = "rehab.plan"
    _description = "Yearly Plan"
    _inherit = ["mail.thread"]
    _order = "year desc, scope, id"

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: self.env.company.rehab_today().year,
    )
    scope = fields.Selection(
        [("facility", "Facility"), ("province", "Province")],
        required=True,
        default="facility",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
    )
    province_id = fields.Many2one("rehab.province", index=True, tracking=True)
    target_ids = fields.One2many("rehab.plan.target", "plan_id", string="Targets")
    note = fields.Text()
    active = fields.Boolean(default=True)
    progress_html = fields.Html(
        string="Progress", compute="_compute_progress_html", sanitize=False
    )

    _sql_constraints = [
        (
            "scope_complete",
            "CHECK ((scope = 'facility' AND company_id IS NOT NULL "
            "AND province_id IS NULL) OR (scope = 'province' "
            "AND province_id IS NOT NULL AND company_id IS NULL))",
            "A facility plan names its facility, a province plan its province.",
        ),
        ("year_valid", "CHECK (year BETWEEN 2000 AND 2100)", "Enter a valid year."),
    ]

    def init(self):
        """One active plan per facility and year, one per province and year."""
        for name, column, scope in (
            ("rehab_plan_facility_year_uniq", "company_id", "facility"),
            ("rehab_plan_province_year_uniq", "province_id", "province"),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON rehab_plan (%s, year) "
                    "WHERE scope = %s AND active",
                    SQL.identifier(name),
                    SQL.identifier(column),
                    scope,
                )
            )

    @api.depends("year", "scope", "company_id.name", "province_id.name")
    def _compute_name(self):
        for plan in self:
            owner = plan.company_id if plan.scope == "facility" else plan.province_id
            plan.name = f"{plan.year} - {owner.name or ''}"

    @api.onchange("scope")
    def _onchange_scope(self):
        if self.scope == "province":
            self.company_id = False
            self.province_id = self.province_id or self.env.company.rehab_province_id
        else:
            self.province_id = False
            self.company_id = self.company_id or self.env.company

    @api.constrains("scope", "province_id", "company_id")
    def _check_province(self):
        for plan in self:
            if plan.scope == "province" and not plan._facility_ids():
                raise ValidationError(
                    self.env._(
                        "No facility belongs to %s: set the province of the "
                        "facilities first.",
                        plan.province_id.name,
                    )
                )

    # -------------------------------------------------------------- figures
    def _facility_ids(self):
        """The facilities a plan covers (as superuser: a province covers
        facilities its user may not read)."""
        self.ensure_one()
        if self.scope == "facility":
            return self.company_id.ids
        return (
            self.env["res.company"]
            .sudo()
            .search([("rehab_province_id", "=", self.province_id.id)])
            .ids
        )

    def _year_start(self):
        return date(self.year, 1, 1)

    def _period_end(self):
        """Actuals run to the end of the year, or to today in the year."""
        self.ensure_one()
        companies = self.env["res.company"].sudo().browse(self._facility_ids())
        today = max((c.rehab_today() for c in companies), default=date.today())
        return min(date(self.year, 12, 31), today)

    def _actuals(self, date_from, date_to):
        """``{indicator id: value or None}`` of the plan's targets."""
        self.ensure_one()
        indicators = self.target_ids.indicator_id.sudo()
        if date_to < date_from:  # a plan of a year not begun yet
            return dict.fromkeys(indicators.ids)
        return indicators._values(self._facility_ids(), date_from, date_to)

    def _monthly_actuals(self):
        """``[(month end, {indicator id: value})]``: cumulative from 1 January
        to the end of each month of the year up to today."""
        self.ensure_one()
        start, end = self._year_start(), self._period_end()
        months = []
        month_start = start
        while month_start <= end:
            month_end = min(month_start + relativedelta(months=1, days=-1), end)
            months.append((month_end, self._actuals(start, month_end)))
            month_start += relativedelta(months=1)
        return months

    @api.model
    def _plan_rows(self, company_ids, date_from, date_to):
        """The workbook's plan block: the plans of the year of ``date_to``
        whose facilities are all reported on, with the target, the actual of
        the period and the actual from 1 January (JSON-ready)."""
        company_ids = set(company_ids)
        provinces = (
            self.env["res.company"].sudo().browse(company_ids).rehab_province_id.ids
        )
        plans = self.sudo().search(
            [
                ("year", "=", date_to.year),
                "|",
                ("company_id", "in", list(company_ids)),
                ("province_id", "in", provinces),
            ]
        )
        year_start = date(date_to.year, 1, 1)
        rows = []
        for plan in plans:
            if not set(plan._facility_ids()) <= company_ids:
                continue
            period = plan._actuals(date_from, date_to)
            year = plan._actuals(year_start, date_to)
            targets = [
                target._row(
                    period[target.indicator_id.id], year[target.indicator_id.id]
                )
                for target in plan.target_ids
            ]
            rows.append(
                {"plan": plan.name, "scope": plan.scope, "year": plan.year,
                 "targets": targets}
            )  # fmt: skip
        return rows

    # ------------------------------------------------------------- progress
    @api.depends("target_ids.target")
    def _compute_progress_html(self):
        for plan in self:
            plan.progress_html = plan._progress_table() if plan.id else False

    def _progress_table(self):
        """Targets with a bar of the actual against the target, and the
        cumulative actual at the end of every month so far."""
        self.ensure_one()
        months = self._monthly_actuals()
        head = [self.env._("Indicator"), self.env._("Target"), self.env._("Actual")]
        head += [self.env._("Progress")] + [f"{day:%m}" for day, __ in months]
        body = []
        for target in self.target_ids:
            values = [row.get(target.indicator_id.id) for __, row in months]
            actual = values[-1] if values else None
            ratio = target._ratio(actual)
            bar = Markup(
                '<div class="progress" style="min-width:8em">'
                '<div class="progress-bar %s" style="width:%s%%">%s</div></div>'
            ) % (
                "bg-success" if target._reached(actual) else "bg-warning",
                f"{min(100.0, ratio or 0.0):.0f}",
                "-" if ratio is None else f"{ratio:.0f}%",
            )
            cells = [target.indicator_id.name, target._fmt(target.target)]
            cells += [target._fmt(actual), bar] + [target._fmt(v) for v in values]
            body.append(Markup("").join(Markup("<td>%s</td>") % c for c in cells))
        return Markup(
            '<table class="table table-sm o_rehab_plan_progress">'
            "<thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
        ) % (
            Markup("").join(Markup("<th>%s</th>") % label for label in head),
            Markup("").join(Markup("<tr>%s</tr>") % row for row in body),
        )
