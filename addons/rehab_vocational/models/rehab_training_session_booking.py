import json

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .rehab_training_session import float_to_hhmm


class RehabTrainingSessionBooking(models.Model):
    """An instructor's time taken by a session: one row per instructor of
    the class and session not cancelled.

    Written only by ``_sync`` (sessions created, moved, cancelled; a class's
    instructors changed). The database's exclusion constraint refuses two
    overlapping rows of one instructor, so two desks planning at the same
    moment cannot double-book a teacher; ``_sync`` says it first in words
    (which class, which day and time).
    """

    _name = "rehab.training.session.booking"
    _description = "Instructor Booked by a Session"
    _order = "datetime_start"

    session_id = fields.Many2one(
        "rehab.training.session",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Instructor", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    datetime_start = fields.Datetime(required=True, readonly=True)
    datetime_end = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        (
            "instructor_one_session_at_a_time",
            "EXCLUDE USING gist (user_id WITH =, "
            "tsrange(datetime_start, datetime_end) WITH &&)",
            "This instructor already teaches another session at that time: an "
            "instructor teaches one session at a time.",
        ),
        (
            "booking_times_check",
            "CHECK(datetime_end > datetime_start)",
            "A session ends after it starts.",
        ),
    ]

    @api.model
    def _sync(self, sessions):
        """Book the instructors of ``sessions`` again (superuser), after
        checking that none of them teaches elsewhere at the time."""
        sessions = sessions.sudo().exists()
        if not sessions:
            return
        self.env.flush_all()
        self.sudo().search([("session_id", "in", sessions.ids)]).unlink()
        values = [
            {
                "session_id": session.id,
                "user_id": user.id,
                "company_id": session.company_id.id,
                "datetime_start": session.datetime_start,
                "datetime_end": session.datetime_end,
            }
            for session in sessions
            if session.state != "cancelled"
            and session.datetime_start
            and session.datetime_end
            and session.datetime_end > session.datetime_start
            for user in session.class_id.instructor_ids
        ]
        self._check_free(values)
        self.sudo().create(values)
        self.env.flush_all()

    @api.model
    def _check_free(self, values):
        """Refuse in words a booking that overlaps another of the same
        instructor (one query), including two of the new ones."""
        if not values:
            return
        rows = self.env.execute_query(
            SQL(
                """
                SELECT v.user_id, b.session_id, v.session_id
                  FROM jsonb_to_recordset(%s::jsonb)
                       AS v(user_id int, session_id int, s timestamp, e timestamp)
                  JOIN rehab_training_session_booking b
                    ON b.user_id = v.user_id
                   AND tsrange(b.datetime_start, b.datetime_end)
                       && tsrange(v.s, v.e)
                 LIMIT 1
                """,
                json.dumps(
                    [
                        {
                            "user_id": value["user_id"],
                            "session_id": value["session_id"],
                            "s": fields.Datetime.to_string(value["datetime_start"]),
                            "e": fields.Datetime.to_string(value["datetime_end"]),
                        }
                        for value in values
                    ]
                ),
            )
        )
        if rows:
            self._refuse(*rows[0])
        seen = {}
        for value in sorted(values, key=lambda v: (v["user_id"], v["datetime_start"])):
            previous = seen.get(value["user_id"])
            if previous and previous["datetime_end"] > value["datetime_start"]:
                self._refuse(
                    value["user_id"], previous["session_id"], value["session_id"]
                )
            seen[value["user_id"]] = value

    @api.model
    def _refuse(self, user_id, other_id, session_id):
        sessions = self.env["rehab.training.session"].sudo()
        other, session = sessions.browse(other_id), sessions.browse(session_id)
        raise ValidationError(
            self.env._(
                "%(teacher)s already teaches “%(other)s” on %(date)s from "
                "%(start)s to %(end)s: “%(class)s” cannot be taught at the same "
                "time. An instructor teaches one session at a time.",
                teacher=self.env["res.users"].sudo().browse(user_id).name,
                other=other.class_id.name,
                date=other.date.strftime("%d/%m/%Y"),
                start=float_to_hhmm(other.time_start),
                end=float_to_hhmm(other.time_end),
                **{"class": session.class_id.name},
            )
        )
