from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TODAY, VocationalCase


@tagged("post_install", "-at_install")
class TestResults(VocationalCase):
    """A short course of 7 hours: a session of 4 hours and one of 3."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass = cls._short_class(required_hours=7)
        cls.good, cls.poor = cls._admitted_many(2)
        cls.e_good, cls.e_poor = cls._enroll(cls.klass, cls.good | cls.poor)
        cls.s1 = cls._session(cls.klass, date(2026, 11, 23))
        cls.s2 = cls._session(cls.klass, date(2026, 11, 24), start=7.5, end=10.5)
        for session in cls.s1 | cls.s2:
            poor_line = session.line_ids.filtered(
                lambda line: line.resident_id == cls.poor
            )
            session.action_mark({poor_line.id: "absent"})
        cls.s2.action_mark(
            {
                cls.s2.line_ids.filtered(
                    lambda line: line.resident_id == cls.good
                ).id: "late"
            }
        )

    def _confirm_all(self):
        (self.s1 | self.s2).action_confirm()

    def test_attendance_rate_and_eligibility(self):
        self.assertEqual(self.e_good.held_hours, 0)
        self.assertFalse(self.e_good.eligible)
        self._confirm_all()
        self.assertEqual(self.e_good.held_hours, 7)
        self.assertEqual(self.e_good.attended_hours, 7, "late counts as attended")
        self.assertEqual(self.e_good.attendance_rate, 100)
        self.assertTrue(self.e_good.eligible)
        self.assertEqual(self.e_poor.attendance_rate, 0)
        self.assertEqual(self.e_poor.absent_hours, 7)
        self.assertFalse(self.e_poor.eligible)
        # Stored: the list of a class can be filtered and sorted on it.
        self.assertEqual(
            self.Enrollment.search(
                [("class_id", "=", self.klass.id), ("attendance_rate", ">=", 80)]
            ),
            self.e_good,
        )
        # Excused is still missed; the minimum is the class's.
        self.s1.line_ids.filtered(
            lambda line: line.resident_id == self.poor
        ).status = "present"
        self.assertAlmostEqual(self.e_poor.attendance_rate, 400 / 7)
        self.klass.min_attendance_rate = 50
        self.assertTrue(self.e_poor.eligible)

    def test_result_needs_eligibility(self):
        self._confirm_all()
        with self.assertRefused(UserError, "attended 0.0% of the hours held; 80%"):
            self.e_poor.action_set_pass()
        self.e_good.action_set_pass()
        self.assertEqual((self.e_good.result, self.e_good.result_date), ("pass", TODAY))
        with self.assertRefused(UserError, "already recorded"):
            self.e_good.action_set_fail()

    def test_at_most_two_retakes_for_a_short_course(self):
        self._confirm_all()
        self.e_good.action_set_fail()
        for attempt in (1, 2):
            self.e_good.action_retake()
            self.assertEqual(self.e_good.retake_count, attempt)
            self.assertEqual(self.e_good.result, "pending")
            self.e_good.action_set_fail()
        with self.assertRefused(UserError, "already used the 2 retake"):
            self.e_good.action_retake()
        self.assertEqual(self.e_good.result, "fail")
        with self.assertRefused(UserError, "Only a failed assessment"):
            self.e_poor.action_retake()

    def test_certificate_number_and_date(self):
        self._confirm_all()
        self.e_good.action_set_pass()
        with self.assertRefused(UserError, "Only a facility manager"):
            self.e_good.with_user(self.instructor_user).action_issue_certificate()
        self.e_good.with_user(self.manager_user).action_issue_certificate()
        self.assertRegex(self.e_good.certificate_number, r"^\d{4}/CC-CSCN$")
        self.assertEqual(self.e_good.certificate_date, TODAY)
        with self.assertRefused(UserError, "already has certificate"):
            self.e_good.action_issue_certificate()
        self.assertEqual(self.good.training_certificate_count, 1)

    def test_certificate_for_ineligible_enrollment_refused(self):
        self._confirm_all()
        with self.assertRefused(UserError, "not eligible: attendance 0.0%"):
            self.e_poor.action_issue_certificate()
        self.assertFalse(self.e_poor.certificate_number)
        # Eligible but not assessed yet.
        with self.assertRefused(UserError, "has not passed the final assessment"):
            self.e_good.action_issue_certificate()

    def test_certificate_waits_for_the_whole_programme(self):
        self.klass.required_hours = 20.0
        self._confirm_all()
        self.e_good.action_set_pass()
        with self.assertRefused(UserError, "has held 7.0 of its 20.0 hours"):
            self.e_good.action_issue_certificate()

    def test_certificate_pdf_in_vietnamese(self):
        self._confirm_all()
        self.e_good.action_set_pass()
        self.e_good.action_issue_certificate()
        self.klass.action_done()
        report = self.env["ir.actions.report"]
        html, __ = report._render_qweb_html(
            "rehab_vocational.action_report_training_certificate", self.e_good.ids
        )
        html = html.decode()
        self.assertIn("GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA ĐÀO TẠO", html)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html)
        self.assertIn(self.e_good.certificate_number, html)
        self.assertIn(self.good.name, html)
        self.assertIn("Trồng rau an toàn K1", html)
        self.assertIn("02/11/2026", html)
        action = self.e_good.action_print_certificate()
        self.assertEqual(
            action["report_name"], "rehab_vocational.report_training_certificate"
        )
        with self.assertRefused(UserError, "No certificate has been issued"):
            report._render_qweb_html(
                "rehab_vocational.action_report_training_certificate", self.e_poor.ids
            )

    def test_closing_the_class(self):
        self.s1.action_confirm()
        with self.assertRefused(UserError, "1 past session\\(s\\)"):
            self.klass.action_done()
        self.s2.action_confirm()
        future = self._session(self.klass, date(2026, 12, 1))
        self.klass.action_done()
        self.assertEqual(self.klass.state, "done")
        self.assertEqual(future.state, "cancelled")
        self.assertEqual(
            set((self.e_good | self.e_poor).mapped("state")), {"completed"}
        )
