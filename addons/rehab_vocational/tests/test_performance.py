"""Marking a sheet costs the same number of queries for 35 or 350 residents.

Measured as the instructor (access rights and record rules included), on a
cold cache, after a first run that warms the ormcaches.
"""

from odoo import Command
from odoo.tests import tagged

from .common import VocationalCase

CYCLE = ("present", "absent", "present", "late", "present", "excused", "present")
MAX_QUERIES = 30
# A confirmed sheet's correction also posts its history, recomputes the
# residents' rates and the session's hour totals.
MAX_QUERIES_CORRECTION = 40


@tagged("post_install", "-at_install")
class TestPerformance(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small = cls._sheet("S", 35)
        cls.large = cls._sheet("L", 350)

    @classmethod
    def _sheet(cls, tag, size):
        """A workshop class (not theory: no 35 limit) and today's sheet."""
        klass = cls._class(f"Xưởng {tag}", is_theory=False, capacity=size)
        cls._enroll(klass, cls._admitted_many(size, tag))
        # One instructor teaches both: the sheets are at different times.
        session = cls._session(klass, start=7.5 if tag == "S" else 13.0,
                               end=11.5 if tag == "S" else 17.0)  # fmt: skip
        assert len(session.line_ids) == size
        return session

    def _count(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _same_count(self, func, max_queries=MAX_QUERIES):
        # Warm the ormcaches (access rights, record rules) on a cold record
        # cache too, as the measured runs are.
        self._count(lambda: func(self.small, 1))
        small = self._count(lambda: func(self.small, 0))
        large = self._count(lambda: func(self.large, 0))
        self.assertEqual(small, large, f"{small} queries for 35 lines, {large} for 350")
        self.assertLessEqual(small, max_queries)
        return small

    @staticmethod
    def _statuses(session, shift):
        lines = session.line_ids.sorted("id")
        return {
            line.id: CYCLE[(i + shift) % len(CYCLE)] for i, line in enumerate(lines)
        }

    def test_action_mark_35_or_350_lines(self):
        def mark(session, shift):
            statuses = self._statuses(session, shift)
            session.with_user(self.instructor_user).action_mark(statuses)

        self._same_count(mark)
        for session in (self.small, self.large):
            statuses = self._statuses(session, 0)
            self.assertEqual(
                {line.id: line.status for line in session.line_ids}, statuses
            )
            absent = session.line_ids.filtered(lambda line: line.status == "absent")
            self.assertEqual(set(absent.mapped("attended_hours")), {0.0})

    def test_correct_confirmed_sheet_35_or_350_lines(self):
        """Correcting a confirmed sheet also keeps the session's hour totals
        (one more UPDATE) and the residents' rates: still flat."""
        for session in (self.small, self.large):
            session.action_confirm()

        def correct(session, shift):
            statuses = self._statuses(session, shift + 1)
            session.with_user(self.instructor_user).action_mark(statuses)

        self._same_count(correct, MAX_QUERIES_CORRECTION)
        for session in (self.small, self.large):
            attended = session.line_ids.filtered(
                lambda line: line.status in ("present", "late")
            )
            self.assertEqual(session.attended_hours_total, 4 * len(attended))
            self.assertEqual(session.held_hours_total, 4 * len(session.line_ids))

    def test_sheet_save_35_or_350_lines(self):
        """The form saves the sheet in one write with a command per line."""
        sick = self.reason_sick.id

        def save(session, shift):
            commands = []
            for line_id, status in self._statuses(session, shift).items():
                values = {"status": status}
                if status == "excused":
                    values["reason_id"] = sick
                commands.append(Command.update(line_id, values))
            session.with_user(self.instructor_user).write({"line_ids": commands})

        self._same_count(save)
        excused = self.large.line_ids.filtered(lambda line: line.status == "excused")
        self.assertEqual(len(excused), 50)
        self.assertEqual(excused.reason_id, self.reason_sick)
