from odoo import fields, models


class RehabDashboard(models.TransientModel):
    """The facility dashboard's class attendance tile (this week, since
    Monday): same figures as the report's sheet 4 (``rehab.occupancy.figures``
    ``_vocational_figures``), through the dashboard's ``_extra_figures``."""

    _inherit = "rehab.dashboard"

    attendance_week_rate = fields.Float(
        string="Attendance This Week (%)", compute="_compute_figures", digits=(5, 1)
    )
    sessions_week_count = fields.Integer(
        string="Sessions This Week", compute="_compute_figures"
    )

    def _extra_figures(self, company_ids, today, month_start, week_start):
        vocational = self.env["rehab.occupancy.figures"]._vocational_figures(
            company_ids, week_start, today
        )
        return {
            **super()._extra_figures(company_ids, today, month_start, week_start),
            "attendance_week_rate": 100.0 * vocational["attendance_rate"],
            "sessions_week_count": vocational["sessions"],
        }

    def action_open_attendance_week(self):
        today, __, week_start = self._dates()
        return self._list_action(
            "rehab.attendance.line",
            self.env._("Attendance This Week"),
            [
                ("company_id", "in", self.env.companies.ids),
                ("session_state", "=", "confirmed"),
                ("date", ">=", week_start),
                ("date", "<=", today),
            ],
            {"group_by": ["trade_id", "status"]},
            "list,pivot",
        )

    def _charts(self):
        return {
            **super()._charts(),
            "attendance_trade": {
                "title": self.env._("Class attendance by trade, last 12 months"),
                "model": "rehab.attendance.line",
                "view": "rehab_vocational.rehab_attendance_line_view_graph_trade",
                "domain": [
                    ("company_id", "in", self.env.companies.ids),
                    ("session_state", "=", "confirmed"),
                    ("date", ">=", self._chart_start()),
                ],
            },
        }
