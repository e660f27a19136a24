"""18.0.1.3.0: vocational certificates numbered in the Decree 30/2020 form.

The shipped sequence (noupdate data) numbered "CC/2026/00012"; it now gives
"0012/CC-CSCN", numbered from 1 each year. Certificates already issued keep
their numbers: a number printed on a certificate is never rewritten. A
sequence a facility changed by hand is left as it is.

Instructors are booked by their sessions (``rehab.training.session.booking``,
one session at a time, database-enforced): the sessions not cancelled book
their class's instructors; where a database already holds an instructor in
two overlapping sessions, the later one stays unbooked and is logged, to be
moved by a manager.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

OLD_PREFIX = "CC/%(range_year)s/"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    sequence = env.ref(
        "rehab_vocational.seq_rehab_training_certificate", raise_if_not_found=False
    )
    if sequence and sequence.prefix == OLD_PREFIX and not sequence.suffix:
        sequence.write({"prefix": False, "suffix": "/CC-CSCN", "padding": 4})
    _book_instructors(cr)


def _book_instructors(cr):
    cr.execute(
        """
        WITH wanted AS (
            SELECT s.id AS session_id, rel.user_id, s.company_id,
                   s.datetime_start, s.datetime_end
              FROM rehab_training_session s
              JOIN rehab_training_class_instructor_rel rel ON rel.class_id = s.class_id
             WHERE s.state != 'cancelled' AND s.datetime_end > s.datetime_start
               AND NOT EXISTS (SELECT 1 FROM rehab_training_session_booking b
                                WHERE b.session_id = s.id)
             ORDER BY s.datetime_start, s.id)
        INSERT INTO rehab_training_session_booking
               (session_id, user_id, company_id, datetime_start, datetime_end,
                create_uid, create_date, write_uid, write_date)
        SELECT session_id, user_id, company_id, datetime_start, datetime_end,
               1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
          FROM wanted
        ON CONFLICT DO NOTHING
        """
    )
    cr.execute(
        """
        SELECT s.id FROM rehab_training_session s
          JOIN rehab_training_class_instructor_rel rel ON rel.class_id = s.class_id
         WHERE s.state != 'cancelled' AND s.datetime_end > s.datetime_start
           AND NOT EXISTS (SELECT 1 FROM rehab_training_session_booking b
                            WHERE b.session_id = s.id AND b.user_id = rel.user_id)
        """
    )
    unbooked = sorted({row[0] for row in cr.fetchall()})
    if unbooked:
        _logger.warning(
            "%s session(s) overlap another session of the same instructor and "
            "were left unbooked (ids %s): move them.",
            len(unbooked),
            unbooked[:50],
        )
