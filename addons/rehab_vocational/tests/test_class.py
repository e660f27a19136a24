from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import VocationalCase


@tagged("post_install", "-at_install")
class TestClass(VocationalCase):
    def test_shipped_trades_and_reasons(self):
        self.assertEqual(
            {self.trade_ac.code, self.trade_sewing.code, self.trade_veg.code},
            {"AC", "SEW", "VEG"},
        )
        self.assertEqual(self.trade_veg.certificate_level, "short")
        reasons = self.env["rehab.absence.reason"].search([])
        self.assertTrue(
            {
                "sick",
                "hospital",
                "refused",
                "discipline_room",
                "visit",
                "court",
                "other",
            }
            <= set(reasons.mapped("code"))
        )
        self.assertTrue(self.reason_refused.proposes_discipline)
        self.assertTrue(self.reason_sick.counts_as_excused)

    def test_defaults_from_trade_and_settings(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "rehab_vocational.min_attendance_rate", "75"
        )
        with Form(self.Class) as form:
            form.name = "Trồng rau K2"
            form.trade_id = self.trade_veg
            form.date_start = date(2026, 12, 1)
            form.date_end = date(2027, 1, 31)
            form.instructor_ids.add(self.instructor_user)
        klass = form.record
        self.assertEqual(klass.capacity, 35)
        self.assertEqual(klass.min_attendance_rate, 75)
        self.assertEqual(klass.certificate_level, "short")
        self.assertEqual(klass.required_hours, 160)
        self.assertEqual(klass.state, "planned")

    def test_theory_class_takes_at_most_35(self):
        with self.assertRefused(ValidationError, "at most 35 learners"):
            self._class(capacity=36)
        workshop = self._class("Thực hành xưởng", is_theory=False, capacity=60)
        self.assertEqual(workshop.capacity, 60)
        with self.assertRefused(ValidationError, "at most 35 learners"):
            workshop.is_theory = True

    def test_class_end_before_start_refused(self):
        with self.assertRefused(ValidationError, "ends .* before it starts"):
            self._class(date_start=date(2027, 3, 1), date_end=date(2027, 1, 1))

    def test_elementary_course_rules(self):
        with self.assertRefused(ValidationError, "at least 300 hours"):
            self._class(required_hours=200)
        with self.assertRefused(ValidationError, "3 months to under one year"):
            self._class(date_end=date(2026, 12, 20))
        with self.assertRefused(ValidationError, "3 months to under one year"):
            self._class(date_end=date(2027, 11, 1))
        with self.assertRefused(ValidationError, "short course lasts under 3 months"):
            self._short_class(date_end=date(2027, 3, 1))

    def test_short_course_allows_two_retakes_at_most(self):
        with self.assertRefused(ValidationError, "at most 2 retakes"):
            self._short_class(max_retakes=3)
        elementary = self._class(max_retakes=3)
        self.assertEqual(elementary.max_retakes, 3)

    def test_instructors_must_be_in_the_instructor_group(self):
        with self.assertRefused(ValidationError, "Vocational Instructor group"):
            self._class(instructor_ids=[(6, 0, self.intake_user.ids)])
        # A partner school's teacher is a user of the group like any other.
        teacher = self._user("school_teacher", "rehab_facility.group_rehab_instructor")
        klass = self._class(instructor_ids=[(6, 0, teacher.ids)])
        self.assertEqual(klass.instructor_ids, teacher)

    def test_capacity_cannot_drop_below_enrolled(self):
        klass = self._class()
        self._enroll(klass, self._admitted_many(3))
        with self.assertRefused(ValidationError, "3 residents enrolled"):
            klass.capacity = 2

    def test_class_dates_cannot_leave_sessions_outside(self):
        klass = self._class()
        self._session(klass, date(2026, 11, 20))
        with self.assertRefused(ValidationError, "sessions outside the new dates"):
            klass.date_start = date(2026, 11, 23)
