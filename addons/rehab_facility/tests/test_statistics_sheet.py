"""QĐ 127/2009 breakdowns the other sheets do not carry (sheet 8):
education, occupation, drug used, prior rehab and legal record of the people in the
facility at the end of the period, by sex; one grouped query whatever
their number."""

import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .plan_common import PlanCase

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)


@tagged("post_install", "-at_install")
class TestStatisticsSheet(PlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.drugs = cls.env["rehab.drug.type"].search([], limit=2)
        men = cls._people(4, "m", education="primary", occupation="Lao động tự do")
        women = cls._people(2, "f", sex="female", education="university",
                            occupation=" lao động TỰ DO ")  # fmt: skip
        unknown = cls._people(1, "u")
        men[:3].drug_type_ids = cls.drugs
        men[:2].legal_record = "criminal"
        men[2].legal_record = "none"
        women[0].legal_record = "administrative"
        women.drug_type_ids = cls.drugs[0]
        cls._stays(men | women | unknown, "voluntary", [date(2026, 9, 1)] * 7)
        released = cls._people(1, "r", education="primary")
        stay = cls._stays(released, "voluntary", [date(2026, 9, 1)])
        stay.write(
            {"state": "released", "release_date": OCT_31, "release_reason": "completed"}
        )

    def _figures(self):
        return self.env["rehab.occupancy.figures"]._statistics_figures(
            self.facility.ids, OCT_31
        )

    def test_breakdowns_by_sex(self):
        stats = self._figures()
        education = {
            row["key"]: (row["male"], row["female"]) for row in stats["education"]
        }
        self.assertEqual(
            education, {"primary": (4, 0), "university": (0, 2), "": (1, 0)}
        )
        occupation = [(r["key"], r["male"], r["female"]) for r in stats["occupation"]]
        self.assertEqual(occupation, [("lao động tự do", 4, 2), ("", 1, 0)])
        drugs = {row["key"]: (row["male"], row["female"]) for row in stats["drug"]}
        self.assertEqual(drugs[str(self.drugs[0].id)], (3, 2))
        self.assertEqual(drugs[str(self.drugs[1].id)], (3, 0))
        self.assertEqual(drugs[""], (2, 0))
        prior = {row["key"]: row["male"] + row["female"] for row in stats["prior"]}
        self.assertEqual(prior, {"first": 7})
        legal = {row["key"]: (row["male"], row["female"]) for row in stats["legal"]}
        self.assertEqual(
            legal,
            {"criminal": (2, 0), "none": (1, 0), "administrative": (0, 1), "": (2, 1)},
        )

    def test_sheet_in_the_workbook(self):
        log = (
            self.env["rehab.occupancy.report"]
            .with_user(self.manager_user)
            .export(
                self.facility,
                {
                    "period_type": "month",
                    "date_from": OCT_1,
                    "date_to": OCT_31,
                    "source": "live",
                    "recipient": "PC04",
                    "include_annex": False,
                },
            )  # fmt: skip
        )
        book = openpyxl.load_workbook(io.BytesIO(log.attachment_id.raw))
        sheet = book["8. Chỉ tiêu thống kê"]
        rows = [[c.value for c in row] for row in sheet.iter_rows() if row[1].value]
        education = self.env["rehab.resident"]._fields["education"]
        vi = self.env(context={"lang": "vi_VN"})
        label = dict(education._description_selection(vi))["university"]
        self.assertIn([1, "Lao động tự do", 4, 2, 6], [r[:5] for r in rows])
        self.assertIn([0, 2, 2], [r[2:5] for r in rows if r[1] == label])
        self.assertIn([5, 2, 7], [r[2:5] for r in rows if r[1] == "Lần đầu cai nghiện"])
        legal = self.env["rehab.resident"]._fields["legal_record"]
        criminal = dict(legal._description_selection(vi))["criminal"]
        self.assertEqual(criminal, "Có tiền án")
        self.assertIn([2, 0, 2], [r[2:5] for r in rows if r[1] == criminal])
        self.assertIn("7. Sau cai nghiện", book.sheetnames)
        self.assertNotIn("9. Kế hoạch", book.sheetnames, "no plan for 2026")

    def test_query_count_flat(self):
        def count():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._figures()
            self.env["rehab.occupancy.figures"]._outcome_figures(
                self.facility.ids, OCT_1, OCT_31
            )
            return self.env.cr.sql_log_count - before

        self._figures()
        small = count()
        more = self._people(70, "x", education="primary", occupation="Thợ hàn")
        more.drug_type_ids = self.drugs
        self._stays(more, "voluntary", [date(2026, 9, 1)] * 70)
        self.assertEqual(count(), small)
        self.assertEqual(sum(r["male"] for r in self._figures()["education"]), 75)
