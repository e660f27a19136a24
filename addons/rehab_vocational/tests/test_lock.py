from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import VocationalCase


@tagged("post_install", "-at_install")
class TestLock(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.residents = cls._admitted_many(3)
        cls._enroll(cls.klass, cls.residents)
        cls.session = cls._session(cls.klass, date(2026, 11, 20))
        cls.session.action_confirm()  # confirmed on 25/11/2026

    def _mark_as(self, user, status):
        line = self.session.line_ids[0].with_user(user)
        line.status = status
        return line

    def test_instructor_corrects_within_the_lock_delay_and_it_is_tracked(self):
        with freeze_time("2026-11-27 05:00:00"):  # two days later
            self.session.invalidate_recordset(["locked"])
            self.assertFalse(self.session.locked)
            line = self._mark_as(self.instructor_user, "absent")
        self.assertEqual(line.status, "absent")
        message = self.session.message_ids[0]
        self.assertIn("Attendance changed after confirmation", message.body)
        self.assertIn(line.resident_id.name, message.body)
        self.assertIn("Present → Absent", message.body)
        self.assertEqual(message.author_id, self.instructor_user.partner_id)

    def test_locked_after_n_days_only_managers_change(self):
        with freeze_time("2026-11-28 05:00:00"):  # three days later
            self.session.invalidate_recordset(["locked", "can_mark"])
            self.assertTrue(self.session.locked)
            self.assertFalse(self.session.with_user(self.instructor_user).can_mark)
            with self.assertRefused(UserError, "locked 3 days later. Ask a facility"):
                self._mark_as(self.instructor_user, "absent")
            self.assertEqual(self.session.line_ids[0].status, "present")
            line = self._mark_as(self.manager_user, "excused")
        self.assertEqual(line.status, "excused")
        message = self.session.message_ids[0]
        self.assertIn("Attendance changed on a locked sheet", message.body)
        self.assertEqual(message.author_id, self.manager_user.partner_id)
        enrollment = line.enrollment_id
        self.assertEqual(enrollment.excused_hours, 4, "totals follow the change")

    def test_lock_delay_is_configurable(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "rehab_vocational.attendance_lock_days", "10"
        )
        with freeze_time("2026-11-28 05:00:00"):
            self.session.invalidate_recordset(["locked"])
            self.assertFalse(self.session.locked)
            self._mark_as(self.instructor_user, "late")
        self.assertEqual(self.session.line_ids[0].status, "late")

    def test_confirmed_session_cannot_move_or_be_deleted(self):
        with self.assertRefused(UserError, "cannot be moved"):
            self.session.date = date(2026, 11, 19)
        with self.assertRefused(UserError, "cannot be deleted"):
            self.session.unlink()
        with self.assertRefused(UserError, "Only a sheet still to mark"):
            self.session.action_cancel()
