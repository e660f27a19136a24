"""Two intake desks register the same person without a citizen ID at once.

Odoo runs each request in a REPEATABLE READ transaction: the second desk
does not see the first desk's person even after waiting for it, so only the
database (the unique identity key) can refuse the duplicate. Both desks are
real, committing PostgreSQL transactions here.
"""

import uuid
from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestSamePersonTwoDesks(TransactionCase):
    def _drop(self, name):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'rehab.resident' AND res_id IN "
                "(SELECT id FROM rehab_resident WHERE name = %s)",
                (name,),
            )
            cr.execute("DELETE FROM rehab_resident WHERE name = %s", (name,))

    def test_second_desk_refused_by_the_database(self):
        self.assertFalse(self.registry.in_test_mode())
        name = f"Lò Văn Đồng {uuid.uuid4().hex[:6]}"
        self.addCleanup(self._drop, name)
        values = {"name": name, "sex": "male", "birthdate": date(1991, 5, 6)}
        cr1 = self.registry.cursor()
        self.addCleanup(cr1.close)
        cr2 = self.registry.cursor()
        self.addCleanup(cr2.close)
        desk2 = api.Environment(cr2, SUPERUSER_ID, {})
        # Desk 2 has started its request (its snapshot is taken) ...
        self.assertFalse(desk2["rehab.resident"].search([("name", "=", name)]))
        # ... when desk 1 registers the person and saves.
        api.Environment(cr1, SUPERUSER_ID, {})["rehab.resident"].register_person(
            dict(values)
        )
        cr1.commit()
        # Desk 2 does not see them, and is still refused.
        with (
            self.assertRaises(psycopg2.IntegrityError),
            mute_logger("odoo.sql_db"),
        ):
            desk2["rehab.resident"].register_person(dict(values))
            desk2.flush_all()
        cr2.rollback()
        with self.registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM rehab_resident WHERE name = %s", (name,))
            self.assertEqual(cr.fetchone()[0], 1)
