from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .rehab_training_enrollment import ATTENDED_STATUSES

SESSION_STATES = [
    ("draft", "To Mark"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
]
# Fields of an attendance line that marking changes (see _apply_marks).
MARK_FIELDS = frozenset({"status", "reason_id", "note"})
# Set only by the actions (confirm, cancel): the lock counts from the
# confirmation date, which nobody may move by hand.
SESSION_ACTION_FIELDS = frozenset(
    {"state", "confirmed_date", "confirmed_by_id", "lock_date", "locked_by_id"}
)
# What the instructor plans on a sheet still to mark.
SESSION_EDIT_FIELDS = (
    "class_id",
    "date",
    "time_start",
    "time_end",
    "hours",
    "datetime_start",
    "datetime_end",
    "topic",
    "line_ids",
)


# What an instructor's booked time follows (rehab.training.session.booking).
BOOKED_FIELDS = frozenset(
    {"date", "time_start", "time_end", "datetime_start", "datetime_end", "state",
     "class_id"}
)  # fmt: skip


def float_to_hhmm(value):
    minutes = round((value or 0.0) * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class RehabTrainingSession(models.Model):
    """One session of a class, with its attendance sheet."""

    _name = "rehab.training.session"
    _description = "Class Session"
    _inherit = [
        "mail.thread",
        "rehab.guarded.mixin",
        "rehab.training.session.lock.mixin",
        "rehab.training.session.clash.mixin",
    ]
    _order = "date desc, time_start, id"
    # A confirmed sheet keeps its day and hours (they count for the
    # residents); only its topic and marks (through the marking) change.
    _user_create_fields = (*SESSION_EDIT_FIELDS, "state")
    _user_write_fields = {
        "draft": SESSION_EDIT_FIELDS,
        "confirmed": ("topic", "line_ids"),
        "cancelled": ("topic",),
    }
    _guard_bounds = {"time_start": (0, 24), "time_end": (0, 24), "hours": (0, 24)}
    _check_company_auto = True

    class_id = fields.Many2one(
        "rehab.training.class",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="class_id.company_id", store=True, index=True, string="Facility"
    )
    trade_id = fields.Many2one(related="class_id.trade_id", store=True)
    instructor_ids = fields.Many2many(related="class_id.instructor_ids")
    location = fields.Char(related="class_id.location")
    date = fields.Date(
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company.rehab_today(),
    )
    time_start = fields.Float(string="From", required=True, default=7.5, tracking=True)
    time_end = fields.Float(string="To", required=True, default=11.5, tracking=True)
    hours = fields.Float(
        compute="_compute_hours",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Teaching hours of the session; less than the time span when it "
        "includes a break.",
    )
    datetime_start = fields.Datetime(
        string="Starts",
        compute="_compute_datetimes",
        inverse="_inverse_datetimes",
        store=True,
    )
    datetime_end = fields.Datetime(
        string="Ends",
        compute="_compute_datetimes",
        inverse="_inverse_datetimes",
        store=True,
    )
    topic = fields.Char()
    state = fields.Selection(
        SESSION_STATES, default="draft", required=True, tracking=True, index=True
    )
    confirmed_date = fields.Date(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    line_ids = fields.One2many(
        "rehab.attendance.line", "session_id", string="Attendance Sheet"
    )
    line_count = fields.Integer(string="On the List", compute="_compute_line_counts")
    present_count = fields.Integer(string="Present", compute="_compute_line_counts")
    absent_count = fields.Integer(string="Absent", compute="_compute_line_counts")
    excused_count = fields.Integer(string="Excused", compute="_compute_line_counts")
    late_count = fields.Integer(string="Late", compute="_compute_line_counts")
    # Written by _refresh_hour_totals where the state and the marks are
    # written: the period rates sum sessions, not lines.
    attended_hours_total = fields.Float(
        string="Resident Hours Attended",
        readonly=True,
        copy=False,
        aggregator="sum",
        help="The session's hours times the residents present or late on the "
        "confirmed sheet; 0 until the sheet is confirmed.",
    )
    held_hours_total = fields.Float(
        string="Resident Hours Held",
        readonly=True,
        copy=False,
        aggregator="sum",
        help="The session's hours times the residents on the confirmed sheet "
        "(absent and excused included); 0 until the sheet is confirmed.",
    )

    def init(self):
        # The period figures read confirmed sessions by facility and date.
        tools.create_index(
            self.env.cr,
            "rehab_training_session_company_date_state_idx",
            self._table,
            ["company_id", "date", "state"],
        )

    # ---------------------------------------------------------------- computes
    @api.depends("time_start", "time_end")
    def _compute_hours(self):
        for session in self:
            session.hours = max(
                0.0, (session.time_end or 0) - (session.time_start or 0)
            )

    def _tz(self):
        return pytz.timezone(
            (self.company_id or self.env.company).rehab_tz or "Asia/Ho_Chi_Minh"
        )

    @api.depends("date", "time_start", "time_end", "company_id.rehab_tz")
    def _compute_datetimes(self):
        for session in self:
            if not session.date:
                session.datetime_start = session.datetime_end = False
                continue
            tz = session._tz()
            midnight = datetime.combine(session.date, time())
            for fname, hours in (
                ("datetime_start", session.time_start),
                ("datetime_end", session.time_end),
            ):
                local = tz.localize(midnight + timedelta(hours=hours or 0.0))
                session[fname] = local.astimezone(pytz.utc).replace(tzinfo=None)

    def _inverse_datetimes(self):
        """Moving a session in the calendar moves its date and times."""
        for session in self:
            if not (session.datetime_start and session.datetime_end):
                continue
            tz = session._tz()
            start = pytz.utc.localize(session.datetime_start).astimezone(tz)
            end = pytz.utc.localize(session.datetime_end).astimezone(tz)
            session.write(
                {
                    "date": start.date(),
                    "time_start": start.hour + start.minute / 60.0,
                    "time_end": (end.hour + end.minute / 60.0)
                    if end.date() == start.date()
                    else 24.0,
                }
            )

    def _compute_line_counts(self):
        counts = defaultdict(int)
        for session, status, count in self.env["rehab.attendance.line"]._read_group(
            [("session_id", "in", self.ids)], ["session_id", "status"], ["__count"]
        ):
            counts[session.id, status] = count
        for session in self:
            key = session._origin.id
            session.present_count = counts[key, "present"]
            session.absent_count = counts[key, "absent"]
            session.excused_count = counts[key, "excused"]
            session.late_count = counts[key, "late"]
            session.line_count = sum(
                counts[key, status]
                for status in ("present", "absent", "excused", "late")
            )

    @api.depends("class_id.name", "date", "time_start")
    def _compute_display_name(self):
        for session in self:
            session.display_name = "{} - {} {}".format(
                session.class_id.name or "",
                session.date.strftime("%d/%m/%Y") if session.date else "",
                float_to_hhmm(session.time_start),
            )

    # ------------------------------------------------------------------ rules
    @api.constrains("time_start", "time_end", "hours")
    def _check_times(self):
        for session in self:
            if not 0 <= session.time_start < 24 or not 0 < session.time_end <= 24:
                raise ValidationError(
                    self.env._("Session times are hours of the day (00:00 to 24:00).")
                )
            if session.time_end <= session.time_start:
                raise ValidationError(
                    self.env._(
                        "The session of %(date)s ends (%(end)s) before it starts "
                        "(%(start)s).",
                        date=session.date.strftime("%d/%m/%Y"),
                        end=float_to_hhmm(session.time_end),
                        start=float_to_hhmm(session.time_start),
                    )
                )
            span = session.time_end - session.time_start
            if session.hours <= 0 or session.hours > span + 1e-6:
                raise ValidationError(
                    self.env._(
                        "The session of %(date)s counts %(hours)s hours, but it "
                        "lasts %(span)s: the teaching hours must be positive and "
                        "fit in the session.",
                        date=session.date.strftime("%d/%m/%Y"),
                        hours=round(session.hours, 2),
                        span=float_to_hhmm(span),
                    )
                )

    @api.constrains("date", "class_id")
    def _check_date_in_class(self):
        for session in self:
            klass = session.class_id
            if not klass.date_start <= session.date <= klass.date_end:
                raise ValidationError(
                    self.env._(
                        "The session of %(date)s is outside the dates of "
                        "“%(course)s” (%(start)s - %(end)s).",
                        date=session.date.strftime("%d/%m/%Y"),
                        course=klass.name,
                        start=klass.date_start.strftime("%d/%m/%Y"),
                        end=klass.date_end.strftime("%d/%m/%Y"),
                    )
                )

    # ---------------------------------------------------------------- CRUD
    def _check_action_fields(self, fnames):
        if SESSION_ACTION_FIELDS & set(fnames) and not self.env.su:
            raise AccessError(
                self.env._(
                    "The status of a sheet changes only with its buttons (confirm, "
                    "cancel)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft" or vals.get("confirmed_date"):
                self._check_action_fields(vals)
        sessions = super(
            RehabTrainingSession, self.with_context(mail_create_nolog=True)
        ).create(vals_list)
        sessions = sessions.with_env(self.env)
        for session in sessions:
            if session.class_id.state not in ("planned", "running"):
                raise UserError(
                    self.env._(
                        "“%s” is closed or cancelled: no new sessions.",
                        session.class_id.name,
                    )
                )
        sessions._create_lines()
        self.env["rehab.training.session.booking"]._sync(sessions)
        return sessions

    def write(self, vals):
        self._check_action_fields(vals)
        self._check_not_locked()
        marks = []
        if "line_ids" in vals:
            vals, marks = self._split_mark_commands(vals)
        if self.filtered(lambda s: s.state == "confirmed") and (
            {"date", "time_start", "time_end", "hours", "class_id"} & set(vals)
        ):
            raise UserError(
                self.env._(
                    "A confirmed session cannot be moved or resized: its "
                    "attendance already counts."
                )
            )
        result = super().write(vals) if vals else True
        if marks:
            self.env["rehab.attendance.line"]._apply_marks(marks)
        if "state" in vals:
            self._refresh_hour_totals()
        if BOOKED_FIELDS & set(vals):
            self.env["rehab.training.session.booking"]._sync(self)
        return result

    def _refresh_hour_totals(self):
        """Store the sheets' attended and held hours: one UPDATE for all of
        ``self``, whatever the number of lines.

        Held: the session's hours times its lines; attended: times its lines
        present or late (excused hours count as missed, as in the
        enrollment's rate). Only a confirmed sheet counts: a draft or
        cancelled session holds 0.
        """
        if not self.ids:
            return
        self.env["rehab.attendance.line"].flush_model(["session_id", "status"])
        self.flush_recordset(["state", "hours"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE rehab_training_session s
                   SET attended_hours_total = t.attended, held_hours_total = t.held
                  FROM (SELECT s2.id,
                               CASE WHEN s2.state = 'confirmed'
                                    THEN s2.hours * COUNT(l.id)
                                         FILTER (WHERE l.status = ANY(%(attended)s))
                                    ELSE 0 END AS attended,
                               CASE WHEN s2.state = 'confirmed'
                                    THEN s2.hours * COUNT(l.id) ELSE 0 END AS held
                          FROM rehab_training_session s2
                          LEFT JOIN rehab_attendance_line l ON l.session_id = s2.id
                         WHERE s2.id = ANY(%(ids)s)
                         GROUP BY s2.id) t
                 WHERE s.id = t.id
                """,
                attended=list(ATTENDED_STATUSES),
                ids=list(self.ids),
            )
        )
        self.invalidate_recordset(["attended_hours_total", "held_hours_total"])

    def _split_mark_commands(self, vals):
        """Take the sheet's line updates out of ``vals`` to apply them grouped.

        The web client saves a sheet as one write with an UPDATE command per
        changed line. Lines that get the same values are written together, so
        saving 35 or 350 lines costs the same number of queries.
        """
        groups = defaultdict(list)
        commands = []
        for command in vals["line_ids"]:
            if (
                isinstance(command, list | tuple)
                and command[0] == Command.UPDATE
                and command[2]
                and set(command[2]) <= MARK_FIELDS
            ):
                groups[tuple(sorted(command[2].items()))].append(command[1])
            else:
                commands.append(command)
        vals = dict(vals)
        if commands:
            vals["line_ids"] = commands
        else:
            del vals["line_ids"]
        if not groups:
            return vals, []
        Line = self.env["rehab.attendance.line"]
        lines = Line.browse([line_id for ids in groups.values() for line_id in ids])
        if lines.session_id - self:
            raise UserError(self.env._("These lines belong to another session."))
        return vals, [(dict(key), Line.browse(ids)) for key, ids in groups.items()]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if self.filtered(lambda s: s.state == "confirmed"):
            raise UserError(
                self.env._(
                    "A confirmed session cannot be deleted: its attendance counts "
                    "for the residents."
                )
            )

    def _create_lines(self):
        """One line per resident on the class list on the session's day."""
        sessions = self.filtered(lambda s: s.state != "cancelled")
        if not sessions:
            return
        enrollments = (
            self.env["rehab.training.enrollment"]
            .sudo()
            .search([("class_id", "in", sessions.class_id.ids)])
        )
        self.env["rehab.attendance.line"]._create_missing(sessions, enrollments)

    # ---------------------------------------------------------------- actions
    def action_mark(self, statuses):
        """Mark the sheet: ``statuses`` maps line ids to a status.

        One SQL UPDATE per status, whatever the number of lines.
        """
        Line = self.env["rehab.attendance.line"]
        by_status = defaultdict(list)
        for line_id, status in statuses.items():
            by_status[status].append(int(line_id))
        lines = Line.browse([line_id for ids in by_status.values() for line_id in ids])
        if lines.session_id - self:
            raise UserError(self.env._("These lines belong to another session."))
        Line._apply_marks(
            [
                ({"status": status}, Line.browse(ids))
                for status, ids in by_status.items()
            ]
        )
        return True

    def action_confirm(self):
        """The instructor is done: the sheet counts for attendance."""
        self.check_access("write")
        for session in self:
            session._check_sheet_open()
            if session.state != "draft":
                raise UserError(self.env._("This sheet is already confirmed."))
            away = session.line_ids.filtered(
                lambda line: line.status in ("present", "late") and line._away()
            )
            if away:
                raise UserError(
                    self.env._(
                        "These residents are not in the facility (escaped, in "
                        "hospital or released) and cannot be marked present: "
                        "%s. Mark them absent, then confirm.",
                        ", ".join(away.resident_id.mapped("name")),
                    )
                )
        self.class_id.filtered(lambda k: k.state == "planned").sudo().action_start()
        for session in self:
            session.sudo().write(
                {
                    "state": "confirmed",
                    "confirmed_date": session.company_id.rehab_today(),
                    "confirmed_by_id": self.env.uid,
                }
            )
        self.line_ids._propose_discipline()
        return True

    def action_cancel(self):
        self.check_access("write")
        for session in self:
            if session.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a sheet still to mark can be cancelled; a confirmed "
                        "sheet is part of the residents' attendance."
                    )
                )
        self.sudo().state = "cancelled"

    def action_reset_draft(self):
        self.check_access("write")
        for session in self:
            if session.state != "cancelled":
                raise UserError(
                    self.env._("Only a cancelled session can be planned again.")
                )
            if session.class_id.state not in ("planned", "running"):
                raise UserError(self.env._("The class is closed or cancelled."))
        self.sudo().state = "draft"
        self._create_lines()
