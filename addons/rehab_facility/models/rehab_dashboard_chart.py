from dateutil.relativedelta import relativedelta

from odoo import api, models

CHART_MONTHS = 12


class RehabDashboardChart(models.AbstractModel):
    """The dashboard's charts: Odoo graph views embedded in the dashboard
    (static/src/dashboard/), each on the records behind it, so a click on a
    bar or a point opens them.

    ``_charts`` names each chart: its model, graph view and domain (the
    facilities of the company switcher, the last 12 months where it has a
    time axis). Other modules add charts by overriding ``_charts`` and
    placing a ``rehab_dashboard_chart`` widget in a view extension.
    """

    _name = "rehab.dashboard.chart.mixin"
    _description = "Dashboard Charts"

    def _chart_start(self):
        """First day of the 12-month window (this month included)."""
        today = self.env.company.rehab_today()
        return today.replace(day=1) - relativedelta(months=CHART_MONTHS - 1)

    def _charts(self):
        ids = self.env.companies.ids
        start = self._chart_start()
        return {
            "occupancy_trend": {
                "title": self.env._("Residents in the facility, last 12 months"),
                "model": "rehab.occupancy.day",
                "view": "rehab_facility.rehab_occupancy_day_view_graph_trend",
                "domain": [("company_id", "in", ids), ("date", ">=", start)],
            },
            "admissions": {
                "title": self.env._("Admissions per month, by order type"),
                "model": "rehab.stay",
                "view": "rehab_facility.rehab_stay_view_graph_admissions",
                "domain": [
                    ("company_id", "in", ids),
                    ("state", "!=", "intake"),
                    ("admission_date", ">=", start),
                ],
            },
            "releases": {
                "title": self.env._("Releases per month, by order type"),
                "model": "rehab.stay",
                "view": "rehab_facility.rehab_stay_view_graph_releases",
                "domain": [
                    ("company_id", "in", ids),
                    ("state", "=", "released"),
                    ("release_date", ">=", start),
                ],
            },
            "beds": {
                "title": self.env._("Bed use by area"),
                "model": "rehab.bed",
                "view": "rehab_facility.rehab_bed_view_graph_area",
                "domain": [("company_id", "in", ids)],
            },
            "incidents": {
                "title": self.env._("Incidents by type and severity, last 12 months"),
                "model": "rehab.incident",
                "view": "rehab_facility.rehab_incident_view_graph_type",
                "domain": [
                    ("company_id", "in", ids),
                    ("month", ">=", start),
                    ("state", "!=", "duplicate"),
                ],
            },
        }

    @api.model
    def get_chart(self, key):
        """What the chart widget embeds: model, graph view, domain, title.

        A user who may not read the records behind a chart (the provincial
        authority reads counts only) gets its title and ``denied``.
        """
        chart = self._charts().get(key)
        if not chart:
            return {"title": key, "denied": True}
        Model = self.env[chart["model"]]
        if not Model.has_access("read"):
            return {"title": chart["title"], "denied": True}
        return {
            "title": chart["title"],
            "res_model": chart["model"],
            "view_id": self.env.ref(chart["view"]).id,
            "domain": chart["domain"],
        }
