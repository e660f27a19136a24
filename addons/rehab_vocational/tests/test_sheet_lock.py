"""The Lock of an attendance sheet (button and automatic), and "Everyone
present" with a resident away (issue #16, tablet sheet)."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VocationalCase


@tagged("post_install", "-at_install")
class TestSheetLock(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.residents = cls._admitted_many(3, "L")
        cls._enroll(cls.klass, cls.residents)
        cls.session = cls._session(cls.klass)  # today, 25/11/2026
        cls.session.with_user(cls.instructor_user).action_confirm()

    def _as(self, user):
        return self.session.with_user(user)

    def test_instructor_locks_and_the_sheet_is_read_only_everywhere(self):
        sheet = self._as(self.instructor_user)
        self.assertTrue(sheet.can_lock)
        self.assertFalse(sheet.locked)
        self.assertEqual(sheet.auto_lock_date, date(2026, 11, 28))
        sheet.action_lock()
        self.assertTrue(sheet.locked)
        self.assertEqual(sheet.lock_date, date(2026, 11, 25))
        self.assertEqual(sheet.locked_by_id, self.instructor_user)
        self.assertFalse(sheet.can_mark)
        self.assertFalse(sheet.can_lock)
        self.assertIn("Sheet locked", sheet.message_ids[0].body)
        line = sheet.line_ids[0]
        # Every path the instructor has: line write, the sheet's marking, the
        # form's save (line commands), Everyone present, the topic.
        with self.assertRefused(UserError, "was locked on 25/11/2026 by"):
            line.status = "absent"
        with self.assertRefused(UserError, "was locked on"):
            sheet.action_mark({line.id: "absent"})
        with self.assertRefused(UserError, "was locked on"):
            sheet.write({"line_ids": [(1, line.id, {"status": "late"})]})
        with self.assertRefused(UserError, "was locked on"):
            sheet.action_mark_all_present()
        with self.assertRefused(UserError, "was locked on"):
            sheet.topic = "Changed later"
        self.assertEqual(line.status, "present")
        # A facility manager corrects it, and the history says so.
        self._as(self.manager_user).line_ids[0].status = "excused"
        self.assertEqual(line.status, "excused")
        self.assertIn("changed on a locked sheet", self.session.message_ids[0].body)

    def test_lock_refused_when_not_confirmed_twice_or_by_hand(self):
        with self.assertRefused(UserError, "already locked"):
            self._as(self.manager_user).action_lock()
            self._as(self.instructor_user).action_lock()
        draft = self._session(self.klass, date(2026, 11, 24))
        with self.assertRefused(UserError, "Only a confirmed sheet can be locked"):
            draft.with_user(self.instructor_user).action_lock()
        with self.assertRefused(AccessError, "changes only with its buttons"):
            self._as(self.instructor_user).write({"lock_date": date(2026, 11, 25)})

    def test_only_the_class_instructor_or_a_manager_locks(self):
        other = self.instructor_b  # not the class's: does not even see it
        with self.assertRaises(AccessError):
            self._as(other).action_lock()
        with self.assertRaises(AccessError):
            self._as(self.security_user).action_lock()
        self.assertFalse(self.session.lock_date)
        self._as(self.manager_user).action_lock()
        self.assertEqual(self.session.locked_by_id, self.manager_user)

    def test_auto_lock_after_the_configured_days_is_shown(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "rehab_vocational.attendance_lock_days", "5"
        )
        sheet = self._as(self.instructor_user)
        sheet.invalidate_recordset(["locked", "auto_lock_date", "can_mark"])
        self.assertEqual(sheet.auto_lock_date, date(2026, 11, 30))
        with freeze_time("2026-11-29 05:00:00"):
            sheet.invalidate_recordset(["locked", "can_mark"])
            self.assertFalse(sheet.locked)
            sheet.line_ids[0].status = "late"
        with freeze_time("2026-11-30 05:00:00"):
            sheet.invalidate_recordset(["locked", "can_mark"])
            self.assertTrue(sheet.locked)
            self.assertFalse(sheet.lock_date, "locked by the delay, not the button")
            self.assertFalse(sheet.can_mark)
            with self.assertRefused(UserError, "locked 5 days later"):
                sheet.line_ids[0].status = "present"
        self.assertEqual(sheet.line_ids[0].status, "late")


@tagged("post_install", "-at_install")
class TestEveryonePresent(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.residents = cls._admitted_many(4, "E")
        cls._enroll(cls.klass, cls.residents)
        cls.session = cls._session(cls.klass)
        cls.away = cls.residents[1]
        cls._send_away(cls.away.stay_ids, kind="suspension")  # in hospital

    def test_everyone_present_leaves_the_resident_away_untouched(self):
        sheet = self.session.with_user(self.instructor_user)
        away_line = self._line(sheet, self.away)
        sheet.action_mark({line.id: "absent" for line in sheet.line_ids})
        sheet.invalidate_recordset(["present_count", "absent_count"])
        self.assertEqual(sheet.absent_count, 4)
        result = sheet.action_mark_all_present()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn(self.away.name, result["params"]["message"])
        self.assertEqual(away_line.status, "absent", "the one away is untouched")
        others = sheet.line_ids - away_line
        self.assertEqual(set(others.mapped("status")), {"present"})
        sheet.action_confirm()
        self.assertEqual(sheet.state, "confirmed")

    def test_everyone_present_without_anyone_away_just_marks(self):
        klass = self._class("May may công nghiệp K2", trade_id=self.trade_sewing.id)
        self._enroll(klass, self._admitted_many(2, "F"))
        sheet = self._session(klass, start=13.5, end=16.5).with_user(
            self.instructor_user
        )
        sheet.action_mark({sheet.line_ids[0].id: "late"})
        self.assertIs(sheet.action_mark_all_present(), True)
        self.assertEqual(set(sheet.line_ids.mapped("status")), {"present"})

    def test_everyone_present_refused_on_a_future_sheet(self):
        later = self._session(self.klass, date(2026, 11, 27))
        with self.assertRefused(UserError, "has not taken place yet"):
            later.with_user(self.instructor_user).action_mark_all_present()


@tagged("post_install", "-at_install")
class TestAttendanceList(VocationalCase):
    def test_printed_list_in_the_official_layout(self):
        klass = self._class()
        residents = self._admitted_many(2, "P")
        self._enroll(klass, residents)
        session = self._session(klass)
        report = self.env["ir.actions.report"]
        name = "rehab_vocational.report_session_attendance"
        self.instructor_user.lang = "en_US"
        html, __ = report.with_user(self.instructor_user)._render_qweb_html(
            name, session.ids
        )
        html = html.decode()
        self.assertVietnameseDocument(html, session, klass)
        self.assertIn("DANH SÁCH ĐIỂM DANH HỌC VIÊN", html)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html)
        self.assertIn("o_rehab_official", html)
        for resident in residents:
            self.assertIn(resident.name, html)
        self.assertNotIn("Có mặt", html, "a sheet to mark prints blank columns")
        self._line(session, residents[0]).status = "absent"
        session.action_confirm()
        session.invalidate_recordset()
        html = report._render_qweb_html(name, session.ids)[0].decode()
        self.assertIn("vắng không lý do: 1", html)
