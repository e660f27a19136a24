"""Yearly plans: targets, actuals with the workbook's definitions (the
Quảng Ninh 2022 figures), progress on the dashboard, who edits what, and
the indicators a province adds."""

import io

import openpyxl

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .plan_common import Y2022, PlanCase

QN_TARGETS = {
    "rehab_total": 900,
    "rehab_facility": 750,
    "rehab_home": 150,
    "vocational_trainees": 360,
    "job_placements": 420,
    "post_rehab_coverage": 100,
}


def _params(date_from, date_to):
    return {
        "period_type": "year",
        "date_from": date_from,
        "date_to": date_to,
        "source": "live",
        "recipient": "PC04",
        "include_annex": False,
    }


@tagged("post_install", "-at_install")
class TestPlanActuals(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._quang_ninh_2022()
        cls.plan = cls._plan(user=cls.manager_user, **QN_TARGETS)

    def _sheet_rows(self, sheet):
        return [
            [cell.value for cell in row] for row in sheet.iter_rows() if row[1].value
        ]

    def test_fixture_is_quang_ninh_2022(self):
        figures = self.env["rehab.occupancy.report"].report_figures(
            self.facility, _params(*Y2022)
        )
        lines = figures["movements"]["lines"]
        admissions = lines["admission_first"]
        self.assertEqual(sum(lines["closing"].values()), 497)
        self.assertEqual(sum(admissions.values()), 390)
        self.assertEqual(
            (admissions["voluntary"], admissions["compulsory_adult"]), (199, 177)
        )

    def test_actuals_equal_the_workbook(self):
        log = (
            self.env["rehab.occupancy.report"]
            .with_user(self.manager_user)
            .export(self.facility, _params(*Y2022))
        )
        figures = log.figures
        lines = figures["movements"]["lines"]
        in_rehab = sum(
            sum(lines.get(key, {}).values())
            for key in ("opening", "admission_first", "admission_relapse")
        )
        outcomes = figures["outcomes"]
        actual = {
            t.indicator_id.code: (t.actual, t.has_actual)
            for t in self.plan.with_user(self.manager_user).target_ids
        }
        self.assertEqual(in_rehab, 227 + 390)
        self.assertEqual(actual["rehab_facility"], (in_rehab, True))
        self.assertEqual(actual["rehab_total"], (in_rehab, True))
        self.assertEqual(actual["rehab_home"], (0.0, False), "not recorded")
        self.assertEqual(actual["job_placements"], (outcomes["jobs"], True))
        self.assertEqual(outcomes["jobs"], 42)
        self.assertEqual((outcomes["released_home"], outcomes["managed"]), (110, 100))
        self.assertEqual(
            actual["post_rehab_coverage"], (round(100 * 100 / 110, 1), True)
        )
        self.assertEqual(outcomes["relapsed"], 4)
        self.assertEqual(outcomes["relapse_rate"], 4 / 100)
        # The plan sheet of the same workbook carries the same actuals.
        book = openpyxl.load_workbook(io.BytesIO(log.attachment_id.raw))
        self.assertIn("9. Kế hoạch", book.sheetnames)
        rows = {row[1]: row for row in self._sheet_rows(book["9. Kế hoạch"])}

        def row(code):
            return rows[self.indicators[code].with_context(lang="vi_VN").name]

        self.assertEqual(row("rehab_facility")[2:5], [750, in_rehab, in_rehab])
        self.assertEqual(row("rehab_home")[3], "-")
        self.assertEqual(row("job_placements")[4], 42)
        outcome_rows = {
            row[1]: row[2] for row in self._sheet_rows(book["7. Sau cai nghiện"])
        }
        self.assertEqual(
            outcome_rows["Số người có việc làm sau cai nghiện (trong kỳ)"], 42
        )

    def test_progress_month_by_month(self):
        months = self.plan._monthly_actuals()
        self.assertEqual(len(months), 12)
        facility = self.indicators["rehab_facility"].id
        values = [row[facility] for __, row in months]
        self.assertEqual(values, sorted(values), "cumulative from January")
        self.assertEqual(values[-1], 617)
        html = str(self.plan.with_user(self.manager_user).progress_html)
        self.assertIn("progress-bar", html)
        self.assertIn("82%", html)  # 617 / 750

    def test_province_plan_covers_its_facilities(self):
        plan = self._plan(user=self.province_user, scope="province", rehab_facility=900)
        self.assertEqual(plan.target_ids.actual, 617)
        self.assertEqual(plan.name, "2022 - Quảng Ninh")


@tagged("post_install", "-at_install")
class TestPlanAccess(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(year=2026, rehab_facility=100)

    def test_manager_edits_own_facility_plan_only(self):
        plan = self.plan.with_user(self.manager_user)
        plan.target_ids.target = 120
        self.assertEqual(plan.target_ids.target, 120)
        with self.assertRaises(AccessError):
            self.env["rehab.plan"].with_user(self.manager_user).create(
                {
                    "year": 2026,
                    "scope": "facility",
                    "company_id": self.other_facility.id,
                }
            )

    def test_auditor_reads_intake_and_security_do_not(self):
        self.assertEqual(self.plan.with_user(self.auditor_user).name, self.plan.name)
        with self.assertRaises(AccessError):
            self.plan.with_user(self.auditor_user).write({"note": "x"})
        for user in (self.intake_user, self.security_user):
            with self.assertRaises(AccessError):
                self.env["rehab.plan"].with_user(user).search([])

    def test_province_keeps_own_province_plans_reads_facility_plans(self):
        Plan = self.env["rehab.plan"].with_user(self.province_user)
        plan = Plan.create(
            {"year": 2026, "scope": "province", "province_id": self.quang_ninh.id,
             "company_id": False}
        )  # fmt: skip
        plan.note = "Kế hoạch tỉnh"
        self.assertEqual(Plan.search([]), plan | self.plan)
        dashboard = self.env["rehab.dashboard"].with_user(self.province_user).create({})
        self.assertIn("2026 - Quảng Ninh", str(dashboard.plan_progress_html))
        with self.assertRaises(AccessError):
            self.plan.with_user(self.province_user).write({"note": "x"})
        with self.assertRaises(AccessError):
            Plan.create(
                {"year": 2026, "scope": "province", "province_id": self.ha_noi.id,
                 "company_id": False}
            )  # fmt: skip

    def test_one_plan_per_facility_and_year(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception) as caught:
            with self.env.cr.savepoint():
                self._plan(year=2026, rehab_total=1)
        self.assertIn("rehab_plan_facility_year_uniq", str(caught.exception))

    def test_scope_names_its_owner(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception) as caught:
            with self.env.cr.savepoint():
                self.env["rehab.plan"].create(
                    {"year": 2025, "scope": "province", "company_id": False}
                )
        self.assertIn("scope_complete", str(caught.exception))

    def test_dashboard_shows_progress_to_plan_readers(self):
        dashboard = self.env["rehab.dashboard"].with_user(self.manager_user).create({})
        self.assertIn("progress-bar", str(dashboard.plan_progress_html))
        self.assertIn(self.plan.name, str(dashboard.plan_progress_html))
        auditor = self.env["rehab.dashboard"].with_user(self.auditor_user).create({})
        self.assertIn(self.plan.name, str(auditor.plan_progress_html))
        self.plan.active = False
        nothing = self.env["rehab.dashboard"].with_user(self.manager_user).create({})
        self.assertFalse(nothing.plan_progress_html)


@tagged("post_install", "-at_install")
class TestProvinceIndicator(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        people = cls._people(3, "vol")
        cls._stays(people, "voluntary", [Y2022[0]] * 3)
        cls._stays(cls._people(2, "pend"), "pending", [Y2022[0]] * 2)

    def _indicator(self, domain, code="qn_voluntary", user=None):
        return (
            self.env["rehab.plan.indicator"]
            .with_user(user or self.province_user)
            .create(
                {
                    "name": "Số người cai nghiện tự nguyện",
                    "code": code,
                    "computation": "count",
                    "count_model": "rehab.stay",
                    "count_domain": domain,
                    "province_id": self.quang_ninh.id,
                }
            )
        )

    def test_province_adds_a_counted_indicator(self):
        indicator = self._indicator("[('order_kind', '=', 'voluntary')]")
        values = indicator._values(self.facility.ids, *Y2022)
        self.assertEqual(values[indicator.id], 3)
        plan = self._plan(scope="province", user=self.province_user)
        plan.target_ids = [(0, 0, {"indicator_id": indicator.id, "target": 10})]
        self.assertEqual(plan.with_user(self.province_user).target_ids.actual, 3)

    def test_filter_is_data_not_code(self):
        for bad in (
            "__import__('os').system('true')",
            "[('resident_id.hiv_status', '=', 'positive')]",
            "[('order_kind', 'like', 'vol')]",
            "{'order_kind': 1}",
        ):
            with self.assertRaises(ValidationError, msg=bad):
                self._indicator(bad, code=f"bad_{len(bad)}")

    def test_province_edits_only_its_own_indicators(self):
        shipped = self.indicators["rehab_facility"].with_user(self.province_user)
        self.assertTrue(shipped.name)
        with self.assertRaises(AccessError):
            shipped.write({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["rehab.plan.indicator"].with_user(self.province_user).create(
                {"name": "x", "code": "x", "count_model": "rehab.stay",
                 "province_id": self.ha_noi.id}
            )  # fmt: skip
        with self.assertRaises(AccessError):
            self._indicator("[]", user=self.manager_user)
