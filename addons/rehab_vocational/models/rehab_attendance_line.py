from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .rehab_training_enrollment import ATTENDED_STATUSES
from .rehab_training_session import MARK_FIELDS

ATTENDANCE_STATUSES = [
    ("present", "Present"),
    ("absent", "Absent"),
    ("excused", "Excused"),
    ("late", "Late"),
]


class RehabAttendanceLine(models.Model):
    """One resident on one session's attendance sheet."""

    _name = "rehab.attendance.line"
    _description = "Attendance Line"
    _inherit = ["rehab.guarded.mixin"]
    _order = "session_id, resident_name, id"
    # Lines are made by the sheet (one per resident on the list); their
    # marks change only through the sheet's marking (``_apply_marks``), which
    # checks the sheet is open and not locked.
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None
    _check_company_auto = True

    session_id = fields.Many2one(
        "rehab.training.session",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    class_id = fields.Many2one(
        related="session_id.class_id", store=True, index=True, string="Class"
    )
    company_id = fields.Many2one(
        related="session_id.company_id", store=True, index=True, string="Facility"
    )
    trade_id = fields.Many2one(related="session_id.trade_id", store=True)
    date = fields.Date(related="session_id.date", store=True, index=True)
    hours = fields.Float(related="session_id.hours", store=True)
    session_state = fields.Selection(
        related="session_id.state", store=True, index=True, string="Sheet Status"
    )
    enrollment_id = fields.Many2one(
        "rehab.training.enrollment",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        check_company=True,
    )
    resident_id = fields.Many2one(
        related="enrollment_id.resident_id", store=True, index=True, string="Resident"
    )
    resident_name = fields.Char(related="enrollment_id.resident_name", store=True)
    citizen_id = fields.Char(related="enrollment_id.citizen_id")
    resident_image = fields.Image(related="enrollment_id.resident_image")
    status = fields.Selection(
        ATTENDANCE_STATUSES, default="present", required=True, index=True
    )
    reason_id = fields.Many2one("rehab.absence.reason")
    note = fields.Char()
    attended_hours = fields.Float(
        compute="_compute_attended_hours",
        store=True,
        aggregator="sum",
        help="The session's hours when the resident was present or late.",
    )
    clash = fields.Char(
        compute="_compute_clash",
        help="Something else keeps the resident busy at that time.",
    )
    discipline_proposed = fields.Boolean(readonly=True, copy=False)

    _sql_constraints = [
        (
            "session_enrollment_unique",
            "unique(session_id, enrollment_id)",
            "A resident appears once on a session's sheet.",
        ),
    ]

    @api.model
    def _create_missing(self, sessions, enrollments):
        """Give each enrollment a line on each session of its class held while
        the resident was on the class list, unless it already has one.

        Called once the caller's access to the session or the enrolment was
        checked: the lines are written in superuser mode.
        """
        self = self.sudo()
        existing = {
            (line.session_id.id, line.enrollment_id.id)
            for line in self.search(
                [
                    ("session_id", "in", sessions.ids),
                    ("enrollment_id", "in", enrollments.ids),
                ]
            )
        }
        values = [
            {"session_id": session.id, "enrollment_id": enrollment.id}
            for session in sessions
            for enrollment in enrollments
            if enrollment.class_id == session.class_id
            and enrollment._enrolled_on(session.date)
            and (session.id, enrollment.id) not in existing
        ]
        if values:
            self.create(values)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.session_id.filtered(
            lambda s: s.state == "confirmed"
        )._refresh_hour_totals()
        return lines

    def unlink(self):
        sessions = self.session_id.filtered(lambda s: s.state == "confirmed")
        result = super().unlink()
        sessions.exists()._refresh_hour_totals()
        return result

    @api.depends("status", "hours")
    def _compute_attended_hours(self):
        for line in self:
            line.attended_hours = (
                line.hours if line.status in ATTENDED_STATUSES else 0.0
            )

    def _compute_clash(self):
        clashes = {session.id: session._get_clashes() for session in self.session_id}
        for line in self:
            labels = clashes.get(line.session_id.id, {}).get(line.resident_id.id)
            line.clash = ", ".join(labels) if labels else False

    @api.onchange("reason_id")
    def _onchange_reason_id(self):
        if self.reason_id:
            self.status = "excused" if self.reason_id.counts_as_excused else "absent"

    @api.onchange("status")
    def _onchange_status(self):
        if self.status == "present":
            self.reason_id = False

    @api.constrains("session_id", "enrollment_id")
    def _check_enrolled(self):
        for line in self:
            enrollment = line.enrollment_id
            session = line.session_id
            if enrollment.class_id != session.class_id or not enrollment._enrolled_on(
                session.date
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s is not enrolled in “%(course)s” on %(date)s: they "
                        "cannot be on this sheet.",
                        name=enrollment.resident_id.name,
                        course=session.class_id.name,
                        date=session.date.strftime("%d/%m/%Y"),
                    )
                )

    # ---------------------------------------------------------------- marking
    def write(self, vals):
        marks = {key: vals[key] for key in MARK_FIELDS if key in vals}
        rest = {key: value for key, value in vals.items() if key not in MARK_FIELDS}
        if rest and not self.env.su:
            self._guard_refuse(set(rest), creating=False)
        if marks:
            self._apply_marks([(marks, self)])
        return super().write(rest) if rest else True

    def _away(self):
        """Whether the resident cannot have attended: released by the session's
        day, or away (escape, hospital) on the session's day."""
        self.ensure_one()
        stay = self.enrollment_id.sudo().stay_id
        if not stay:
            return False
        if stay.state == "released" and stay.release_date:
            if stay.release_date <= self.date:
                return True
        return stay._away_on(self.date)

    def _check_markable(self, status=None):
        """Refuse marking what cannot be marked, with a message that says why."""
        self.session_id._check_sheet_open()
        for line in self:
            if not line.enrollment_id._enrolled_on(line.date):
                raise UserError(
                    self.env._(
                        "%(name)s is not enrolled in “%(course)s” on %(date)s: "
                        "their attendance cannot be marked.",
                        name=line.resident_id.name,
                        course=line.class_id.name,
                        date=line.date.strftime("%d/%m/%Y"),
                    )
                )
            if status in ATTENDED_STATUSES and line._away():
                raise UserError(
                    self.env._(
                        "%s is not in the facility (escaped, in hospital or "
                        "released) and cannot be marked present.",
                        line.resident_id.name,
                    )
                )
        self.session_id._check_not_locked()

    @api.model
    def _normalise_marks(self, vals):
        vals = self._guard_check_values(vals)
        status = vals.get("status")
        if status and status not in dict(ATTENDANCE_STATUSES):
            raise UserError(self.env._("Unknown attendance status: %s", status))
        if "reason_id" in vals:
            reason = self.env["rehab.absence.reason"].browse(vals["reason_id"] or [])
            vals["reason_id"] = reason.id or False
            if reason and not status:
                vals["status"] = "excused" if reason.counts_as_excused else "absent"
        if vals.get("status") == "present":
            vals["reason_id"] = False
        return vals

    @api.model
    def _apply_marks(self, groups):
        """Mark lines: ``groups`` is a list of (values, lines).

        Each group is written with one SQL UPDATE, whatever its size, after
        the access rights and the business rules are checked on all lines
        with the ORM (batched reads). The stored fields depending on a line's
        status are kept right: attended hours in the same UPDATE, and the
        residents' attendance totals and the sessions' hour totals (one more
        UPDATE) for confirmed sheets only; draft sheets do not count yet (see
        the enrollment's compute).
        """
        groups = [
            (self._normalise_marks(vals), lines) for vals, lines in groups if lines
        ]
        if not groups:
            return
        all_lines = self.browse()
        for __, lines in groups:
            all_lines |= lines
        all_lines.check_access("write")
        for vals, lines in groups:
            lines._check_markable(vals.get("status"))
        confirmed = all_lines.filtered(lambda line: line.session_state == "confirmed")
        before = {line.id: (line.status, line.reason_id) for line in confirmed}
        self.flush_model()
        for vals, lines in groups:
            assignments = [
                SQL("write_uid = %s", self.env.uid),
                SQL("write_date = %s", self.env.cr.now()),
            ]
            for fname in ("status", "reason_id", "note"):
                if fname in vals:
                    assignments.append(
                        SQL("%s = %s", SQL.identifier(fname), vals[fname] or None)
                    )
            if "status" in vals:
                assignments.append(
                    SQL(
                        "attended_hours = CASE WHEN %s THEN hours ELSE 0 END",
                        vals["status"] in ATTENDED_STATUSES,
                    )
                )
            self.env.cr.execute(
                SQL(
                    "UPDATE rehab_attendance_line SET %s WHERE id = ANY(%s)",
                    SQL(", ").join(assignments),
                    list(lines.ids),
                )
            )
        all_lines.invalidate_recordset(
            ["status", "reason_id", "note", "attended_hours", "write_uid", "write_date"]
        )
        if confirmed:
            confirmed.session_id._refresh_hour_totals()
            confirmed.modified(["status", "reason_id", "attended_hours"])
            confirmed.session_id._post_attendance_changes(before)
            confirmed._propose_discipline()

    def _propose_discipline(self):
        """Tell security about residents absent for a reason that calls for a
        discipline note (e.g. refused to attend)."""
        lines = self.filtered(
            lambda line: line.session_state == "confirmed"
            and line.reason_id.proposes_discipline
            and line.status in ("absent", "excused")
            and not line.discipline_proposed
        )
        for line in lines:
            company = line.company_id
            officer = company._rehab_discipline_officer()
            extra = " (%s)" % line.note if line.note else ""
            note = self.env._(
                "%(name)s was absent from “%(course)s” on %(date)s: %(reason)s. "
                "Consider a discipline note.%(note)s",
                name=line.resident_id.name,
                course=line.class_id.name,
                date=line.date.strftime("%d/%m/%Y"),
                reason=line.reason_id.name,
                note=extra,
            )
            resident = line.resident_id.sudo()
            if officer:
                resident.activity_schedule(
                    "rehab_vocational.mail_activity_discipline_proposal",
                    date_deadline=company.rehab_today(),
                    summary=self.env._("Discipline proposal from class"),
                    note=note,
                    user_id=officer.id,
                )
            else:
                resident.message_post(body=note, subtype_xmlid="mail.mt_note")
        if lines:
            lines.sudo().write({"discipline_proposed": True})
