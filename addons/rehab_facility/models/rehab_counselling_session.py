from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .rehab_counselling_attendance import ATTENDANCE_STATUSES

SESSION_KINDS = [("individual", "Individual"), ("group", "Group")]
SESSION_CATEGORIES = [("counselling", "Counselling"), ("education", "Education")]
SESSION_STATES = [("draft", "Draft"), ("done", "Held")]


class RehabCounsellingSession(models.Model):
    """A counselling or education session (stage 3, Law 73/2021 Art. 29).

    Individual (one resident) or group (an area, or residents picked one by
    one): topic, counsellor, attendees. Group attendance is marked like the
    vocational sheet: one line per attendee, ``action_mark`` writes one SQL
    UPDATE per status whatever the number of attendees. ``action_done``
    records the session as held, which locks it. The sessions show on the
    stay and in the review of the individual plan.
    """

    _name = "rehab.counselling.session"
    _description = "Counselling or Education Session"
    _inherit = ["mail.thread", "rehab.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _user_create_fields = (
        "kind",
        "category",
        "topic",
        "counsellor_id",
        "date",
        "duration",
        "area_id",
        "stay_id",
        "summary",
        "company_id",
    )
    _user_write_fields = {
        "draft": ("topic", "counsellor_id", "date", "duration", "summary"),
    }
    _guard_date_kinds = {"date": "event"}
    _guard_bounds = {"duration": (0, 12)}

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(SESSION_KINDS, required=True, default="group")
    category = fields.Selection(
        SESSION_CATEGORIES, required=True, default="counselling"
    )
    topic = fields.Char(required=True, tracking=True)
    counsellor_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    date = fields.Date(
        required=True,
        index=True,
        default=lambda self: self.env.company.rehab_today(),
        tracking=True,
    )
    duration = fields.Float(string="Duration (hours)", default=1.5)
    area_id = fields.Many2one(
        "rehab.area",
        check_company=True,
        help="A group session of an area lists every resident whose bed is in it.",
    )
    stay_id = fields.Many2one(
        "rehab.stay",
        string="Resident's Stay",
        check_company=True,
        help="The resident of an individual session.",
    )
    summary = fields.Text()
    state = fields.Selection(
        SESSION_STATES, default="draft", required=True, tracking=True, index=True
    )
    attendance_ids = fields.One2many(
        "rehab.counselling.attendance", "session_id", string="Attendees"
    )
    attendee_count = fields.Integer(compute="_compute_counts")
    present_count = fields.Integer(compute="_compute_counts")

    @api.depends("topic", "date")
    def _compute_name(self):
        for session in self:
            day = session.date.strftime("%d/%m/%Y") if session.date else ""
            session.name = f"{session.topic or ''} - {day}"

    @api.depends("attendance_ids.status")
    def _compute_counts(self):
        counts = defaultdict(int)
        for session, status, count in self.env[
            "rehab.counselling.attendance"
        ]._read_group(
            [("session_id", "in", self.ids)], ["session_id", "status"], ["__count"]
        ):
            counts[session.id, status] = count
            counts[session.id, None] += count
        for session in self:
            session.attendee_count = counts[session.id, None]
            session.present_count = counts[session.id, "present"]

    @api.constrains("kind", "stay_id")
    def _check_kind(self):
        for session in self:
            if session.kind == "individual" and not session.stay_id:
                raise ValidationError(
                    self.env._("An individual session is held with one resident.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        for session in sessions:
            stays = session.sudo().stay_id
            if session.kind == "group" and session.area_id:
                stays = session._area_stays()
            if stays:
                session.add_attendees(stays.with_env(self.env))
        return sessions

    def _area_stays(self):
        """The stays in rehab whose current bed is in the session's area."""
        self.ensure_one()
        return (
            self.env["rehab.stay"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "in_rehab"),
                    ("current_area_id", "=", self.area_id.id),
                ]
            )
        )

    # ------------------------------------------------------------ actions
    def _check_open(self):
        for session in self:
            if session.state != "draft":
                raise UserError(
                    self.env._(
                        "The session “%s” is recorded as held: it is locked.",
                        session.name,
                    )
                )

    def add_attendees(self, stays):
        """Add residents to the session (one line each, in one batch)."""
        self.ensure_one()
        session = self._guard_check_access("write")
        self._check_open()
        stays.check_access("read")
        stays = stays.sudo()
        wrong = stays.filtered(
            lambda s: s.company_id != session.company_id or s.state != "in_rehab"
        )
        if wrong:
            raise UserError(
                self.env._(
                    "%s is not in rehab at this facility: not an attendee.",
                    wrong[0].resident_id.name,
                )
            )
        if (
            session.kind == "individual"
            and len(stays | session.attendance_ids.stay_id) > 1
        ):
            raise UserError(
                self.env._("An individual session is held with one resident.")
            )
        new = stays - session.attendance_ids.stay_id
        return (
            self.env["rehab.counselling.attendance"]
            .sudo()
            .create([{"session_id": session.id, "stay_id": stay.id} for stay in new])
        )

    def action_mark(self, statuses):
        """Mark attendance: ``statuses`` maps line ids to a status.

        One SQL UPDATE per status, whatever the number of attendees.
        """
        self.ensure_one()
        self._guard_check_access("write")
        self._check_open()
        by_status = defaultdict(list)
        for line_id, status in statuses.items():
            if status not in dict(ATTENDANCE_STATUSES):
                raise UserError(self.env._("Unknown attendance status: %s", status))
            by_status[status].append(int(line_id))
        Line = self.env["rehab.counselling.attendance"]
        lines = Line.browse([i for ids in by_status.values() for i in ids])
        if lines.sudo().session_id - self:
            raise UserError(self.env._("These lines belong to another session."))
        Line._apply_marks(by_status)
        return True

    def action_done(self):
        """Record the session as held: the attendance is then locked."""
        sessions = self._guard_check_access("write")
        self._check_open()
        for session in sessions:
            if not session.attendance_ids:
                raise UserError(
                    self.env._("A session is held with at least one resident.")
                )
            if session.date > session.company_id.rehab_today():
                raise UserError(
                    self.env._("A session in the future cannot be held yet.")
                )
        sessions.write({"state": "done"})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(session.state != "draft" for session in self):
            raise UserError(
                self.env._(
                    "A session held is part of the resident's record: it is kept."
                )
            )
