"""Two intake desks receive the same transfer at the same moment.

Under REPEATABLE READ neither desk sees the other's receipt: the Python
check of the state alone would open two receiving stays. The receipt locks
the transfer's row: the second desk waits, then PostgreSQL refuses it
(serialization failure, which Odoo replays), and the replay sees the
transfer received and says so. The unique link of a receiving stay to its
sending stay would refuse a second stay even without the lock.

Committed fixture on the main company (as the gate concurrency test), the
transfer written directly: the race is on the receipt, not on the decision.
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

from .common import cccd

QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}
# Rows of these tables (and of the rehab / mail tables that point to them)
# are the fixture's, removed afterwards.
FIXTURE_TABLES = (
    "rehab_transfer",
    "rehab_stay",
    "rehab_resident",
    "rehab_bed",
    "rehab_room",
    "rehab_area",
)

MAIL_TABLES = (("mail_message", "model"), ("mail_followers", "res_model"))


@tagged("post_install", "-at_install")
class TestTransferReceiptRace(TransactionCase):
    def _committed_fixture(self, tag):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            env = api.Environment(cr, SUPERUSER_ID, QUIET)
            company = env.ref("base.main_company")
            today = company.rehab_today()
            area = env["rehab.area"].create(
                {
                    "name": f"Race {tag}",
                    "kind": "compulsory",
                    "sex": "male",
                    "age_group": "adult",
                    "company_id": company.id,
                }
            )
            room = env["rehab.room"].create({"name": f"R {tag}", "area_id": area.id})
            bed = env["rehab.bed"].create({"name": f"B {tag}", "room_id": room.id})
            birthdate = date(1990, 5, 5)
            serial = int(tag, 16) % 999999
            resident = env["rehab.resident"].create(
                {
                    "name": f"Race {tag}",
                    "sex": "male",
                    "birthdate": birthdate,
                    "citizen_id": cccd("male", birthdate, f"{serial:06d}"),
                    "company_id": company.id,
                }
            )
            admission = today - timedelta(days=30)
            stay = env["rehab.stay"].create(
                {
                    "name": f"RACE/{tag}",
                    "resident_id": resident.id,
                    "company_id": company.id,
                    "order_kind": "compulsory_adult",
                    "decision_number": f"{tag}/QĐ-TA",
                    "decision_date": admission,
                    "decision_authority": "Tòa án",
                    "admission_date": admission,
                    "term_months": 24,
                    "state": "released",
                    "release_date": today,
                    "release_reason": "transfer",
                }
            )
            transfer = env["rehab.transfer"].create(
                {
                    "name": f"RACE/{tag}",
                    "stay_id": stay.id,
                    "resident_id": resident.id,
                    "sending_company_id": company.id,
                    "receiving_company_id": company.id,
                    "decision_number": f"{tag}/QĐ-CCS",
                    "decision_date": today,
                    "decision_authority": "Sở",
                    "transfer_date": today,
                    "expected_release_date": stay.expected_release_date,
                }
            )
            ids = {
                "rehab_transfer": transfer.ids,
                "rehab_stay": stay.ids,
                "rehab_resident": resident.ids,
                "rehab_bed": bed.ids,
                "rehab_room": room.ids,
                "rehab_area": area.ids,
            }
            cr.commit()  # pylint: disable=invalid-commit
        return ids

    def _drop_committed_fixture(self, ids):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = '20s'")
            cr.execute(
                "SELECT id FROM rehab_stay WHERE transferred_from_stay_id IN %s",
                (tuple(ids["rehab_stay"]),),
            )
            stays = ids["rehab_stay"] + [row[0] for row in cr.fetchall()]
            ids = {**ids, "rehab_stay": stays}
            for table in FIXTURE_TABLES:
                self._delete(cr, table, ids[table], set())
            cr.commit()  # pylint: disable=invalid-commit

    def _delete(self, cr, table, row_ids, seen):
        """Delete ``row_ids`` of ``table`` and the rehab / mail rows that
        point to them (the tables of other modules included)."""
        if not row_ids or (table, tuple(row_ids)) in seen:
            return
        seen.add((table, tuple(row_ids)))
        model = table.replace("_", ".")
        for mail_table, column in MAIL_TABLES:
            cr.execute(
                f"DELETE FROM {mail_table} WHERE {column} = %s AND res_id IN %s",  # noqa: S608
                (model, tuple(row_ids)),
            )
        cr.execute(
            """SELECT c.conrelid::regclass::text, a.attname
                 FROM pg_constraint c
                 JOIN pg_attribute a
                   ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
                WHERE c.contype = 'f' AND c.confrelid = %s::regclass""",
            (table,),
        )
        for child, column in cr.fetchall():
            if child == table or not child.startswith(("rehab_", "mail_")):
                continue
            cr.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'id'",
                (child,),
            )
            if not cr.fetchone():  # a relation table: its rows go
                cr.execute(
                    f"DELETE FROM {child} WHERE {column} IN %s",  # noqa: S608
                    (tuple(row_ids),),
                )
                continue
            cr.execute(
                f"SELECT id FROM {child} WHERE {column} IN %s",  # noqa: S608
                (tuple(row_ids),),
            )
            self._delete(cr, child, [row[0] for row in cr.fetchall()], seen)
        cr.execute(f"DELETE FROM {table} WHERE id IN %s", (tuple(row_ids),))  # noqa: S608

    def _receive(self, cr, ids):
        env = api.Environment(cr, SUPERUSER_ID, QUIET)
        transfer = env["rehab.transfer"].browse(ids["rehab_transfer"])
        transfer.receive({"bed_id": ids["rehab_bed"][0]})
        env.flush_all()

    def test_second_desk_refused(self):
        self.assertFalse(self.registry.in_test_mode())
        ids = self._committed_fixture(uuid.uuid4().hex[:6])
        self.addCleanup(self._drop_committed_fixture, ids)
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        for cr in (cr1, cr2):
            self.addCleanup(cr.close)
            cr.execute("SET LOCAL lock_timeout = '20s'")
        cr2.execute("SELECT pg_backend_pid()")
        pid2 = cr2.fetchone()[0]
        outcome = {}

        def desk2():
            try:
                self._receive(cr2, ids)
            except Exception as e:  # stored for the main thread to check
                outcome["error"] = e

        with mute_logger("odoo.sql_db"):
            self._receive(cr1, ids)
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
        self.assertIsInstance(
            outcome.get("error"), psycopg2.errors.SerializationFailure
        )
        # Odoo replays the request: the replay says why it is refused.
        cr3 = self.registry.cursor()
        self.addCleanup(cr3.close)
        with self.assertRaises(UserError) as caught:
            self._receive(cr3, ids)
        cr3.rollback()
        self.assertIn("already received", str(caught.exception))
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM rehab_stay WHERE transferred_from_stay_id = %s",
                (ids["rehab_stay"][0],),
            )
            self.assertEqual(cr.fetchone()[0], 1)
