from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TODAY, VocationalCase


@tagged("post_install", "-at_install")
class TestAttendance(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.residents = cls._admitted_many(6)
        cls.a, cls.b, cls.c, cls.d, cls.e, cls.f = cls.residents
        cls.enrollments = cls._enroll(cls.klass, cls.residents)
        cls.session = cls._session(cls.klass)

    def test_sheet_saved_in_one_write(self):
        lines = {line.resident_id: line for line in self.session.line_ids}
        self.session.write(
            {
                "topic": "Nạp gas",
                "line_ids": [
                    Command.update(lines[self.a].id, {"status": "absent"}),
                    Command.update(
                        lines[self.b].id,
                        {"status": "excused", "reason_id": self.reason_sick.id},
                    ),
                    Command.update(lines[self.c].id, {"status": "late"}),
                    Command.update(lines[self.d].id, {"status": "absent"}),
                ],
            }
        )
        self.assertEqual(self.session.topic, "Nạp gas")
        self.assertEqual(
            [lines[r].status for r in self.residents],
            ["absent", "excused", "late", "absent", "present", "present"],
        )
        self.assertEqual(lines[self.b].reason_id, self.reason_sick)
        self.assertEqual(lines[self.c].attended_hours, 4)
        self.assertEqual(lines[self.a].attended_hours, 0)
        self.assertEqual(
            (self.session.present_count, self.session.absent_count),
            (2, 2),
        )

    def test_action_mark_and_reason_sets_status(self):
        line_a, line_b = (
            self._line(self.session, self.a),
            self._line(self.session, self.b),
        )
        self.session.action_mark({str(line_a.id): "late", line_b.id: "absent"})
        self.assertEqual((line_a.status, line_b.status), ("late", "absent"))
        # Choosing an excusing reason makes the absence excused; present clears it.
        line_b.reason_id = self.reason_sick
        self.assertEqual(line_b.status, "excused")
        line_b.status = "present"
        self.assertFalse(line_b.reason_id)
        self.session.action_mark_all_present()
        self.assertEqual(set(self.session.line_ids.mapped("status")), {"present"})

    def test_marking_a_cancelled_session_refused(self):
        self.session.action_cancel()
        with self.assertRefused(UserError, "is cancelled: no attendance"):
            self._line(self.session, self.a).status = "absent"
        with self.assertRefused(UserError, "is cancelled"):
            self.session.action_confirm()

    def test_marking_a_future_session_refused(self):
        tomorrow = self._session(self.klass, date(2026, 11, 26))
        self.assertTrue(tomorrow.is_future)
        self.assertFalse(tomorrow.can_mark)
        with self.assertRefused(UserError, "has not taken place yet"):
            tomorrow.action_mark({self._line(tomorrow, self.a).id: "absent"})
        with self.assertRefused(UserError, "has not taken place yet"):
            tomorrow.action_confirm()
        self.assertEqual(tomorrow.state, "draft")

    def test_marking_a_non_enrolled_resident_refused(self):
        other_class = self._class("May công nghiệp K1", trade_id=self.trade_sewing.id)
        outsider = self._admitted("Người Ngoài")
        foreign = self._enroll(other_class, outsider)
        with self.assertRefused(ValidationError, "Người Ngoài is not enrolled in"):
            self.Line.create(
                {"session_id": self.session.id, "enrollment_id": foreign.id}
            )
        # Enrolled after the session: not on the sheet, and cannot be put there.
        late_comer = self._admitted("Đến Sau")
        enrollment = self._enroll(self.klass, late_comer, date_enrolled=TODAY)
        yesterday = self._session(self.klass, date(2026, 11, 24))
        self.assertFalse(self._line(yesterday, late_comer))
        with self.assertRefused(ValidationError, "Đến Sau is not enrolled in"):
            self.Line.create(
                {"session_id": yesterday.id, "enrollment_id": enrollment.id}
            )
        # Withdrawn: confirmed sheets keep the line, which can no longer be marked.
        line = self._line(yesterday, self.a)
        yesterday.action_confirm()
        self.enrollments[0]._withdraw("request", on_date=date(2026, 11, 23))
        self.assertFalse(self._line(self.session, self.a), "dropped from draft sheets")
        with self.assertRefused(UserError, "is not enrolled in .* on 24/11/2026"):
            line.status = "absent"

    def test_lines_belong_to_their_session(self):
        other = self._session(self.klass, date(2026, 11, 24))
        with self.assertRefused(UserError, "belong to another session"):
            self.session.action_mark({other.line_ids[0].id: "absent"})

    def test_confirm_counts_the_attendance(self):
        enrollment = self.enrollments[0]
        self.session.action_mark({self._line(self.session, self.a).id: "absent"})
        self.assertEqual(enrollment.held_hours, 0, "a draft sheet does not count")
        self.session.action_confirm()
        self.assertEqual(self.session.state, "confirmed")
        self.assertEqual(self.session.confirmed_date, TODAY)
        self.assertEqual(self.session.confirmed_by_id, self.env.user)
        self.assertEqual((enrollment.held_hours, enrollment.absent_hours), (4, 4))
        self.assertEqual(enrollment.attendance_rate, 0)
        self.assertEqual(self.enrollments[1].attendance_rate, 100)
        with self.assertRefused(UserError, "already confirmed"):
            self.session.action_confirm()

    def test_confirm_first_session_starts_a_planned_class(self):
        planned = self._class("Điện dân dụng K1", state="planned")
        self._enroll(planned, self._admitted_many(2, "P"))
        self._session(planned, start=13.5, end=16.5).action_confirm()
        self.assertEqual(planned.state, "running")

    def test_resident_in_hospital_cannot_be_confirmed_present(self):
        self._send_away(self.a.stay_ids, kind="suspension")
        with self.assertRefused(UserError, "cannot be marked present: "):
            self.session.action_confirm()
        line = self._line(self.session, self.a)
        line.write(
            {
                "status": "excused",
                "reason_id": self.env.ref(
                    "rehab_vocational.absence_reason_hospital"
                ).id,
            }
        )
        self.session.action_confirm()
        self.assertEqual(self.session.state, "confirmed")

    def test_presence_follows_the_session_day(self):
        """Escaped on 23/11: may be present on 20/11's sheet, not on 24/11's."""
        before = self._session(self.klass, date(2026, 11, 20), start=13.5, end=17.5)
        after = self._session(self.klass, date(2026, 11, 24), start=13.5, end=17.5)
        self._send_away(self.a.stay_ids, start="2026-11-23 02:00:00")
        self.assertEqual(self._line(before, self.a).status, "present")
        before.action_confirm()
        self.assertEqual(before.state, "confirmed")
        self.assertEqual(self._line(after, self.a).status, "present")
        with self.assertRefused(UserError, "cannot be marked present"):
            after.action_confirm()
        self.assertEqual(after.state, "draft")

    def test_refusal_proposes_discipline_to_security(self):
        self.facility.rehab_discipline_user_id = self.security_user
        line = self._line(self.session, self.a)
        line.reason_id = self.reason_refused
        self.assertEqual(line.status, "absent")
        self.session.action_confirm()
        activity = self.a.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.security_user)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("rehab_vocational.mail_activity_discipline_proposal"),
        )
        self.assertIn("Refused to attend", str(activity.note))
        self.assertTrue(line.discipline_proposed)
        # Not proposed twice for the same absence.
        line.note = "Nói lại lần hai"
        self.assertEqual(len(self.a.activity_ids), 1)

    def test_clashes_shown_on_the_sheet(self):
        """The sheet flags residents busy elsewhere (extension point)."""
        session = self.session
        self.assertFalse(session.line_ids.filtered("clash"))
        # Any model with a resident and a period can be a source: here, to
        # test the mechanism alone, enrollments with their enrollment dates.
        source = (
            "rehab.training.enrollment",
            "Test clash",
            "resident_id",
            "date_enrolled",
            "date_withdrawn",
            [("resident_id", "=", self.b.id)],
        )
        with patch.object(type(self.Session), "_clash_sources", lambda s: [source]):
            session.line_ids.invalidate_recordset(["clash"])
            self.assertEqual(self._line(session, self.b).clash, "Test clash")
            self.assertFalse(self._line(session, self.a).clash)

    def test_disciplinary_room_clash(self):
        if "rehab.discipline" not in self.env:
            self.skipTest("no disciplinary room model installed")
        self.env["rehab.discipline"].create(
            {
                "resident_id": self.c.id,
                "company_id": self.facility.id,
                "kind": "room",
                "date": date(2026, 11, 24),
                "date_start": date(2026, 11, 24),
                "date_end": date(2026, 11, 26),
                "reason": "Đánh nhau",
            }
        )
        self.session.line_ids.invalidate_recordset(["clash"])
        self.assertEqual(self._line(self.session, self.c).clash, "Disciplinary room")
