"""Two gate desks book at the same moment, in two real transactions.

Under REPEATABLE READ neither desk sees the other's uncommitted visit, so
the Python checks alone would give the last place of a session twice, or
two visits of one resident in the same week. The bookings lock the
session's row and the stay's row (an UPDATE): the second desk waits, then
PostgreSQL refuses it (serialization failure, which Odoo replays), and the
replay sees the first desk's visit and says why it is refused.

A plain TransactionCase on the main company, the committed fixture removed
afterwards, as the bed concurrency test (see its docstring for why).
"""

import threading
import time
import uuid
from datetime import date, timedelta

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import cccd

QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}
MODELS = {
    "rehab.visit": "rehab_visit",
    "rehab.visitor": "rehab_visitor",
    "rehab.visit.slot": "rehab_visit_slot",
    "rehab.stay": "rehab_stay",
    "rehab.resident": "rehab_resident",
}


@tagged("post_install", "-at_install")
class TestBookingConcurrency(TransactionCase):
    def _committed_fixture(self, tag):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            env = api.Environment(cr, SUPERUSER_ID, QUIET)
            company = env.ref("base.main_company")
            birthdate = date(1990, 5, 5)
            serial = int(tag, 16) % 99999
            residents = env["rehab.resident"].create(
                [
                    {
                        "name": f"Gate {n} {tag}",
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
                        "name": f"GATE/{tag}/{n}",
                        "resident_id": resident.id,
                        "company_id": company.id,
                        "order_kind": "temporary",
                        "admission_date": company.rehab_today() - timedelta(days=1),
                        "state": "in_rehab",
                    }
                    for n, resident in enumerate(residents, 1)
                ]
            )
            visitors = env["rehab.visitor"].create(
                [
                    {
                        "name": f"Mẹ {n} {tag}",
                        "citizen_id": cccd(
                            "female", date(1965, 1, 1), f"{serial:05d}{n}"
                        ),
                        "resident_id": resident.id,
                        "relationship": "mother",
                    }
                    for n, resident in enumerate(residents, 1)
                ]
            )
            start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=1)
            slots = env["rehab.visit.slot"].create(
                [
                    {
                        "company_id": company.id,
                        "date_start": start + timedelta(days=n),
                        "date_end": start + timedelta(days=n, hours=2),
                        "capacity": 1,
                    }
                    for n in (0, 1)
                ]
            )
            ids = {
                "residents": tuple(residents.ids),
                "stays": tuple(stays.ids),
                "visitors": tuple(visitors.ids),
                "contacts": tuple(visitors.contact_id.ids),
                "slots": tuple(slots.ids),
            }
            cr.commit()  # pylint: disable=invalid-commit
        return ids

    def _drop_committed_fixture(self, ids):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            cr.execute(
                "SELECT id FROM rehab_visit WHERE stay_id IN %s", (ids["stays"],)
            )
            ids["visits"] = tuple(row[0] for row in cr.fetchall()) or (0,)
            keys = {"rehab.visit": "visits", "rehab.visitor": "visitors"}
            for model in MODELS:
                res_ids = ids[keys.get(model, model.split(".")[-1] + "s")]
                for table in ("mail_message", "mail_followers"):
                    column = "model" if table == "mail_message" else "res_model"
                    cr.execute(
                        f"DELETE FROM {table} WHERE {column} = %s AND res_id IN %s",  # noqa: S608
                        (model, res_ids),
                    )
            cr.execute("DELETE FROM rehab_visit WHERE id IN %s", (ids["visits"],))
            cr.execute("DELETE FROM rehab_visitor WHERE id IN %s", (ids["visitors"],))
            cr.execute(
                "DELETE FROM rehab_resident_contact WHERE id IN %s", (ids["contacts"],)
            )
            cr.execute("DELETE FROM rehab_visit_slot WHERE id IN %s", (ids["slots"],))
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

    def _book(self, cr, stay_id, visitor_id, slot_id):
        security = self.env.ref("rehab_facility.user_security").id
        env = api.Environment(cr, security, QUIET)
        env["rehab.visit"].book(
            {"stay_id": stay_id, "visitor_ids": [visitor_id], "slot_id": slot_id}
        )
        env.flush_all()

    def _race(self, cr1, cr2, first, second):
        """Desk 1 books and holds its transaction open; desk 2 books, must
        wait for desk 1; desk 1 commits. Returns what desk 2 raised."""
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

    def _visits(self, ids):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT stay_id, slot_id FROM rehab_visit WHERE stay_id IN %s "
                "AND state = 'booked' ORDER BY id",
                (ids["stays"],),
            )
            return cr.fetchall()

    def test_two_residents_one_last_place(self):
        ids, (cr1, cr2) = self._desks()
        (stay1, stay2), (visitor1, visitor2) = ids["stays"], ids["visitors"]
        slot = ids["slots"][0]
        error = self._race(
            cr1,
            cr2,
            lambda: self._book(cr1, stay1, visitor1, slot),
            lambda: self._book(cr2, stay2, visitor2, slot),
        )
        # Desk 2 waited on the session's row, then PostgreSQL refused its
        # update: Odoo replays such a request (serialization failure) ...
        self.assertIsInstance(error, psycopg2.errors.SerializationFailure, repr(error))
        # ... and the replay sees desk 1's visit: the session is full.
        with self.assertRaisesRegex(UserError, "is full: 1 places, all booked"):
            self._book(cr2, stay2, visitor2, slot)
        cr2.rollback()
        self.assertEqual(self._visits(ids), [(stay1, slot)])

    def test_one_resident_twice_in_a_week(self):
        ids, (cr1, cr2) = self._desks()
        stay, visitor = ids["stays"][0], ids["visitors"][0]
        slot1, slot2 = ids["slots"]
        error = self._race(
            cr1,
            cr2,
            lambda: self._book(cr1, stay, visitor, slot1),
            lambda: self._book(cr2, stay, visitor, slot2),
        )
        self.assertIsInstance(error, psycopg2.errors.SerializationFailure, repr(error))
        with self.assertRaisesRegex(UserError, "already has a family visit on"):
            self._book(cr2, stay, visitor, slot2)
        cr2.rollback()
        self.assertEqual(self._visits(ids), [(stay, slot1)])
