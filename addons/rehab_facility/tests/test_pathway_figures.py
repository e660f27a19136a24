"""Stage counts and rating distribution per month: the figures block, the
workbook sheet and the dashboard (counts only for the province)."""

import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .pathway_common import PathwayCase


@tagged("post_install", "-at_install")
class TestPathwayFigures(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.province_user = cls._user(
            "province_pf", "rehab_facility.group_rehab_province"
        )
        cls.a = cls._admitted(cls._resident(), date(2026, 9, 1), cls.bed_c1, term=24)
        cls.b = cls._admitted(
            cls._resident("Lê Văn Hai", serial="000222"),
            date(2026, 9, 1),
            cls.bed_c2,
            term=24,
        )
        as_counsellor = cls.a.with_user(cls.counsellor_user)
        as_counsellor.advance_stage(date(2026, 9, 3))  # detox
        as_counsellor.advance_stage(date(2026, 10, 5))  # education
        cls.b.with_user(cls.counsellor_user).advance_stage(date(2026, 9, 30))

    def _figures(self):
        return self.env["rehab.pathway.figures"]._pathway_figures(
            [self.facility.id], date(2026, 9, 1), date(2026, 10, 31)
        )

    def test_stage_counts_and_ratings_per_month(self):
        sheet = self._sheet(self.area_compulsory_m, date(2026, 9, 1))
        self._rate_all(sheet, {self.a: "tot", self.b: "kha"})
        figures = self._figures()
        september, october = figures["months"]
        self.assertEqual(september["month"], "2026-09-01")
        self.assertEqual(september["stages"], {"detox": 2})
        self.assertEqual(october["stages"], {"education": 1, "detox": 1})
        self.assertEqual(september["ratings"], {"tot": 1, "kha": 1})
        self.assertEqual(october["ratings"], {})
        # The same as the stage in force by _stage_on.
        on = (self.a | self.b)._stage_on(date(2026, 10, 31))
        self.assertEqual(sorted(s.code for s in on.values()), ["detox", "education"])

    def test_workbook_sheet(self):
        book = self.env["report.rehab_facility.occupancy_xlsx"]
        sheets = [name for __, name, __ in book._sheets()]
        self.assertIn("10. Giai đoạn, xếp loại", sheets)
        report = self.env["rehab.occupancy.report"].with_user(self.manager_user)
        figures = report.report_figures(
            self.facility,
            {
                "period_type": "month",
                "date_from": date(2026, 10, 1),
                "date_to": date(2026, 10, 31),
                "source": "live",
                "recipient": "Sở Y tế",
            },
        )
        content = book.create_xlsx(figures)
        ws = openpyxl.load_workbook(io.BytesIO(content))["10. Giai đoạn, xếp loại"]
        rows = {}
        for row in ws.iter_rows(values_only=True):
            if row and len(row) > 2 and isinstance(row[1], str):
                rows.setdefault(row[1], row[2:])  # the stage table comes first
        self.assertEqual(rows["Tổng số"][0], 2)
        education = self.env.ref("rehab_facility.stage_education").with_context(
            lang=self.env["res.lang"]._get_code("vi_VN") or "en_US"
        )
        self.assertEqual(rows[education.name][0], 1)
        self.assertEqual(figures["pathway"]["months"][0]["stages"]["detox"], 1)

    def test_province_sees_aggregates_only(self):
        dashboard = self.env["rehab.dashboard"].with_user(self.province_user).create({})
        self.assertIn("<table", str(dashboard.pathway_stage_html))
        for model in ("rehab.stay.stage", "rehab.rating", "rehab.individual.plan"):
            with self.assertRefused(AccessError, "not allowed"):
                self.env[model].with_user(self.province_user).search([])

    def test_stage_on_the_bed_board_card(self):
        bed = self.bed_c1.with_user(self.counsellor_user)
        self.assertEqual(bed.current_stage_id.code, "education")
        self.assertEqual(bed.current_stage_progress, 50)
        with self.assertRefused(AccessError, "enough rights|not allowed"):
            self.bed_c1.with_user(self.instructor_user).read(["current_stage_id"])
