"""The dashboard's charts (issue #16): what each one embeds, who may see
the records behind it, and the manager's tour (Chromium, Vietnamese UI)."""

from datetime import timedelta

from odoo.tests import HttpCase, tagged

CHARTS = ("occupancy_trend", "admissions", "releases", "beds", "incidents")


@tagged("post_install", "-at_install")
class TestDashboardCharts(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.env.ref("rehab_facility.user_manager")

    def test_each_chart_is_on_the_records_behind_it(self):
        Dashboard = self.env["rehab.dashboard"].with_user(self.manager)
        start = Dashboard._chart_start()
        self.assertEqual(start.day, 1)
        for key in CHARTS:
            with self.subTest(chart=key):
                chart = Dashboard.get_chart(key)
                self.assertFalse(chart.get("denied"))
                records = self.env[chart["res_model"]].with_user(self.manager)
                view = self.env["ir.ui.view"].browse(chart["view_id"])
                self.assertEqual(view.model, chart["res_model"])
                self.assertEqual(view.type, "graph")
                self.assertIn(
                    ("company_id", "in", [self.manager.company_id.id]), chart["domain"]
                )
                records.search_count(chart["domain"])  # a valid domain
        trend = Dashboard.get_chart("occupancy_trend")
        self.assertTrue(
            self.env["rehab.occupancy.day"].search_count(trend["domain"]),
            "a year of recorded days to draw",
        )

    def test_demo_has_a_year_to_draw(self):
        """A fresh demo database draws its trend at once: the demo data
        recorded the past year (no wait for the nightly job), with every
        demo resident in, as the live report counts them."""
        company = self.env.ref("base.main_company")
        days = self.env["rehab.occupancy.day"].search(
            [("company_id", "=", company.id)], order="date"
        )
        yesterday = company.rehab_today() - timedelta(days=1)
        self.assertGreaterEqual(len(days), 365)
        # (the install may have been the day before the tests)
        self.assertIn(days[-1].date, (yesterday, yesterday - timedelta(days=1)))
        self.assertEqual(len(days), (days[-1].date - days[0].date).days + 1, "no gap")
        live = self.env["rehab.occupancy.figures"]._live_population_rows(
            company.ids, [days[-1].date]
        )
        self.assertEqual(
            days[-1].resident_count,
            sum(r["count"] for r in live if r["line_type"] == "population"),
        )
        self.assertTrue(days[-1].resident_count)

    def test_unknown_chart_and_unreadable_records_are_denied(self):
        Dashboard = self.env["rehab.dashboard"].with_user(self.manager)
        self.assertTrue(Dashboard.get_chart("nothing")["denied"])
        auditor = self.env.ref("rehab_facility.user_auditor")
        stays = self.env["rehab.stay"].with_user(auditor)
        chart = self.env["rehab.dashboard"].with_user(auditor).get_chart("admissions")
        self.assertEqual(bool(chart.get("denied")), not stays.has_access("read"))

    def test_manager_opens_records_from_the_charts(self):
        self.assertEqual(self.manager.lang, "vi_VN")
        self.start_tour(
            "/odoo/rehab-dashboard",
            "rehab_dashboard_charts_tour",
            login=self.manager.login,
            timeout=120,
        )
