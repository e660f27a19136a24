"""Facts of the vocational records are written by their actions only.

Found by calling the JSON-RPC API as each demo role: an enrolment, a result,
a certificate number or an attendance mark forged with a plain create/write,
beds and absences read by instructors, reasons of clashes, other facilities'
classes through a wizard.
"""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TODAY, VocationalCase


@tagged("post_install", "-at_install")
class TestEnrollmentGuards(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.resident = cls._admitted("Nguyễn Văn Gác")
        cls.newcomer = cls._admitted("Trần Văn Mới")
        cls.enrollment = cls._enroll(cls.klass, cls.resident)
        cls.session = cls._session(cls.klass)

    def _forged_values(self):
        return {
            "class_id": self.klass.id,
            "resident_id": self.newcomer.id,
            "state": "completed",
            "result": "pass",
            "certificate_number": "CC/2026/99999",
        }

    def test_no_role_creates_an_enrollment_by_hand(self):
        for user in (self.instructor_user, self.manager_user, self.intake_user):
            for values in (
                {"class_id": self.klass.id, "resident_id": self.newcomer.id},
                self._forged_values(),
            ):
                with self.subTest(user=user.login, values=values):
                    # AccessError is a UserError too.
                    with self.assertRaises(UserError):
                        self.Enrollment.with_user(user).create(values)
        self.assertEqual(self.klass.enrollment_ids, self.enrollment)

    def test_default_keys_never_set_a_fact(self):
        defaults = {
            "default_state": "completed",
            "default_result": "pass",
            "default_certificate_number": "CC/2026/99999",
            "default_retake_count": 2,
            "default_status": "absent",
        }
        manager = self.manager_user
        with self.assertRefused(UserError, "not created by hand"):
            self.Enrollment.with_user(manager).with_context(**defaults).create(
                {"class_id": self.klass.id, "resident_id": self.newcomer.id}
            )
        enrollment = (
            self.klass.with_user(manager).with_context(**defaults).enroll(self.newcomer)
        )
        self.assertEqual(
            (enrollment.state, enrollment.result, enrollment.retake_count),
            ("enrolled", "pending", 0),
        )
        self.assertFalse(enrollment.certificate_number)
        self.assertEqual(self._line(self.session, self.newcomer).status, "present")

    def test_manager_writes_no_fact_by_hand(self):
        enrollment = self.enrollment.with_user(self.manager_user)
        for values in (
            {"state": "completed"},
            {"result": "pass"},
            {"certificate_number": "CC/2026/99999"},
            {"retake_count": 2, "result": "pending"},
            {"date_enrolled": "2026-11-20"},
            {"stay_id": False},
            {"class_id": self._class("Lớp khác").id},
        ):
            with self.subTest(values=values):
                with self.assertRefused(UserError, "cannot be changed by hand"):
                    enrollment.write(values)
        self.assertEqual(
            (self.enrollment.state, self.enrollment.result), ("enrolled", "pending")
        )
        self.assertEqual(self.enrollment.date_enrolled, date(2026, 11, 2))
        self.assertFalse(self.enrollment.certificate_number)

    def test_manager_enrolls_and_withdraws_through_the_actions(self):
        manager = self.manager_user
        wizard = Form(
            self.env["rehab.enrollment.wizard"]
            .with_user(manager)
            .with_context(default_class_id=self.klass.id)
        )
        wizard.resident_ids.add(self.newcomer)
        wizard.save().action_enroll()
        enrollment = self.klass.enrollment_ids - self.enrollment
        self.assertEqual(enrollment.resident_id, self.newcomer)
        self.assertEqual(enrollment.date_enrolled, TODAY)
        self.assertTrue(self._line(self.session, self.newcomer))
        enrollment.with_user(manager).action_withdraw()
        self.assertEqual(enrollment.state, "withdrawn")
        with self.assertRefused(UserError, "Already on the list"):
            self.klass.with_user(manager).enroll(self.resident)
        # Enrolled again through the same checks (here: the capacity).
        self.klass.capacity = 1
        with self.assertRefused(UserError, "is full: 1 places, 1 taken"):
            enrollment.with_user(manager).action_reenroll()
        self.assertEqual(enrollment.state, "withdrawn")
        self.klass.capacity = 2
        enrollment.with_user(manager).action_reenroll()
        self.assertEqual(enrollment.state, "enrolled")

    def test_enrolment_date_inside_the_class(self):
        with self.assertRefused(UserError, "ends on 26/02/2027: nobody can be"):
            self.klass.with_user(self.manager_user).enroll(
                self.newcomer, date(2027, 3, 1)
            )
        self.assertEqual(self.klass.enrollment_ids, self.enrollment)

    def test_certificate_number_taken_after_the_checks(self):
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "rehab.training.certificate")], limit=1
        )
        before = sequence.number_next_actual
        with self.assertRefused(UserError, "Only a facility manager issues"):
            self.enrollment.with_user(self.instructor_user).action_issue_certificate()
        with self.assertRefused(UserError, "not eligible"):
            self.enrollment.with_user(self.manager_user).action_issue_certificate()
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, before)


