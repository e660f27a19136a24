from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.rehab_facility.models.rehab_resident import ACTIVE_STAY_STATES

from .rehab_training_class import LEARNER_MIN_AGE, MANAGER_GROUP

ENROLLMENT_STATES = [
    ("enrolled", "Enrolled"),
    ("withdrawn", "Withdrawn"),
    ("completed", "Completed"),
]
WITHDRAW_REASONS = [
    ("released", "Released"),
    ("transferred", "Transferred to another facility"),
    ("escaped", "Escaped"),
    ("request", "At the resident's request"),
    ("other", "Other"),
]
RESULTS = [
    ("pending", "Not assessed"),
    ("pass", "Pass"),
    ("fail", "Fail"),
]
ATTENDED_STATUSES = ("present", "late")
# One open enrolment per resident at a time, enforced by PostgreSQL: two
# managers enrolling the same resident in overlapping classes at the same
# moment cannot both succeed (the Python check cannot see the other's
# uncommitted row).
ACTIVE_CLASS_STATES = ("planned", "running")


class RehabTrainingEnrollment(models.Model):
    """A resident in a class: attendance, final result and certificate."""

    _name = "rehab.training.enrollment"
    _description = "Class Enrollment"
    _inherit = ["mail.thread", "rehab.guarded.mixin"]
    _order = "class_id, resident_name, id"
    # Created only by ``rehab.training.class.enroll``; every fact (status,
    # withdrawal, result, retakes, certificate) is written by the actions.
    _user_create_fields = None
    _user_write_fields = {}
    _guard_bounds = {"retake_count": (0, 10)}
    _check_company_auto = True
    _rec_names_search = ["resident_id.name", "resident_id.citizen_id"]

    class_id = fields.Many2one(
        "rehab.training.class",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="class_id.company_id", store=True, index=True, string="Facility"
    )
    trade_id = fields.Many2one(related="class_id.trade_id", store=True)
    class_state = fields.Selection(
        related="class_id.state", store=True, string="Class Status"
    )
    # Stored for the database's one-class-at-a-time exclusion constraint.
    class_date_start = fields.Date(
        related="class_id.date_start", store=True, string="Class Start"
    )
    class_date_end = fields.Date(
        related="class_id.date_end", store=True, string="Class End"
    )
    certificate_level = fields.Selection(
        related="class_id.certificate_level", store=True
    )
    resident_id = fields.Many2one(
        "rehab.resident",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    resident_name = fields.Char(related="resident_id.name", store=True)
    citizen_id = fields.Char(related="resident_id.citizen_id")
    resident_image = fields.Image(related="resident_id.image_128", string="Photo")
    # Legal data: instructors never see the stay (DOMAIN §7).
    stay_id = fields.Many2one(
        "rehab.stay",
        readonly=True,
        index=True,
        groups=MANAGER_GROUP,
        help="The stay during which the resident was enrolled.",
    )
    state = fields.Selection(
        ENROLLMENT_STATES, default="enrolled", required=True, tracking=True, index=True
    )
    date_enrolled = fields.Date(
        string="Enrolled On",
        required=True,
        default=lambda self: self.env.company.rehab_today(),
    )
    date_withdrawn = fields.Date(string="Withdrawn On", readonly=True, copy=False)
    withdraw_reason = fields.Selection(
        WITHDRAW_REASONS, string="Withdrawal Reason", tracking=True, copy=False
    )
    withdraw_note = fields.Char(string="Withdrawal Note", copy=False)
    line_ids = fields.One2many(
        "rehab.attendance.line", "enrollment_id", string="Attendance"
    )
    held_hours = fields.Float(
        string="Hours Held",
        compute="_compute_attendance",
        store=True,
        help="Hours of the confirmed sessions held while the resident was enrolled.",
    )
    attended_hours = fields.Float(
        compute="_compute_attendance", store=True, aggregator="sum"
    )
    excused_hours = fields.Float(compute="_compute_attendance", store=True)
    absent_hours = fields.Float(
        string="Unexcused Hours", compute="_compute_attendance", store=True
    )
    attendance_rate = fields.Float(
        string="Attendance (%)",
        compute="_compute_attendance",
        store=True,
        aggregator="avg",
        help="Attended hours over the hours held (present or late).",
    )
    min_attendance_rate = fields.Float(related="class_id.min_attendance_rate")
    can_manage = fields.Boolean(related="class_id.can_manage")
    eligible = fields.Boolean(
        string="Eligible for Assessment",
        compute="_compute_eligible",
        store=True,
        help="Attended at least the class's minimum share of the hours held.",
    )
    result = fields.Selection(
        RESULTS, default="pending", required=True, tracking=True, copy=False
    )
    result_date = fields.Date(readonly=True, copy=False)
    retake_count = fields.Integer(
        string="Retakes", readonly=True, copy=False, tracking=True
    )
    max_retakes = fields.Integer(related="class_id.max_retakes")
    certificate_number = fields.Char(
        readonly=True, copy=False, index=True, tracking=True
    )
    certificate_date = fields.Date(readonly=True, copy=False)

    _sql_constraints = [
        (
            "class_resident_unique",
            "unique(class_id, resident_id)",
            "This resident is already on the list of this class. A withdrawn "
            "resident is enrolled again with “Enroll Again”.",
        ),
        (
            "resident_one_class_at_a_time",
            "EXCLUDE USING gist (resident_id WITH =, "
            "daterange(class_date_start, class_date_end, '[]') WITH &&) "
            "WHERE (state = 'enrolled' AND class_state IN ('planned', 'running'))",
            "This resident is already enrolled in another class at the same "
            "time: a resident follows one class at a time.",
        ),
        (
            "certificate_number_unique",
            "unique(certificate_number)",
            "Another certificate already has this number.",
        ),
    ]

    # ---------------------------------------------------------------- computes
    @api.depends("line_ids.status", "line_ids.hours", "line_ids.session_state")
    def _compute_attendance(self):
        hours = defaultdict(float)
        records = self.filtered("id")
        if records:
            for enrollment, status, total in self.env[
                "rehab.attendance.line"
            ]._read_group(
                [
                    ("enrollment_id", "in", records.ids),
                    ("session_state", "=", "confirmed"),
                ],
                ["enrollment_id", "status"],
                ["hours:sum"],
            ):
                hours[enrollment.id, status] += total
        for enrollment in self:
            key = enrollment._origin.id or enrollment.id
            attended = sum(hours[key, status] for status in ATTENDED_STATUSES)
            excused = hours[key, "excused"]
            absent = hours[key, "absent"]
            held = attended + excused + absent
            enrollment.held_hours = held
            enrollment.attended_hours = attended
            enrollment.excused_hours = excused
            enrollment.absent_hours = absent
            enrollment.attendance_rate = 100.0 * attended / held if held else 0.0

    @api.depends("attendance_rate", "held_hours", "class_id.min_attendance_rate")
    def _compute_eligible(self):
        for enrollment in self:
            enrollment.eligible = bool(
                enrollment.held_hours
                and enrollment.attendance_rate
                >= enrollment.class_id.min_attendance_rate - 1e-6
            )

    @api.depends("resident_id.name", "class_id.name")
    def _compute_display_name(self):
        for enrollment in self:
            enrollment.display_name = " - ".join(
                (enrollment.resident_id.name or "", enrollment.class_id.name or "")
            )

    # ------------------------------------------------------------------ rules
    @api.model
    def _current_stay(self, resident):
        """The resident's open stay, else their latest one (may be released)."""
        stays = (
            resident.sudo()
            .with_context(active_test=False)
            .stay_ids.sorted(lambda s: (s.admission_date, s.id), reverse=True)
        )
        return stays.filtered(lambda s: s.state in ACTIVE_STAY_STATES)[:1] or stays[:1]

    def _stay_problem(self):
        """Why this enrollment's stay does not allow attending the class."""
        self.ensure_one()
        stay = self.sudo().stay_id
        name = self.resident_id.name
        klass = self.class_id
        if not stay:
            return self.env._(
                "%s has no stay at this facility: only residents in rehab can be "
                "enrolled.",
                name,
            )
        if stay.state == "released":
            return self.env._(
                "%(name)s was released on %(date)s: only residents in rehab can be "
                "enrolled.",
                name=name,
                date=stay.release_date.strftime("%d/%m/%Y")
                if stay.release_date
                else "-",
            )
        if stay.state == "absent":
            return self.env._(
                "%s is absent from the facility (escape): a resident who is away "
                "cannot be enrolled.",
                name,
            )
        if stay.state == "suspended":
            return self.env._(
                "%s is suspended for hospital treatment: enroll them after their "
                "return.",
                name,
            )
        if stay.state == "intake":
            return self.env._("%s is still at intake: enroll them once admitted.", name)
        if stay.admission_date > klass.date_end:
            return self.env._(
                "%(name)s was admitted after the end of “%(course)s”.",
                name=name,
                course=klass.name,
            )
        if stay.expected_release_date and stay.expected_release_date < klass.date_end:
            return self.env._(
                "%(name)s is due for release on %(release)s, before “%(course)s” "
                "ends on %(end)s: the stay does not cover the class.",
                name=name,
                release=stay.expected_release_date.strftime("%d/%m/%Y"),
                end=klass.date_end.strftime("%d/%m/%Y"),
                course=klass.name,
            )
        return False

    @api.constrains("class_id", "resident_id", "state", "stay_id")
    def _check_enrollment(self):
        enrolled = self.filtered(lambda e: e.state == "enrolled")
        if not enrolled:
            return
        for enrollment in enrolled:
            klass = enrollment.class_id
            if klass.state not in ("planned", "running"):
                raise ValidationError(
                    self.env._(
                        "“%s” is closed or cancelled: residents can no longer be "
                        "enrolled.",
                        klass.name,
                    )
                )
            problem = enrollment._stay_problem()
            if problem:
                raise ValidationError(problem)
            age = enrollment.resident_id.age_on(klass.date_start)
            if age < LEARNER_MIN_AGE:
                raise ValidationError(
                    self.env._(
                        "%(name)s is %(age)s at the start of the class; vocational "
                        "learners must be at least %(min)s.",
                        name=enrollment.resident_id.name,
                        age=age,
                        min=LEARNER_MIN_AGE,
                    )
                )
        # A resident follows one class at a time.
        others = self.search(
            [
                ("resident_id", "in", enrolled.resident_id.ids),
                ("state", "=", "enrolled"),
                ("class_id.state", "in", ("planned", "running")),
            ]
        )
        for enrollment in enrolled:
            klass = enrollment.class_id
            for other in others:
                if (
                    other != enrollment
                    and other.resident_id == enrollment.resident_id
                    and other.class_id.date_start <= klass.date_end
                    and other.class_id.date_end >= klass.date_start
                ):
                    raise ValidationError(
                        self.env._(
                            "%(name)s is already in “%(other)s” (%(start)s - "
                            "%(end)s), which overlaps “%(course)s”.",
                            name=enrollment.resident_id.name,
                            other=other.class_id.name,
                            start=other.class_id.date_start.strftime("%d/%m/%Y"),
                            end=other.class_id.date_end.strftime("%d/%m/%Y"),
                            course=klass.name,
                        )
                    )
        counts = enrolled.class_id._enrolled_counts()
        for klass in enrolled.class_id:
            if counts.get(klass, 0) > klass.capacity:
                raise ValidationError(
                    self.env._(
                        "“%(course)s” is full: %(capacity)s places, all taken.",
                        capacity=klass.capacity,
                        course=klass.name,
                    )
                )

    # ---------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        residents = self.env["rehab.resident"].browse(
            [vals["resident_id"] for vals in vals_list if vals.get("resident_id")]
        )
        residents.sudo().stay_ids.mapped("state")  # prefetch in one go
        for vals in vals_list:
            if vals.get("resident_id") and not vals.get("stay_id"):
                resident = self.env["rehab.resident"].browse(vals["resident_id"])
                stay = self._current_stay(resident)
                if stay:
                    vals["stay_id"] = stay.id
        enrollments = super(
            RehabTrainingEnrollment, self.with_context(mail_create_nolog=True)
        ).create(vals_list)
        enrollments = enrollments.with_env(self.env)
        enrollments._add_to_open_sheets()
        return enrollments

    @api.ondelete(at_uninstall=False)
    def _unlink_except_attendance(self):
        if self.env["rehab.attendance.line"].search_count(
            [("enrollment_id", "in", self.ids), ("session_state", "=", "confirmed")],
            limit=1,
        ):
            raise UserError(
                self.env._(
                    "A resident with confirmed attendance cannot be removed from the "
                    "class: withdraw them instead."
                )
            )

    def _add_to_open_sheets(self):
        """Give the new residents a line on the class's draft sheets to come."""
        enrolled = self.filtered(lambda e: e.state == "enrolled")
        if not enrolled:
            return
        sessions = self.env["rehab.training.session"].search(
            [("class_id", "in", enrolled.class_id.ids), ("state", "=", "draft")]
        )
        self.env["rehab.attendance.line"]._create_missing(sessions, enrolled)

    def _enrolled_on(self, on_date):
        """Whether the resident was on the class list on ``on_date``."""
        self.ensure_one()
        return (
            self.state != "withdrawn" or self.date_withdrawn >= on_date
        ) and self.date_enrolled <= on_date

    # ---------------------------------------------------------------- actions
    def _withdraw(self, reason, note=False, on_date=None):
        """Take the residents off the list of their classes.

        Their lines on draft sheets after ``on_date`` are dropped; a line on a
        draft sheet of that very day becomes an absence when the stay is closed
        or away (escape), since the resident cannot be marked present then.
        Confirmed sheets are history and stay as they are.
        """
        enrollments = self.filtered(lambda e: e.state == "enrolled")
        if not enrollments:
            return
        by_date = defaultdict(lambda: self.browse())
        for enrollment in enrollments:
            by_date[on_date or enrollment.company_id.rehab_today()] |= enrollment
        Line = self.env["rehab.attendance.line"].sudo()
        for day, group in by_date.items():
            group.sudo().write(
                {
                    "state": "withdrawn",
                    "date_withdrawn": day,
                    "withdraw_reason": reason,
                    "withdraw_note": note,
                }
            )
            Line.search(
                [
                    ("enrollment_id", "in", group.ids),
                    ("session_state", "=", "draft"),
                    ("date", ">", day),
                ]
            ).unlink()
            if reason in ("released", "transferred", "escaped"):
                same_day = Line.search(
                    [
                        ("enrollment_id", "in", group.ids),
                        ("session_state", "=", "draft"),
                        ("date", "=", day),
                        ("status", "in", ATTENDED_STATUSES),
                    ]
                )
                label = dict(
                    self._fields["withdraw_reason"]._description_selection(self.env)
                )[reason]
                same_day._apply_marks([({"status": "absent", "note": label}, same_day)])
        enrollments.class_id._post_withdrawals(enrollments)

    def action_withdraw(self):
        """Withdraw at the resident's request (form button)."""
        self.class_id._check_manager()
        self._guard_check_access("write")
        self._withdraw("request", self.env._("Withdrawn by %s", self.env.user.name))

    def action_reenroll(self):
        """Put withdrawn residents back on the list, through the class's
        ``enroll`` (capacity, overlap and stay checked again)."""
        self.class_id._check_manager()
        self._guard_check_access("write")
        for enrollment in self:
            if enrollment.state != "withdrawn":
                raise UserError(
                    self.env._("Only a withdrawn resident can be enrolled again.")
                )
        for klass in self.class_id:
            mine = self.filtered(lambda e, k=klass: e.class_id == k)
            klass.enroll(mine.resident_id)

    def _reactivate(self, day):
        """Withdrawn enrolments back on the list from ``day`` (after checks)."""
        for enrollment in self:
            enrollment.sudo().write(
                {
                    "state": "enrolled",
                    "stay_id": self._current_stay(enrollment.resident_id).id,
                    "date_enrolled": day,
                    "date_withdrawn": False,
                    "withdraw_reason": False,
                    "withdraw_note": False,
                }
            )
        self.sudo()._add_to_open_sheets()

    def _check_assessable(self):
        self._guard_check_access("write")
        for enrollment in self:
            if enrollment.state == "withdrawn":
                raise UserError(
                    self.env._(
                        "%s was withdrawn from the class: no final assessment.",
                        enrollment.resident_id.name,
                    )
                )
            if enrollment.class_id.state not in ("running", "done"):
                raise UserError(
                    self.env._("Results are recorded once the class is running.")
                )
            if not enrollment.eligible:
                raise UserError(
                    self.env._(
                        "%(name)s attended %(rate).1f%% of the hours held; "
                        "%(min).0f%% is needed to sit the final assessment.",
                        name=enrollment.resident_id.name,
                        rate=enrollment.attendance_rate,
                        min=enrollment.class_id.min_attendance_rate,
                    )
                )

    def _set_result(self, result):
        self._check_assessable()
        for enrollment in self:
            if enrollment.result != "pending":
                raise UserError(
                    self.env._(
                        "The result of %s is already recorded. After a failure, "
                        "use “Retake”.",
                        enrollment.resident_id.name,
                    )
                )
            enrollment.sudo().write(
                {"result": result, "result_date": enrollment.company_id.rehab_today()}
            )

    def action_set_pass(self):
        self._set_result("pass")

    def action_set_fail(self):
        self._set_result("fail")

    def action_retake(self):
        """Open a new attempt at the final assessment after a failure."""
        self._guard_check_access("write")
        for enrollment in self:
            if enrollment.result != "fail":
                raise UserError(self.env._("Only a failed assessment can be retaken."))
            if enrollment.retake_count >= enrollment.class_id.max_retakes:
                raise UserError(
                    self.env._(
                        "%(name)s has already used the %(max)s retake(s) allowed "
                        "for this class: the result is final.",
                        name=enrollment.resident_id.name,
                        max=enrollment.class_id.max_retakes,
                    )
                )
            enrollment.sudo().write(
                {
                    "result": "pending",
                    "result_date": False,
                    "retake_count": enrollment.retake_count + 1,
                }
            )

    def action_issue_certificate(self):
        """Number and date the certificate of a resident who passed."""
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(self.env._("Only a facility manager issues certificates."))
        self._guard_check_access("write")
        for enrollment in self:
            name = enrollment.resident_id.name
            if enrollment.certificate_number:
                raise UserError(
                    self.env._(
                        "%(name)s already has certificate %(number)s.",
                        name=name,
                        number=enrollment.certificate_number,
                    )
                )
            if enrollment.state == "withdrawn" or not enrollment.eligible:
                raise UserError(
                    self.env._(
                        "%(name)s is not eligible: attendance %(rate).1f%% "
                        "(minimum %(min).0f%%). No certificate can be issued.",
                        name=name,
                        rate=enrollment.attendance_rate,
                        min=enrollment.class_id.min_attendance_rate,
                    )
                )
            if enrollment.result != "pass":
                raise UserError(
                    self.env._(
                        "%s has not passed the final assessment: no certificate.",
                        name,
                    )
                )
            klass = enrollment.class_id
            if klass.held_hours < klass.required_hours:
                raise UserError(
                    self.env._(
                        "“%(course)s” has held %(held)s of its %(required)s hours: "
                        "certificates are issued once the programme is complete.",
                        held=round(klass.held_hours, 1),
                        required=klass.required_hours,
                        course=klass.name,
                    )
                )
            enrollment.sudo().write(
                {
                    "certificate_number": self.env["ir.sequence"]
                    .with_company(enrollment.company_id)
                    .next_by_code("rehab.training.certificate"),
                    "certificate_date": enrollment.company_id.rehab_today(),
                }
            )

    def action_print_certificate(self):
        # The certificate has its own layout: no company layout to configure.
        return self.env.ref(
            "rehab_vocational.action_report_training_certificate"
        ).report_action(self, config=False)
