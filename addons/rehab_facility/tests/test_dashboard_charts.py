"""The dashboard's charts (issue #16): what each one embeds, who may see
the records behind it, and the manager's tour (Chromium, Vietnamese UI)."""

from odoo.tests import HttpCase, tagged

CHARTS = ("occupancy_trend", "admissions", "releases", "beds", "incidents")


@tagged("post_install", "-at_install")
class TestDashboardCharts(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.env.ref("rehab_facility.user_manager")
        # The nightly job records the daily figures the trend is drawn from.
        cls.env["rehab.occupancy.snapshot"]._cron_snapshot(
            max_days=366, days_per_run=366
        )

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
