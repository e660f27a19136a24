"""Two managers enrol at the same moment, in two real transactions.

The Python checks cannot see the other desk's uncommitted enrolment:
PostgreSQL keeps a resident in one class at a time (exclusion constraint)
and the class's capacity (row lock on the class). A plain TransactionCase
on the main company, committed fixture removed afterwards, as
rehab_facility's bed concurrency test (see its docstring for why).
"""

import threading
import time
import uuid
from datetime import date, timedelta

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.rehab_facility.tests.common import cccd

QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


@tagged("post_install", "-at_install")
class TestEnrolmentConcurrency(TransactionCase):
    def _committed_fixture(self, tag):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            env = api.Environment(cr, SUPERUSER_ID, QUIET)
            company = env.ref("base.main_company")
            today = company.rehab_today()
            birthdate = date(1990, 5, 5)
            serial = int(tag, 16) % 99999
            residents = env["rehab.resident"].create(
                [
                    {
                        "name": f"Học viên {n} {tag}",
                        "sex": "male",
                        "birthdate": birthdate,
                        "citizen_id": cccd("male", birthdate, f"{serial:05d}{n}"),
                        "company_id": company.id,
                    }
                    for n in (1, 2)
                ]
            )
            stays = env["rehab.stay"].create(
                [
                    {
                        "name": f"VOC/{tag}/{n}",
                        "resident_id": resident.id,
                        "company_id": company.id,
                        "order_kind": "temporary",
                        "admission_date": today - timedelta(days=1),
                        "state": "in_rehab",
                    }
                    for n, resident in enumerate(residents, 1)
                ]
            )
            trade = env.ref("rehab_vocational.trade_safe_vegetables")
            classes = env["rehab.training.class"].create(
                [
                    {
                        "name": f"Lớp {n} {tag}",
                        "trade_id": trade.id,
                        "company_id": company.id,
                        "date_start": today,
                        "date_end": today + timedelta(days=30),
                        "certificate_level": "short",
                        "required_hours": 8,
                        "capacity": 1,
                    }
                    for n in (1, 2)
                ]
            )
            ids = {
                "residents": tuple(residents.ids),
                "stays": tuple(stays.ids),
                "classes": tuple(classes.ids),
            }
            cr.commit()  # pylint: disable=invalid-commit
        return ids

    def _drop_committed_fixture(self, ids):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            cr.execute(
                "SELECT id FROM rehab_training_enrollment WHERE class_id IN %s",
                (ids["classes"],),
            )
            enrollments = tuple(row[0] for row in cr.fetchall()) or (0,)
            for model, res_ids in [
                ("rehab.training.enrollment", enrollments),
                ("rehab.training.class", ids["classes"]),
                ("rehab.stay", ids["stays"]),
                ("rehab.resident", ids["residents"]),
            ]:
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                    (model, res_ids),
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                    (model, res_ids),
                )
            cr.execute(
                "DELETE FROM rehab_training_enrollment WHERE id IN %s", (enrollments,)
            )
            cr.execute(
                "DELETE FROM rehab_training_class WHERE id IN %s", (ids["classes"],)
            )
            cr.execute("DELETE FROM rehab_stay WHERE id IN %s", (ids["stays"],))
            cr.execute("DELETE FROM rehab_resident WHERE id IN %s", (ids["residents"],))
            cr.commit()  # pylint: disable=invalid-commit

    def _desks(self):
        self.assertFalse(self.registry.in_test_mode())
        ids = self._committed_fixture(uuid.uuid4().hex[:8])
        self.addCleanup(self._drop_committed_fixture, ids)
        cursors = []
        for __ in (1, 2):
            cr = self.registry.cursor()
            self.addCleanup(cr.close)
            cr.execute("SET LOCAL lock_timeout = '20s'")
            cursors.append(cr)
        return ids, cursors

    def _enroll(self, cr, class_id, resident_id):
        manager = self.env.ref("rehab_facility.user_manager").id
        env = api.Environment(cr, manager, QUIET)
        env["rehab.training.class"].browse(class_id).enroll(
            env["rehab.resident"].browse(resident_id)
        )
        env.flush_all()

    def _race(self, cr1, cr2, first, second):
        """Desk 1 runs ``first`` and holds its transaction open; desk 2 runs
        ``second``, which must wait for desk 1; desk 1 commits. Returns what
        desk 2 raised."""
        cr2.execute("SELECT pg_backend_pid()")
        pid2 = cr2.fetchone()[0]
        outcome = {}

        def desk2():
            try:
                second()
            except Exception as e:  # stored for the main thread to check
                outcome["error"] = e

        with mute_logger("odoo.sql_db"):
            first()
            thread = threading.Thread(target=desk2)
            thread.start()
            self.addCleanup(thread.join, 30)
            deadline = time.monotonic() + 15
            waiting = False
            while not waiting and thread.is_alive() and time.monotonic() < deadline:
                cr1.execute(
                    "SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted",
                    (pid2,),
                )
                waiting = bool(cr1.fetchone()[0])
                time.sleep(0.02)
            self.assertTrue(waiting, f"desk 2 did not wait for desk 1: {outcome}")
            cr1.commit()  # pylint: disable=invalid-commit
            thread.join(30)
            self.assertFalse(thread.is_alive(), "desk 2 is still waiting")
        cr2.rollback()
        return outcome.get("error")

    def _enrolled(self, ids):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT class_id, resident_id FROM rehab_training_enrollment "
                "WHERE class_id IN %s AND state = 'enrolled' ORDER BY id",
                (ids["classes"],),
            )
            return cr.fetchall()

    def test_one_resident_two_overlapping_classes(self):
        ids, (cr1, cr2) = self._desks()
        class1, class2 = ids["classes"]
        resident = ids["residents"][0]
        error = self._race(
            cr1,
            cr2,
            lambda: self._enroll(cr1, class1, resident),
            lambda: self._enroll(cr2, class2, resident),
        )
        self.assertIsInstance(error, psycopg2.errors.ExclusionViolation, repr(error))
        self.assertEqual(
            error.diag.constraint_name,
            "rehab_training_enrollment_resident_one_class_at_a_time",
        )
        self.assertEqual(self._enrolled(ids), [(class1, resident)])

    def test_two_residents_one_last_place(self):
        ids, (cr1, cr2) = self._desks()
        class1 = ids["classes"][0]
        resident1, resident2 = ids["residents"]
        error = self._race(
            cr1,
            cr2,
            lambda: self._enroll(cr1, class1, resident1),
            lambda: self._enroll(cr2, class1, resident2),
        )
        # Desk 2 waited on the class's row, then PostgreSQL refused its
        # update: Odoo replays such a request (serialization failure) ...
        self.assertIsInstance(error, psycopg2.errors.SerializationFailure, repr(error))
        # ... and the replay sees desk 1's resident: the class is full.
        with self.assertRaisesRegex(UserError, "is full: 1 places, 1 taken"):
            self._enroll(cr2, class1, resident2)
        cr2.rollback()
        self.assertEqual(self._enrolled(ids), [(class1, resident1)])