@tagged("post_install", "-at_install")
class TestAttendanceGuards(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.residents = cls._admitted_many(2)
        cls.enrollments = cls._enroll(cls.klass, cls.residents)
        cls.session = cls._session(cls.klass)

    def test_lines_are_made_by_the_sheet_only(self):
        other = self._session(self.klass, date(2026, 11, 24))
        for user in (self.instructor_user, self.manager_user):
            with self.subTest(user=user.login):
                with self.assertRefused(UserError, "not created by hand"):
                    self.Line.with_user(user).create(
                        {
                            "session_id": other.id,
                            "enrollment_id": self.enrollments[0].id,
                            "status": "absent",
                        }
                    )
        line = self.session.line_ids[0].with_user(self.instructor_user)
        for values in (
            {"session_id": other.id},
            {"enrollment_id": self.enrollments[1].id},
            {"attended_hours": 40},
            {"discipline_proposed": True},
        ):
            with self.subTest(values=values):
                with self.assertRefused(UserError, "cannot be changed by hand"):
                    line.write(values)
        self.assertEqual(line.session_id, self.session)
        self.assertEqual(line.attended_hours, 4)

    def test_marks_refuse_bad_input(self):
        line = self.session.line_ids[0].with_user(self.instructor_user)
        with self.assertRefused(ValidationError, "characters that cannot be typed"):
            self.session.with_user(self.instructor_user).write(
                {"line_ids": [(1, line.id, {"note": "ốm\x00"})]}
            )
        with self.assertRefused(UserError, "Status.*choose one of the proposed"):
            self.session.with_user(self.instructor_user).action_mark(
                {line.id: "holiday"}
            )
        self.assertEqual(line.status, "present")
        self.assertFalse(line.note)

    def test_session_hours_and_times_bounded(self):
        Session = self.Session.with_user(self.instructor_user)
        for values, pattern in (
            ({"time_start": 25, "time_end": 26}, "between 0 and 24"),
            ({"hours": -1}, "between 0 and 24"),
            ({"hours": 1e12}, "between 0 and 24"),
        ):
            with self.subTest(values=values):
                with self.assertRefused(ValidationError, pattern):
                    Session.create({"class_id": self.klass.id, "date": TODAY, **values})
        self.assertEqual(self.klass.session_ids, self.session)

    def test_confirmed_sheet_keeps_its_facts(self):
        session = self.session.with_user(self.instructor_user)
        session.action_confirm()
        with self.assertRefused(AccessError, "changes only with its buttons"):
            session.write({"confirmed_date": "2026-11-30"})
        with self.assertRefused(UserError, "cannot be moved or resized"):
            session.write({"hours": 8})
        session.topic = "Bài 2"
        self.assertEqual((self.session.hours, self.session.topic), (4, "Bài 2"))


@tagged("post_install", "-at_install")
class TestClassGuards(VocationalCase):
    def test_numbers_bounded_and_names_trimmed(self):
        Class = self.Class.with_user(self.manager_user)
        base = {
            "name": "  Sửa chữa   điều hòa K9 ",
            "trade_id": self.trade_ac.id,
            "date_start": date(2026, 12, 1),
            "date_end": date(2027, 3, 31),
        }
        klass = Class.create(base)
        self.assertEqual(klass.name, "Sửa chữa điều hòa K9")
        for values, pattern in (
            ({"capacity": 0}, "between 1 and 500"),
            ({"capacity": 10**9}, "between 1 and 500"),
            ({"required_hours": -300}, "between 1 and 5000"),
            ({"min_attendance_rate": 150}, "between 0 and 100"),
            ({"max_retakes": 99}, "between 0 and 10"),
            ({"name": "=HYPERLINK(1)"}, "cannot start with"),
            ({"name": "   "}, "cannot be empty"),
        ):
            with self.subTest(values=values):
                with self.assertRefused(ValidationError, pattern):
                    Class.create({**base, **values})
                with self.assertRefused(ValidationError, pattern):
                    klass.write(values)
        self.assertEqual(klass.capacity, 35)

    def test_status_only_through_the_buttons(self):
        klass = self._class(state="planned").with_user(self.manager_user)
        with self.assertRefused(UserError, "cannot be changed by hand"):
            klass.write({"state": "done"})
        with self.assertRefused(UserError, "cannot be set by hand"):
            self.Class.with_user(self.manager_user).create(
                {
                    "name": "Lớp K3",
                    "trade_id": self.trade_ac.id,
                    "date_start": date(2026, 12, 1),
                    "date_end": date(2027, 3, 31),
                    "state": "done",
                }
            )
        klass.action_start()
        self.assertEqual(klass.state, "running")
        klass.action_cancel()
        with self.assertRefused(UserError, "cannot be changed by hand"):
            klass.write({"capacity": 20})
        klass.description = "<p>Lưu trữ</p>"
        self.assertEqual(klass.capacity, 35)
