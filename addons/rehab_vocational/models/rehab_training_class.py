from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .rehab_trade import CERTIFICATE_LEVELS

CLASS_STATES = [
    ("planned", "Planned"),
    ("running", "Running"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# DOMAIN §6 (Circular 42/2015/TT-BLĐTBXH): at most 35 learners per theory
# class; an elementary course is 3 months to under a year and at least 300
# hours; a short course is under 3 months, pass/fail, at most 2 retakes.
MAX_THEORY_CLASS_SIZE = 35
ELEMENTARY_MIN_HOURS = 300
SHORT_COURSE_MAX_RETAKES = 2
LEARNER_MIN_AGE = 15
INSTRUCTOR_GROUP = "rehab_facility.group_rehab_instructor"
MANAGER_GROUP = "rehab_facility.group_rehab_manager"
# What an instructor may change on a class they teach; the rest (dates,
# capacity, instructors, assessment rules, status) is the manager's.
INSTRUCTOR_CLASS_FIELDS = frozenset({"description", "location", "session_ids", "color"})
# What a manager plans; the status is the actions'.
PLANNING_FIELDS = (
    "name",
    "trade_id",
    "company_id",
    "instructor_ids",
    "partner_id",
    "location",
    "date_start",
    "date_end",
    "is_theory",
    "capacity",
    "required_hours",
    "certificate_level",
    "min_attendance_rate",
    "max_retakes",
    "description",
    "color",
    "active",
)


def _default_min_attendance_rate(model):
    return float(
        model.env["ir.config_parameter"]
        .sudo()
        .get_param("rehab_vocational.min_attendance_rate", 80.0)
    )


class RehabTrainingClass(models.Model):
    """A vocational class: one trade taught to up to 35 residents."""

    _name = "rehab.training.class"
    _description = "Vocational Class"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "rehab.guarded.mixin",
        "rehab.training.class.enroll",
    ]
    _order = "date_start desc, id desc"
    # Planned and running classes are planned by the manager; a closed or
    # cancelled class is history (its programme and colour may still change).
    # Enrolments only through ``enroll``; status only through the buttons.
    _user_create_fields = (*PLANNING_FIELDS, "session_ids")
    _user_write_fields = {
        "planned": (*PLANNING_FIELDS, "session_ids"),
        "running": (*PLANNING_FIELDS, "session_ids"),
        "*": ("description", "location", "color", "active"),
    }
    _guard_name_fields = ("name",)
    _guard_bounds = {
        "capacity": (1, 500),
        "required_hours": (1, 5000),
        "min_attendance_rate": (0, 100),
        "max_retakes": (0, 10),
        "color": (0, 11),
    }
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    trade_id = fields.Many2one(
        "rehab.trade",
        required=True,
        tracking=True,
        ondelete="restrict",
        group_expand="_read_group_trade_ids",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    instructor_ids = fields.Many2many(
        "res.users",
        "rehab_training_class_instructor_rel",
        "class_id",
        "user_id",
        string="Instructors",
        check_company=True,
        domain=lambda self: [("groups_id", "in", self.env.ref(INSTRUCTOR_GROUP).ids)],
        help="Users of the Vocational Instructor group: staff of the facility or "
        "teachers of the partner school. They see and mark only their classes.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Partner School",
        tracking=True,
        help="Vocational school that co-organises the class and issues its "
        "certificates, if any.",
    )
    location = fields.Char(string="Workshop / Room")
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    is_theory = fields.Boolean(
        string="Theory Class",
        default=True,
        help="Theory classes take at most 35 learners (Circular 42/2015).",
    )
    capacity = fields.Integer(default=MAX_THEORY_CLASS_SIZE, required=True)
    required_hours = fields.Float(
        required=True,
        default=ELEMENTARY_MIN_HOURS,
        help="Hours of the programme. An elementary course has at least 300.",
    )
    certificate_level = fields.Selection(
        CERTIFICATE_LEVELS, required=True, default="elementary", tracking=True
    )
    min_attendance_rate = fields.Float(
        string="Minimum Attendance (%)",
        required=True,
        default=_default_min_attendance_rate,
        help="A resident must attend at least this share of the hours held to sit "
        "the final assessment.",
    )
    max_retakes = fields.Integer(
        string="Retakes Allowed",
        default=SHORT_COURSE_MAX_RETAKES,
        help="How many times a resident who failed may retake the final "
        "assessment. At most 2 for a short course.",
    )
    state = fields.Selection(
        CLASS_STATES,
        default="planned",
        required=True,
        tracking=True,
        index=True,
        group_expand=True,
    )
    description = fields.Html(string="Programme")
    enrollment_ids = fields.One2many(
        "rehab.training.enrollment", "class_id", string="Enrollments"
    )
    session_ids = fields.One2many("rehab.training.session", "class_id", "Sessions")
    enrolled_count = fields.Integer(
        string="Enrolled", compute="_compute_counts", help="Enrolled or completed."
    )
    session_count = fields.Integer(
        string="Number of Sessions", compute="_compute_counts"
    )
    held_hours = fields.Float(
        compute="_compute_counts", help="Hours of the confirmed sessions."
    )
    progress = fields.Float(
        compute="_compute_counts", help="Hours held over the required hours."
    )
    can_manage = fields.Boolean(
        compute="_compute_can_manage",
        default=lambda self: self.env.user.has_group(MANAGER_GROUP),
        help="The user is a facility manager: they plan and close classes.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)

    # ---------------------------------------------------------------- computes
    def _enrolled_counts(self):
        """{class: residents enrolled or completed}, fresh from the database."""
        return dict(
            self.env["rehab.training.enrollment"]._read_group(
                [
                    ("class_id", "in", self.ids),
                    ("state", "in", ("enrolled", "completed")),
                ],
                ["class_id"],
                ["__count"],
            )
        )

    @api.depends(
        "enrollment_ids.state",
        "session_ids.state",
        "session_ids.hours",
        "required_hours",
    )
    def _compute_counts(self):
        enrolled = self._enrolled_counts()
        sessions = {
            (klass, state): (count, hours)
            for klass, state, count, hours in self.env[
                "rehab.training.session"
            ]._read_group(
                [("class_id", "in", self.ids)],
                ["class_id", "state"],
                ["__count", "hours:sum"],
            )
        }
        for klass in self:
            klass.enrolled_count = enrolled.get(klass, 0)
            klass.session_count = sum(
                sessions.get((klass, state), (0, 0))[0]
                for state in ("draft", "confirmed")
            )
            klass.held_hours = sessions.get((klass, "confirmed"), (0, 0.0))[1]
            klass.progress = (
                min(100.0, 100.0 * klass.held_hours / klass.required_hours)
                if klass.required_hours
                else 0.0
            )

    @api.depends_context("uid")
    def _compute_can_manage(self):
        can_manage = self.env.user.has_group(MANAGER_GROUP)
        for klass in self:
            klass.can_manage = can_manage

    @api.model
    def _read_group_trade_ids(self, trades, domain):
        return trades.search([])

    # --------------------------------------------------------------- onchanges
    @api.onchange("trade_id")
    def _onchange_trade_id(self):
        if self.trade_id:
            self.certificate_level = self.trade_id.certificate_level
            self.required_hours = self.trade_id.required_hours

    @api.onchange("is_theory")
    def _onchange_is_theory(self):
        if self.is_theory and self.capacity > MAX_THEORY_CLASS_SIZE:
            self.capacity = MAX_THEORY_CLASS_SIZE

    # ------------------------------------------------------------------ rules
    @api.constrains("date_start", "date_end", "certificate_level")
    def _check_dates(self):
        for klass in self:
            if klass.date_end < klass.date_start:
                raise ValidationError(
                    self.env._(
                        "The class “%(name)s” ends (%(end)s) before it starts "
                        "(%(start)s).",
                        name=klass.name,
                        end=klass.date_end.strftime("%d/%m/%Y"),
                        start=klass.date_start.strftime("%d/%m/%Y"),
                    )
                )
            # Durations count both the first and the last day.
            day_after = klass.date_end + relativedelta(days=1)
            three_months = klass.date_start + relativedelta(months=3)
            one_year = klass.date_start + relativedelta(years=1)
            if klass.certificate_level == "elementary" and not (
                three_months <= day_after < one_year
            ):
                raise ValidationError(
                    self.env._(
                        "An elementary course (sơ cấp) lasts from 3 months to "
                        "under one year: “%s” does not.",
                        klass.name,
                    )
                )
            if klass.certificate_level == "short" and day_after >= three_months:
                raise ValidationError(
                    self.env._(
                        "A short course lasts under 3 months: “%s” is longer. "
                        "Make it an elementary course (sơ cấp).",
                        klass.name,
                    )
                )

    @api.constrains("capacity", "is_theory")
    def _check_capacity(self):
        for klass in self:
            if klass.capacity <= 0:
                raise ValidationError(
                    self.env._("The capacity of a class must be positive.")
                )
            if klass.is_theory and klass.capacity > MAX_THEORY_CLASS_SIZE:
                raise ValidationError(
                    self.env._(
                        "A theory class takes at most %(max)s learners (Circular "
                        "42/2015/TT-BLĐTBXH); “%(name)s” is set to %(capacity)s.",
                        max=MAX_THEORY_CLASS_SIZE,
                        name=klass.name,
                        capacity=klass.capacity,
                    )
                )
            enrolled = klass._enrolled_counts().get(klass, 0)
            if enrolled > klass.capacity:
                raise ValidationError(
                    self.env._(
                        "“%(name)s” already has %(count)s residents enrolled: the "
                        "capacity cannot be lower.",
                        name=klass.name,
                        count=enrolled,
                    )
                )

    @api.constrains("required_hours", "certificate_level")
    def _check_required_hours(self):
        for klass in self:
            if klass.required_hours <= 0:
                raise ValidationError(
                    self.env._("The required hours of a class must be positive.")
                )
            if (
                klass.certificate_level == "elementary"
                and klass.required_hours < ELEMENTARY_MIN_HOURS
            ):
                raise ValidationError(
                    self.env._(
                        "An elementary course (sơ cấp) has at least %(min)s hours; "
                        "“%(name)s” has %(hours)s.",
                        min=ELEMENTARY_MIN_HOURS,
                        name=klass.name,
                        hours=klass.required_hours,
                    )
                )

    @api.constrains("min_attendance_rate", "max_retakes", "certificate_level")
    def _check_assessment_rules(self):
        for klass in self:
            if not 0 <= klass.min_attendance_rate <= 100:
                raise ValidationError(
                    self.env._("The minimum attendance is a percentage (0 to 100).")
                )
            if klass.max_retakes < 0 or (
                klass.certificate_level == "short"
                and klass.max_retakes > SHORT_COURSE_MAX_RETAKES
            ):
                raise ValidationError(
                    self.env._(
                        "A short course allows at most %s retakes of the final "
                        "assessment.",
                        SHORT_COURSE_MAX_RETAKES,
                    )
                )

    @api.constrains("instructor_ids")
    def _check_instructors(self):
        group = self.env.ref(INSTRUCTOR_GROUP)
        for klass in self:
            outsiders = klass.instructor_ids.filtered(
                lambda user: group not in user.sudo().groups_id
            )
            if outsiders:
                raise ValidationError(
                    self.env._(
                        "Only users of the Vocational Instructor group can teach a "
                        "class: %s is not one.",
                        ", ".join(outsiders.mapped("name")),
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_sessions_inside(self):
        for klass in self:
            outside = self.env["rehab.training.session"].search_count(
                [
                    ("class_id", "=", klass.id),
                    ("state", "!=", "cancelled"),
                    "|",
                    ("date", "<", klass.date_start),
                    ("date", ">", klass.date_end),
                ],
                limit=1,
            )
            if outside:
                raise ValidationError(
                    self.env._(
                        "“%s” has sessions outside the new dates: move or cancel "
                        "them first.",
                        klass.name,
                    )
                )

    # ---------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        classes = super().create(vals_list)
        # Sessions given with the class are booked once its instructors are.
        self.env["rehab.training.session.booking"]._sync(classes.session_ids)
        return classes

    def write(self, vals):
        if (
            not self.env.su
            and set(vals) - INSTRUCTOR_CLASS_FIELDS
            and not self.env.user.has_group(MANAGER_GROUP)
        ):
            raise AccessError(
                self.env._(
                    "Instructors change only the programme, the workshop and the "
                    "sessions of their classes. Ask a facility manager for the rest."
                )
            )
        result = super().write(vals)
        if "instructor_ids" in vals:
            self.env["rehab.training.session.booking"]._sync(self.session_ids)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_attendance(self):
        if self.env["rehab.training.session"].search_count(
            [("class_id", "in", self.ids), ("state", "=", "confirmed")], limit=1
        ):
            raise UserError(
                self.env._(
                    "A class with confirmed attendance cannot be deleted: cancel or "
                    "archive it."
                )
            )

    # ---------------------------------------------------------------- actions
    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a facility manager plans, closes or cancels a class.")
            )

    def _today(self):
        self.ensure_one()
        return self.company_id.rehab_today()

    def _set_state(self, state):
        """Write the status once the checks passed (superuser: a fact)."""
        self.sudo().write({"state": state})

    def action_start(self):
        self._check_manager()
        self._guard_check_access("write")
        for klass in self:
            if klass.state != "planned":
                raise UserError(self.env._("Only a planned class can be started."))
        self._set_state("running")

    def action_done(self):
        """Close the class: enrolled residents complete it."""
        self._check_manager()
        self._guard_check_access("write")
        for klass in self:
            if klass.state != "running":
                raise UserError(self.env._("Only a running class can be closed."))
            klass._check_sheets_done()
        for klass in self:
            klass.session_ids.filtered(lambda s: s.state == "draft").sudo().write(
                {"state": "cancelled"}
            )
            klass.enrollment_ids.filtered(lambda e: e.state == "enrolled").sudo().write(
                {"state": "completed"}
            )
        self._set_state("done")

    def _check_sheets_done(self):
        self.ensure_one()
        today = self._today()
        pending = self.session_ids.filtered(
            lambda s: s.state == "draft" and s.date <= today
        )
        if pending:
            raise UserError(
                self.env._(
                    "Attendance of %(count)s past session(s) of “%(name)s” is "
                    "not confirmed yet (first: %(date)s). Confirm or cancel "
                    "them before closing the class.",
                    count=len(pending),
                    name=self.name,
                    date=min(pending.mapped("date")).strftime("%d/%m/%Y"),
                )
            )

    def action_cancel(self):
        self._check_manager()
        self._guard_check_access("write")
        for klass in self:
            if klass.state not in ("planned", "running"):
                raise UserError(
                    self.env._("Only a planned or running class can be cancelled.")
                )
            klass.session_ids.filtered(lambda s: s.state == "draft").sudo().write(
                {"state": "cancelled"}
            )
        self._set_state("cancelled")

    def action_reset_planned(self):
        self._check_manager()
        self._guard_check_access("write")
        for klass in self:
            if klass.state != "cancelled":
                raise UserError(
                    self.env._("Only a cancelled class can be planned again.")
                )
        self._set_state("planned")

    def action_open_schedule_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Weekly Schedule"),
            "res_model": "rehab.session.schedule.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_class_id": self.id},
        }

    def action_open_enrollment_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Enroll Residents"),
            "res_model": "rehab.enrollment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_class_id": self.id},
        }

    def action_view_sessions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rehab_vocational.rehab_training_session_action"
        )
        action["domain"] = [("class_id", "=", self.id)]
        action["context"] = {"default_class_id": self.id}
        return action

    def action_view_enrollments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rehab_vocational.rehab_training_enrollment_action"
        )
        action["domain"] = [("class_id", "=", self.id)]
        action["context"] = {"default_class_id": self.id}
        return action
