"""An instructor teaches one session at a time (issue #16: the demo had one
instructor in overlapping sessions). As the staff plan: the instructor adds
sessions to a class, a manager moves one or adds an instructor to a class;
each time an overlap is refused in words, and the database refuses it to
whoever writes."""

from datetime import date

import psycopg2

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TODAY, VocationalCase


@tagged("post_install", "-at_install")
class TestInstructorBooking(VocationalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ac = cls._class()
        cls.sewing = cls._class(
            "May công nghiệp K1",
            trade_id=cls.trade_sewing.id,
            instructor_ids=[(6, 0, cls.instructor_b.ids)],
        )

    def _add(self, klass, user, day=TODAY, start=7.5, end=11.5):
        return (
            self.env["rehab.training.session"]
            .with_user(user)
            .create(
                {
                    "class_id": klass.id,
                    "date": day,
                    "time_start": start,
                    "time_end": end,
                }
            )
        )

    def test_one_session_at_a_time(self):
        morning = self._add(self.ac, self.instructor_user)
        self.assertEqual(
            self.env["rehab.training.session.booking"]
            .search([("session_id", "=", morning.id)])
            .user_id,
            self.instructor_user,
        )
        # Back to back is fine; overlapping is not, in the instructor's words.
        self._add(self.ac, self.instructor_user, start=11.5, end=12.0)
        other = self._short_class(instructor_ids=[(6, 0, self.instructor_user.ids)])
        with self.assertRefused(
            ValidationError,
            r"already teaches “Sửa chữa điều hòa K1” on 25/11/2026 from 07:30 to "
            r"11:30: “Trồng rau an toàn K1” cannot be taught at the same time",
        ):
            self._add(other, self.instructor_user, start=9.0, end=10.0)
        self.assertFalse(other.session_ids)
        # Another day, or another instructor at the same time: fine.
        self._add(other, self.instructor_user, day=date(2026, 11, 26))
        self._add(self.sewing, self.instructor_b)

    def test_moving_cancelling_and_adding_instructors(self):
        morning = self._add(self.ac, self.instructor_user)
        afternoon = self._add(self.sewing, self.instructor_b, start=13.5, end=16.5)
        self._add(self.sewing, self.manager_user, start=8.0, end=9.0)
        # The manager adds the AC instructor to sewing: 08:00 clashes.
        with self.assertRefused(ValidationError, "already teaches"):
            self.sewing.with_user(self.manager_user).write(
                {"instructor_ids": [(4, self.instructor_user.id)]}
            )
        self.assertNotIn(self.instructor_user, self.sewing.instructor_ids)
        # A cancelled session frees its time.
        morning.with_user(self.instructor_user).action_cancel()
        self.sewing.with_user(self.manager_user).write(
            {"instructor_ids": [(4, self.instructor_user.id)]}
        )
        # Moving a session onto another of its instructors' is refused.
        with self.assertRefused(ValidationError, "already teaches"):
            afternoon.with_user(self.manager_user).write(
                {"time_start": 8.5, "time_end": 11.0}
            )
        self.assertEqual(afternoon.time_start, 13.5)

    def test_database_refuses_a_double_booking(self):
        session = self._add(self.ac, self.instructor_user)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                """
                INSERT INTO rehab_training_session_booking
                       (session_id, user_id, datetime_start, datetime_end)
                SELECT id, %s, datetime_start + interval '1 hour', datetime_end
                  FROM rehab_training_session WHERE id = %s
                """,
                (self.instructor_user.id, session.id),
            )

    def test_query_count_flat(self):
        """Booking costs the same queries for 2 sessions as for 20."""
        Booking = self.env["rehab.training.session.booking"]

        def book(count, day):
            sessions = self.env["rehab.training.session"].create(
                [
                    {
                        "class_id": self.ac.id,
                        "date": day,
                        "time_start": 7.0 + n * 0.5,
                        "time_end": 7.5 + n * 0.5,
                    }
                    for n in range(count)
                ]
            )
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Booking._sync(sessions)
            return self.env.cr.sql_log_count - before

        self.assertEqual(book(20, date(2026, 12, 2)), book(2, date(2026, 12, 1)))
