"""The plan's vocational trainees: the trainees of the workbook's sheet 4,
through rehab_facility's indicator hook."""

from datetime import date

from odoo.tests import tagged

from .common import TODAY
from .test_report_figures import FiguresCase


@tagged("post_install", "-at_install")
class TestPlanTrainees(FiguresCase):
    def test_trainees_actual_equals_sheet_4(self):
        residents = [self._admitted(name) for name in ("A Lê", "B Trần", "C Võ")]
        veg_class = self._short_class("Rau K1", date_end=date(2026, 11, 10))
        self._enroll(veg_class, residents[0] | residents[1] | residents[2])
        indicator = self.env.ref("rehab_facility.plan_indicator_vocational_trainees")
        plan = (
            self.env["rehab.plan"]
            .with_user(self.manager_user)
            .create(
                {
                    "year": 2026,
                    "scope": "facility",
                    "company_id": self.facility.id,
                    "target_ids": [(0, 0, {"indicator_id": indicator.id, "target": 6})],
                }
            )
        )
        d1, d2 = date(2026, 11, 1), TODAY
        __, log = self._export(d1, d2)
        trainees = log.figures["vocational"]["trainees"]
        self.assertEqual(trainees, 3)
        (row,) = log.figures["plan"][0]["targets"]
        self.assertEqual((row["period"], row["target"]), (trainees, 6))
        self.assertEqual(row["year"], trainees)  # no class before November
        target = plan.target_ids
        self.assertEqual((target.actual, target.has_actual), (3, True))
        self.assertEqual(target.progress, 50)
