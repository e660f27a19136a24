"""Counselling and education sessions: individual and group, attendance
marked in one statement per status (same query count for 35 and 350)."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import cccd
from .pathway_common import PathwayCase


@tagged("post_install", "-at_install")
class TestCounselling(PathwayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stay = cls._stay(cls._resident(), bed=cls.bed_c1)
        cls.stay2 = cls._stay(
            cls._resident("Lê Văn Hai", serial="000222"), bed=cls.bed_c2
        )
        cls.Session = cls.env["rehab.counselling.session"].with_user(
            cls.counsellor_user
        )

    @classmethod
    def _many(cls, count, tag):
        """``count`` stays in rehab, created in batch (no bed: fast)."""
        values = []
        for n in range(count):
            birthdate = date(1985 + n % 15, 1 + n % 12, 1 + n % 28)
            serial = f"{tag}{n:05d}"
            values.append(
                {
                    "name": f"{tag} {n:03d}",
                    "sex": "male",
                    "birthdate": birthdate,
                    "citizen_id": cccd("male", birthdate, serial),
                    "company_id": cls.facility.id,
                }
            )
        residents = cls.env["rehab.resident"].create(values)
        return cls.env["rehab.stay"].create(
            [
                {
                    "resident_id": resident.id,
                    "company_id": cls.facility.id,
                    "order_kind": "compulsory_adult",
                    "admission_date": date(2026, 10, 1),
                    "term_months": 24,
                    "decision_number": f"{resident.id}/2026/QĐ-TA",
                    "decision_date": date(2026, 10, 1),
                    "decision_authority": "Tòa án nhân dân khu vực 1",
                    "state": "in_rehab",
                }
                for resident in residents
            ]
        )

    def test_group_session_of_an_area_and_the_stay_tab(self):
        session = self.Session.create(
            {
                "kind": "group",
                "category": "education",
                "topic": "Tác hại của ma túy tổng hợp",
                "area_id": self.area_compulsory_m.id,
                "date": date(2026, 11, 20),
            }
        )
        self.assertEqual(session.attendance_ids.stay_id, self.stay | self.stay2)
        self.assertEqual(session.counsellor_id, self.counsellor_user)
        line = session.attendance_ids.filtered(lambda rec: rec.stay_id == self.stay)
        session.action_mark({line.id: "absent"})
        self.assertEqual((session.attendee_count, session.present_count), (2, 1))
        session.action_done()
        with self.assertRefused(UserError, "locked"):
            session.action_mark({line.id: "present"})
        with self.assertRefused(UserError, "cannot be changed by hand"):
            line.with_user(self.counsellor_user).write({"status": "present"})
        with self.assertRefused(UserError, "kept"):
            session.unlink()
        tab = self.stay.with_user(self.counsellor_user).counselling_line_ids
        self.assertEqual(tab.topic, "Tác hại của ma túy tổng hợp")
        self.assertEqual(tab.status, "absent")
        # Not for the security staff, the intake desk or the instructors.
        for user in (self.security_user, self.intake_user, self.instructor_user):
            with self.assertRefused(AccessError, "not allowed"):
                self.env["rehab.counselling.session"].with_user(user).search([])

    def test_individual_session(self):
        with self.assertRefused(ValidationError, "one resident"):
            self.Session.create({"kind": "individual", "topic": "Tư vấn tâm lý"})
        session = self.Session.create(
            {
                "kind": "individual",
                "topic": "Tư vấn tâm lý",
                "stay_id": self.stay.id,
                "date": date(2026, 11, 24),
            }
        )
        self.assertEqual(session.attendance_ids.stay_id, self.stay)
        with self.assertRefused(UserError, "one resident"):
            session.add_attendees(self.stay2.with_user(self.counsellor_user))
        session.action_done()
        self.assertEqual(session.state, "done")

    def test_attendee_must_be_in_rehab(self):
        session = self.Session.create({"kind": "group", "topic": "Sinh hoạt nhóm"})
        self._send_away(self.stay2)
        with self.assertRefused(UserError, "not in rehab"):
            session.add_attendees(self.stay2.with_user(self.counsellor_user))
        with self.assertRefused(UserError, "at least one resident"):
            session.action_done()
        with self.assertRefused(UserError, "Unknown attendance status"):
            session.action_mark({1: "asleep"})

    def test_same_query_count_for_35_and_350_attendees(self):
        sessions = []
        for size, tag in ((35, "3"), (350, "4")):
            session = self.Session.create(
                {"kind": "group", "topic": f"Nhóm {size}", "date": date(2026, 11, 25)}
            )
            session.add_attendees(self._many(size, tag).with_user(self.counsellor_user))
            self.assertEqual(len(session.attendance_ids), size)
            sessions.append(session)
        cycle = ("present", "absent", "present", "excused")

        def mark(session, shift):
            lines = session.attendance_ids.sorted("id")
            session.action_mark(
                {line.id: cycle[(i + shift) % 4] for i, line in enumerate(lines)}
            )

        def count(session, shift):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            mark(session, shift)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        count(sessions[0], 1)  # warm the ormcaches
        small, large = count(sessions[0], 0), count(sessions[1], 0)
        self.assertEqual(small, large, f"{small} queries for 35, {large} for 350")
        self.assertLessEqual(small, 20)
        absent = sessions[1].attendance_ids.filtered(lambda r: r.status == "absent")
        self.assertEqual(len(absent), 350 // 4 + (1 if 350 % 4 > 1 else 0))
