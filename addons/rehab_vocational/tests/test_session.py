from datetime import date, datetime

from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TODAY, VocationalCase


@tagged("post_install", "-at_install")
class TestSession(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._class()
        cls.residents = cls._admitted_many(5)
        cls.enrollments = cls._enroll(cls.klass, cls.residents)

    def test_sheet_created_with_everyone_present(self):
        session = self._session(self.klass, topic="An toàn điện")
        self.assertEqual(session.line_ids.resident_id, self.residents)
        self.assertEqual(set(session.line_ids.mapped("status")), {"present"})
        self.assertEqual(session.hours, 4)
        self.assertEqual(session.present_count, 5)
        # 07:30 in Vietnam is 00:30 UTC: the calendar shows the right time.
        self.assertEqual(session.datetime_start, datetime(2026, 11, 25, 0, 30))
        self.assertEqual(session.datetime_end, datetime(2026, 11, 25, 4, 30))

    def test_session_added_one_by_one_from_the_class(self):
        with Form(self.klass) as form:
            with form.session_ids.new() as line:
                line.date = date(2026, 11, 24)
                line.time_start = 13.5
                line.time_end = 16.5
                line.topic = "Lắp đặt dàn lạnh"
        session = self.klass.session_ids
        self.assertEqual(session.hours, 3)
        self.assertEqual(len(session.line_ids), 5)

    def test_session_outside_class_dates_refused(self):
        with self.assertRefused(ValidationError, "outside the dates of"):
            self._session(self.klass, date(2026, 10, 30))
        with self.assertRefused(ValidationError, "outside the dates of"):
            self._session(self.klass, date(2027, 3, 1))

    def test_session_end_before_start_refused(self):
        with self.assertRefused(ValidationError, "ends \\(07:00\\) before it starts"):
            self._session(self.klass, start=9.0, end=7.0)
        with self.assertRefused(ValidationError, "must be positive and fit"):
            self._session(self.klass, start=7.5, end=9.5, hours=3)

    def test_no_session_in_a_closed_class(self):
        self.klass.action_cancel()
        with self.assertRefused(UserError, "closed or cancelled"):
            self._session(self.klass)

    def test_weekly_schedule(self):
        self._session(self.klass, date(2026, 11, 30))  # a Monday, kept
        wizard_form = Form(
            self.env["rehab.session.schedule.wizard"].with_context(
                default_class_id=self.klass.id
            )
        )
        self.assertEqual(wizard_form.date_from, TODAY)
        self.assertEqual(wizard_form.date_to, date(2027, 2, 26))
        wizard_form.date_to = date(2026, 12, 13)
        for day in ("tuesday", "thursday"):
            setattr(wizard_form, day, False)
        wizard_form.time_start = 13.5
        wizard_form.time_end = 17.0
        wizard_form.hours = 3.0
        wizard_form.topic = "Thực hành"
        # Mon/Wed/Fri from Wed 25/11 to Sun 13/12: 8 days.
        self.assertEqual(wizard_form.session_count, 8)
        self.assertEqual(wizard_form.total_hours, 24)
        wizard_form.time_start = 7.5
        wizard_form.time_end = 11.5
        wizard_form.hours = 4.0
        wizard_form.save().action_generate()
        sessions = self.klass.session_ids.sorted("date")
        # Monday 30/11 already had a morning session: skipped.
        self.assertEqual(len(sessions), 8)
        self.assertEqual(
            sessions.mapped("date")[:4],
            [TODAY, date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 2)],
        )
        generated = sessions.filtered("topic")
        self.assertEqual(len(generated), 7)
        self.assertEqual(set(generated.mapped("hours")), {4.0})
        self.assertEqual(len(generated.line_ids), 7 * 5)

    def test_weekly_schedule_bad_input(self):
        Wizard = self.env["rehab.session.schedule.wizard"]
        base = {"class_id": self.klass.id}
        cases = [
            (
                {
                    "monday": False,
                    "tuesday": False,
                    "wednesday": False,
                    "thursday": False,
                    "friday": False,
                },
                "at least one day",
            ),
            ({"time_start": 11.0, "time_end": 9.0}, "end \\(09:00\\) before"),
            ({"date_from": date(2026, 10, 1)}, "within the dates"),
        ]
        for values, message in cases:
            with self.subTest(message=message):
                wizard = Wizard.create({**base, **values})
                with self.assertRefused(UserError, message):
                    wizard.action_generate()

    def test_my_sessions_today(self):
        other_class = self._class(
            "May công nghiệp K1",
            instructor_ids=[(6, 0, self.instructor_b.ids)],
            trade_id=self.trade_sewing.id,
        )
        mine_today = self._session(self.klass)
        self._session(self.klass, date(2026, 11, 24))
        self._session(other_class)
        action = self.env.ref("rehab_vocational.rehab_training_session_action_my")
        self.assertEqual(action.path, "my-sessions")
        domain = safe_eval(action.domain, {"uid": self.instructor_user.id})
        view = self.env.ref("rehab_vocational.rehab_training_session_view_search")
        today_filter = safe_eval(
            etree.fromstring(view.arch)
            .xpath("//filter[@name='today']")[0]
            .get("domain"),
            {"context_today": lambda: TODAY},
        )
        found = self.Session.with_user(self.instructor_user).search(
            domain + today_filter
        )
        self.assertEqual(found, mine_today)
