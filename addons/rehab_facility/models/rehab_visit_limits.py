from datetime import timedelta

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .rehab_visit_slot import ACTIVE_VISIT_STATES


class RehabVisitLimits(models.AbstractModel):
    """The rules of a visit (Decree 116/2021 Art. 69), checked when it is
    booked and again at the gate.

    Numbers come from the facility's settings (res.company): days between
    two family visits (7: once a week), hours (2; 4 with the director's
    approval), relatives (3), private spouse visits a month (1) and their
    hours (48). A resident who is away (escape, hospital, funeral leave), in
    the disciplinary room or whose visits are suspended cannot be visited.

    The per-resident limits hold under concurrency: the checks lock the
    stay's row first (``_lock_stay``), so two desks booking the same
    resident's week at once are serialised by PostgreSQL.
    """

    _name = "rehab.visit.limits"
    _description = "Visit Rules"

    # -------------------------------------------------------------- locks
    def _lock_stay(self, stay):
        """Serialise the bookings of one resident (UPDATE of the stay's row).

        A second transaction waits for the first, then PostgreSQL refuses it
        (concurrent update under REPEATABLE READ) and Odoo replays the
        request, which now sees the first's visit.
        """
        stay.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE rehab_stay SET write_date = write_date WHERE id = %s",
                stay.id,
            )
        )

    # -------------------------------------------------------------- rules
    def _check_visit_rules(self, visitors, moment=None):
        """Every rule of Art. 69 for this visit with ``visitors``.

        ``moment``: the check-in time (the duration then runs from it).
        """
        self.ensure_one()
        self._check_resident_available()
        self._check_visitors(visitors)
        self._check_duration(moment)
        if self.kind == "private":
            self._check_private_month()
        else:
            self._check_weekly()

    def _visit_days(self):
        """The facility days the visit covers (a private visit may span 3)."""
        company = self.company_id
        first = company.rehab_local_date(self.date_start)
        last = company.rehab_local_date(self.date_end - timedelta(seconds=1))
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def _check_resident_available(self):
        """The resident is in the facility, not in the disciplinary room and
        their visits are not suspended, on every day of the visit."""
        stay = self.stay_id
        name = stay.resident_id.name
        if stay.state != "in_rehab":
            states = dict(stay._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(name)s cannot be visited: status “%(state)s”. Only a "
                    "resident in the facility receives visits.",
                    name=name,
                    state=states[stay.state],
                )
            )
        if stay.sudo().absence_ids.filtered(
            lambda a: a.is_open and a.kind == "funeral_leave"
        ):
            raise UserError(
                self.env._(
                    "%s is on funeral leave and cannot be visited.",
                    name,
                )
            )
        days = self._visit_days()
        measures = (
            self.env["rehab.discipline"]
            .sudo()
            .search(
                [
                    ("resident_id", "=", stay.resident_id.id),
                    ("kind", "in", ("room", "visits")),
                    ("date_start", "<=", days[-1]),
                    ("date_end", ">=", days[0]),
                ],
                limit=1,
            )
        )
        if not measures:
            return
        start = measures.date_start.strftime("%d/%m/%Y")
        end = measures.date_end.strftime("%d/%m/%Y")
        if measures.kind == "room":
            raise UserError(
                self.env._(
                    "%(name)s is in the disciplinary room from %(start)s to "
                    "%(end)s: no visit can be booked for that time.",
                    name=name,
                    start=start,
                    end=end,
                )
            )
        raise UserError(
            self.env._(
                "The visits of %(name)s are suspended from %(start)s to %(end)s "
                "(discipline decision %(number)s).",
                name=name,
                start=start,
                end=end,
                number=measures.decision_number or "-",
            )
        )

    def _check_visitors(self, visitors):
        """1 to 3 registered, unbanned relatives; a private visit: the spouse."""
        company = self.company_id
        name = self.stay_id.resident_id.name
        if not visitors:
            raise UserError(self.env._("Choose at least one visitor."))
        strangers = visitors.filtered(
            lambda v: v.resident_id != self.stay_id.resident_id or not v.active
        )
        if strangers:
            raise UserError(
                self.env._(
                    "%(visitor)s is not a registered visitor of %(name)s: register "
                    "them as %(name)s's visitor first.",
                    visitor=strangers[0].name,
                    name=name,
                )
            )
        banned = visitors._banned_on(self._visit_days()[0])
        if banned:
            raise UserError(
                self.env._(
                    "%(visitor)s is banned from visiting: %(reason)s",
                    visitor=banned[0].name,
                    reason=banned[0]._ban_reason_on(self._visit_days()[0]),
                )
            )
        if self.kind == "private":
            if len(visitors) != 1 or visitors.relationship != "spouse":
                raise UserError(
                    self.env._(
                        "A private visit is for the resident's spouse alone "
                        "(Decree 116/2021 Art. 69)."
                    )
                )
            return
        limit = company.rehab_visit_max_visitors
        if len(visitors) > limit:
            raise UserError(
                self.env._(
                    "A family visit takes at most %(max)s relatives (Decree "
                    "116/2021 Art. 69); %(count)s were given.",
                    max=limit,
                    count=len(visitors),
                )
            )

    def _check_duration(self, moment=None):
        """At most the hours of the setting (2; longer with the director's
        approval, up to 4; a private visit 48), from the check-in if given."""
        start = max(moment or self.date_start, self.date_start)
        company = self.company_id
        if self.kind == "private":
            limit = company.rehab_private_visit_max_hours
            message = self.env._(
                "A private visit lasts at most %(max)s hours (Decree 116/2021 "
                "Art. 69).",
                max=_hours(limit),
            )
        elif self.extension_hours:
            limit = self.extension_hours
            message = self.env._(
                "The director approved %(max)s hours for this visit: it cannot "
                "last longer.",
                max=_hours(limit),
            )
        else:
            limit = company.rehab_visit_max_hours
            message = self.env._(
                "A family visit lasts at most %(max)s hours (Decree 116/2021 "
                "Art. 69); a longer one, up to %(extended)s hours, needs the "
                "director's approval.",
                max=_hours(limit),
                extended=_hours(company.rehab_visit_extended_hours),
            )
        if self.date_end - start > timedelta(hours=limit):
            raise UserError(message)

    def _check_weekly(self):
        """One family visit every N days (7: once a week, Art. 69).

        A visit on day D leaves the next N-1 days without one: with N = 7, a
        visit on Monday allows the next on the following Monday (the 8th
        day), not on Sunday (the 7th).
        """
        interval = self.company_id.rehab_visit_interval_days
        day = self.visit_date
        other = self.sudo().search(
            [
                ("id", "!=", self.id),
                ("resident_id", "=", self.stay_id.resident_id.id),
                ("kind", "=", "regular"),
                ("state", "in", ACTIVE_VISIT_STATES),
                ("visit_date", ">", day - timedelta(days=interval)),
                ("visit_date", "<", day + timedelta(days=interval)),
            ],
            limit=1,
        )
        if other:
            raise UserError(
                self.env._(
                    "%(name)s already has a family visit on %(date)s: one visit "
                    "every %(days)s days (Decree 116/2021 Art. 69). The next "
                    "possible day is %(next)s.",
                    name=self.stay_id.resident_id.name,
                    date=other.visit_date.strftime("%d/%m/%Y"),
                    days=interval,
                    next=(other.visit_date + timedelta(days=interval)).strftime(
                        "%d/%m/%Y"
                    ),
                )
            )

    def _check_private_month(self):
        """The spouse's private visits: at most the setting a month (1)."""
        per_month = self.company_id.rehab_private_visits_per_month
        count = self.sudo().search_count(
            [
                ("id", "!=", self.id),
                ("resident_id", "=", self.stay_id.resident_id.id),
                ("kind", "=", "private"),
                ("state", "in", ACTIVE_VISIT_STATES),
                ("visit_month", "=", self.visit_month),
            ]
        )
        if count >= per_month:
            raise UserError(
                self.env._(
                    "%(name)s already had %(count)s private visit(s) in "
                    "%(month)s: at most %(max)s a month (Decree 116/2021 Art. 69).",
                    name=self.stay_id.resident_id.name,
                    count=count,
                    month=self.visit_month.strftime("%m/%Y"),
                    max=per_month,
                )
            )

    def _check_room_free(self, room, start, end):
        """Word the refusal the room's exclusion constraint would give."""
        clash = (
            self.env["rehab.visit"]
            .sudo()
            .search(
                [
                    ("room_id", "=", room.id),
                    ("state", "in", ("booked", "in_progress")),
                    ("date_start", "<", end),
                    ("date_end", ">", start),
                ],
                limit=1,
            )
        )
        if clash:
            raise UserError(
                self.env._(
                    "Room %(room)s is booked from %(start)s to %(end)s.",
                    room=room.name,
                    start=clash._local_time(clash.date_start),
                    end=clash._local_time(clash.date_end),
                )
            )


def _hours(value):
    """2.0 -> "2", 2.5 -> "2.5"."""
    return "%g" % value
