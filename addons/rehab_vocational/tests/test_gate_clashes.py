"""A family visit or a funeral leave shows on the attendance sheet's clash
column through the sources hook (``_clash_sources``): its reason to the gate
staff and managers, "Unavailable" to the instructor, who may not read visits
or absences (Decree 116/2021 Art. 69-70 records of rehab_facility)."""

import base64
from datetime import date, datetime

from odoo.tests import tagged

from .common import VocationalCase, cccd

THU = date(2026, 11, 26)


@tagged("post_install", "-at_install")
class TestGateClashes(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.visited = cls._admitted("Vũ Văn Khách")
        cls.mourner = cls._admitted("Vũ Văn Tang")
        cls.busy_free = cls._admitted("Vũ Văn Rảnh")
        cls._enroll(cls.klass, cls.visited | cls.mourner | cls.busy_free)
        # Thursday 07:30-11:30; the visit 08:00-10:00 (01:00-03:00 UTC).
        cls.session = cls._session(cls.klass, THU)
        slot = (
            cls.env["rehab.visit.slot"]
            .with_user(cls.security_user)
            .create(
                {
                    "company_id": cls.facility.id,
                    "date_start": datetime(2026, 11, 26, 1, 0),
                    "date_end": datetime(2026, 11, 26, 3, 0),
                    "capacity": 5,
                }
            )
        )
        mother = (
            cls.env["rehab.visitor"]
            .with_user(cls.intake_user)
            .create(
                {
                    "name": "Vũ Thị Mẹ",
                    "citizen_id": cccd("female", date(1960, 1, 1), "880001"),
                    "resident_id": cls.visited.id,
                    "relationship": "mother",
                }
            )
        )
        cls.env["rehab.visit"].with_user(cls.intake_user).book(
            {
                "stay_id": cls.visited.stay_ids.id,
                "visitor_ids": mother.ids,
                "slot_id": slot.id,
            }
        )
        leave = (
            cls.env["rehab.funeral.leave"]
            .with_user(cls.intake_user)
            .create(
                {
                    "stay_id": cls.mourner.stay_ids.id,
                    "deceased_name": "Vũ Văn Cha",
                    "deceased_relationship": "father",
                    "date_of_death": date(2026, 11, 24),
                    "death_document": base64.b64encode(b"%PDF"),
                    "destination": "Quảng Ninh",
                    "leave_days": 3,
                }
            )
        )
        leave.with_user(cls.manager_user).action_approve()
        leave.with_user(cls.security_user).action_depart(
            escort_ids=cls.security_user.ids
        )

    def _clashes(self, user):
        lines = self.session.line_ids.with_user(user)
        lines.invalidate_recordset(["clash"])
        return {line.resident_id.name: line.clash for line in lines}

    def test_visit_and_leave_reasons_by_role(self):
        self.assertEqual(
            self._clashes(self.manager_user),
            {
                "Vũ Văn Khách": "Family visit",
                "Vũ Văn Tang": "Funeral leave",
                "Vũ Văn Rảnh": False,
            },
        )
        self.assertEqual(
            self._clashes(self.instructor_user),
            {
                "Vũ Văn Khách": "Unavailable",
                "Vũ Văn Tang": "Unavailable",
                "Vũ Văn Rảnh": False,
            },
        )

    def test_a_cancelled_visit_is_no_clash(self):
        visit = self.env["rehab.visit"].search([("resident_id", "=", self.visited.id)])
        visit.with_user(self.intake_user).cancel("Gia đình báo bận")
        self.assertFalse(self._clashes(self.manager_user)["Vũ Văn Khách"])
