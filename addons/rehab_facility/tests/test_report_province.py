"""The provincial authority (PC04): aggregated figures of its facilities,
one sheet per facility reconciled with the total, never a person."""

import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .test_report_export import OCT_1, OCT_31, ReportCase, load_labels


@tagged("post_install", "-at_install")
class TestProvincialAuthority(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.third = cls.env["res.company"].create({"name": "Third Province Facility"})
        cls.province_user = new_test_user(
            cls.env,
            login="rehab_test_province",
            groups="base.group_user,rehab_facility.group_rehab_province",
            company_id=cls.facility.id,
            company_ids=[(6, 0, [cls.facility.id, cls.other_facility.id])],
        )
        load_labels(cls.env)

    def _province_env(self):
        return self.env(
            user=self.province_user,
            context=dict(
                self.env.context,
                allowed_company_ids=[self.facility.id, self.other_facility.id],
            ),
        )

    def _params(self, **values):
        return {
            "period_type": "month",
            "date_from": OCT_1,
            "date_to": OCT_31,
            "source": "live",
            "recipient": "PC04",
            "include_annex": False,
            **values,
        }

    def test_consolidated_workbook_one_sheet_per_facility(self):
        env = self._province_env()
        companies = self.facility | self.other_facility
        log = env["rehab.occupancy.report"].export(companies, self._params())
        book = openpyxl.load_workbook(io.BytesIO(log.attachment_id.raw))
        facility_sheets = [name for name in book.sheetnames if name.startswith("CS")]
        self.assertEqual(facility_sheets, ["CS1. Other Facility", "CS2. Test Facility"])
        per_facility = {row["facility"]: row for row in log.figures["facilities"]}
        closing = {
            name: sum(row["movements"]["lines"]["closing"].values())
            for name, row in per_facility.items()
        }
        self.assertEqual(closing, {"Other Facility": 1, "Test Facility": 10})
        total = log.figures["movements"]["lines"]["closing"]
        self.assertEqual(sum(total.values()), sum(closing.values()))
        texts = [
            str(cell.value)
            for row in book["CS2. Test Facility"].iter_rows()
            for cell in row
            if cell.value
        ]
        self.assertIn("Số học viên cuối kỳ", texts)
        self.assertEqual(log.user_id, self.province_user)

    def test_never_a_person(self):
        env = self._province_env()
        for model in ("rehab.stay", "rehab.resident", "rehab.incident"):
            with self.assertRaises(AccessError, msg=model):
                env[model].search([], limit=1)
        with self.assertRefused(AccessError, "personal data"):
            env["rehab.occupancy.report"].export(
                self.facility | self.other_facility,
                self._params(include_annex=True),
            )
        self.assertFalse(env["rehab.report.export.log"].search([]))

    def test_other_facilities_are_neither_reported_nor_named(self):
        env = self._province_env()
        with self.assertRaises(AccessError) as caught:
            env["rehab.occupancy.report"].export(self.third, self._params())
        self.assertNotIn(self.third.name, str(caught.exception))
        self.assertIn("facilities you work with", str(caught.exception))

    def test_dashboard_counts_without_records(self):
        env = self._province_env()
        dashboard = env["rehab.dashboard"].create({})
        self.assertEqual(dashboard.facility_names.count(","), 1)
        self.assertGreaterEqual(dashboard.bed_capacity, 1)
        with self.assertRefused(AccessError, "count only"):
            dashboard.action_open_in_facility()

    def test_facilities_must_add_up(self):
        figures = self.env["rehab.occupancy.figures"]
        ids = (self.facility | self.other_facility).ids
        rows = figures._period_rows(ids, OCT_1, OCT_31, "live")
        total = figures._assemble(rows)[0]
        self.assertEqual(len(figures._per_facility(rows, total)), 2)
        total["movements"]["lines"]["closing"]["compulsory_adult"] += 1
        with self.assertRefused(UserError, "do not add up"):
            figures._per_facility(rows, total)

    def test_one_facility_has_no_facility_sheets(self):
        log = (
            self.env["rehab.occupancy.report"]
            .with_user(self.manager_user)
            .export(self.facility, self._params(date_to=date(2026, 10, 31)))
        )
        self.assertIsNone(log.figures["facilities"])
