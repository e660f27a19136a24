"""Visits, confiscated items and funeral leave in the period figures: the
workbook's sheet 6 and the dashboard tile (Decree 116/2021 Art. 69-70)."""

import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .gate_common import GateCase


@tagged("post_install", "-at_install")
class TestGateFigures(GateCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.slot = cls._slot(date(2026, 11, 25), hour=11, hours=4)

    def _held_visit(self, items=()):
        visit = self._book(self.mother | self.father, self.slot)
        gate = visit.with_user(self.security_user)
        gate.check_in(self._ids(self.mother | self.father))
        if items:
            gate.inspect_items(list(items))
        gate.check_out()
        return visit

    def test_sheet_and_tile_count_what_happened_at_the_gate(self):
        self._held_visit(
            [
                {"name": "Bánh chưng", "outcome": "accepted"},
                {"name": "Bật lửa", "outcome": "confiscated"},
                {"name": "Ma túy đá", "contraband": True, "outcome": "confiscated"},
            ]
        )
        cousin = self._visitor(
            "Trần Thị Họ", "sibling", "female", 2000, "410099", resident=self.resident2
        )
        self._book(cousin, self.slot, stay=self.stay2)  # booked, not held
        figures = self.env["rehab.occupancy.figures"]._gate_figures(
            self.facility.ids, date(2026, 11, 1), date(2026, 11, 25)
        )
        self.assertEqual(figures["visits"], {"regular": 1})
        self.assertEqual(figures["visitors"], 2)
        self.assertEqual(figures["items_confiscated"], 2)
        self.assertEqual(figures["contraband"], 1)
        self.assertEqual(figures["leaves_departed"], 0)
        # Another facility's period sees nothing.
        other = self.env["rehab.occupancy.figures"]._gate_figures(
            self.other_facility.ids, date(2026, 11, 1), date(2026, 11, 25)
        )
        self.assertEqual(other["visits"], {})
        # The manager's workbook and dashboard show the same.
        log = (
            self.env["rehab.occupancy.report"]
            .with_user(self.manager_user)
            .export(
                self.facility,
                {
                    "period_type": "custom",
                    "date_from": date(2026, 11, 1),
                    "date_to": date(2026, 11, 25),
                    "source": "live",
                    "recipient": "PC04",
                    "include_annex": False,
                },
            )
        )
        book = openpyxl.load_workbook(io.BytesIO(log.attachment_id.raw))
        sheet = book["6. Thăm gặp, về phép"]
        values = {
            row[1].value.strip(): row[2].value
            for row in sheet.iter_rows()
            if len(row) > 2 and isinstance(row[2].value, int) and row[1].value
        }
        self.assertEqual(values["Số lượt thăm gặp đã thực hiện"], 1)
        self.assertEqual(values["Số đồ vật, quà bị tạm giữ"], 2)
        self.assertEqual(values["Trong đó: vật cấm"], 1)
        dashboard = self.env["rehab.dashboard"].with_user(self.manager_user).create({})
        self.assertEqual(dashboard.visits_month_count, 1)
        self.assertEqual(dashboard.confiscated_month_count, 2)
