from datetime import date

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TODAY, VocationalCase


@tagged("post_install", "-at_install")
class TestEnrollment(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.resident = cls._admitted("Nguyễn Văn Học")

    def test_enroll_resident_in_rehab(self):
        session = self._session(self.klass, date(2026, 11, 27))
        enrollment = self._enroll(self.klass, self.resident)
        self.assertEqual(enrollment.state, "enrolled")
        self.assertEqual(enrollment.stay_id, self.resident.stay_ids)
        # Sheets still to mark get a line for the newcomer, present by default.
        line = self._line(session, self.resident)
        self.assertEqual(line.status, "present")
        self.assertEqual(self.klass.enrolled_count, 1)

    def test_enroll_absent_resident_refused(self):
        self._send_away(self.resident.stay_ids)
        with self.assertRefused(ValidationError, "absent from the facility"):
            self._enroll(self.klass, self.resident)

    def test_enroll_released_resident_refused(self):
        self._release_stay(self.resident.stay_ids)
        with self.assertRefused(ValidationError, "was released on 25/11/2026"):
            self._enroll(self.klass, self.resident)

    def test_enroll_over_capacity_refused(self):
        self.klass.capacity = 2
        self._enroll(self.klass, self._admitted_many(2))
        with self.assertRefused(UserError, "is full: 2 places, 2 taken, 1 more"):
            self._enroll(self.klass, self.resident)
        self.assertEqual(self.klass.enrolled_count, 2)

    def test_enroll_in_overlapping_class_refused(self):
        self._enroll(self.klass, self.resident)
        overlapping = self._short_class(
            date_start=date(2027, 1, 4), date_end=date(2027, 3, 19)
        )
        with self.assertRefused(ValidationError, "already in “Sửa chữa điều hòa K1”"):
            self._enroll(overlapping, self.resident)
        later = self._short_class(
            "Trồng rau K2", date_start=date(2027, 3, 1), date_end=date(2027, 5, 14)
        )
        self.assertEqual(self._enroll(later, self.resident).state, "enrolled")

    def test_stay_must_cover_the_class(self):
        # Voluntary, 6 months from 01/07/2026: released before the class ends.
        short_stay = self._admitted(
            "Trần Văn Ngắn",
            kind="voluntary",
            term=6,
            admission=date(2026, 7, 1),
            bed=self.bed_v1,
        )
        with self.assertRefused(ValidationError, "does not cover the class"):
            self._enroll(self.klass, short_stay)

    def test_learners_are_at_least_15(self):
        child = self._resident(
            "Lê Văn Nhỏ", birthdate=date(2012, 5, 1), serial="700999"
        )
        self._stay(child, kind="compulsory_minor", term=24, bed=self.bed_minor1)
        with self.assertRefused(ValidationError, "at least 15"):
            self._enroll(self.klass, child)

    def test_release_withdraws_from_running_classes(self):
        enrollment = self._enroll(self.klass, self.resident)
        today = self._session(self.klass, TODAY)
        tomorrow = self._session(self.klass, date(2026, 11, 26))
        self._release_stay(self.resident.stay_ids)
        self.assertEqual(enrollment.state, "withdrawn")
        self.assertEqual(enrollment.withdraw_reason, "released")
        self.assertEqual(enrollment.date_withdrawn, TODAY)
        self.assertFalse(self._line(tomorrow, self.resident))
        line = self._line(today, self.resident)
        self.assertEqual(line.status, "absent")
        self.assertIn("Nguyễn Văn Học", self.klass.message_ids[0].body)
        self.assertIn("Released", self.klass.message_ids[0].body)

    def test_transfer_is_told_apart(self):
        stay = self.resident.stay_ids
        if "release_reason" not in stay._fields:
            self.skipTest("rehab_facility records no release reason")
        enrollment = self._enroll(self.klass, self.resident)
        self._release_stay(stay, "transfer")
        self.assertEqual(enrollment.withdraw_reason, "transferred")
        self.assertEqual(enrollment.withdraw_note, "Transfer to another facility")

    def test_escape_withdraws_and_cannot_be_marked_present(self):
        enrollment = self._enroll(self.klass, self.resident)
        session = self._session(self.klass, TODAY)
        # Recorded by security, who has no access to vocational records.
        self.resident.stay_ids.with_user(self.security_user).record_departure(
            "escape", "2026-11-24 20:00:00"
        )
        self.assertEqual(enrollment.state, "withdrawn")
        self.assertEqual(enrollment.withdraw_reason, "escaped")
        line = self._line(session, self.resident)
        self.assertEqual(line.status, "absent")
        with self.assertRefused(Exception, "cannot be marked present"):
            line.status = "present"
        self.assertEqual(line.status, "absent")

    def test_done_and_cancelled_classes_are_left_alone(self):
        enrollment = self._enroll(self.klass, self.resident)
        enrollment.state = "completed"
        self._release_stay(self.resident.stay_ids)
        self.assertEqual(enrollment.state, "completed")

    def test_reenroll_after_return(self):
        enrollment = self._enroll(self.klass, self.resident)
        stay = self.resident.stay_ids
        absence = self._send_away(stay)
        self.assertEqual(enrollment.state, "withdrawn")
        absence.action_return(fields.Datetime.now())
        enrollment.action_reenroll()
        self.assertEqual(enrollment.state, "enrolled")
        self.assertEqual(enrollment.date_enrolled, TODAY)
        self.assertFalse(enrollment.withdraw_reason)

    def test_enrollment_wizard(self):
        residents = self._admitted_many(3) | self.resident
        wizard_form = Form(
            self.env["rehab.enrollment.wizard"].with_context(
                default_class_id=self.klass.id
            )
        )
        for resident in residents:
            wizard_form.resident_ids.add(resident)
        wizard_form.save().action_enroll()
        self.assertEqual(self.klass.enrollment_ids.resident_id, residents)
