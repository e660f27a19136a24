from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.rehab_training_class_enroll import check_reachable
from ..models.rehab_training_session import float_to_hhmm

WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


class RehabSessionScheduleWizard(models.TransientModel):
    """Create a class's sessions from a weekly timetable."""

    _name = "rehab.session.schedule.wizard"
    _description = "Weekly Session Schedule"

    class_id = fields.Many2one(
        "rehab.training.class",
        required=True,
        domain="[('state', 'in', ('planned', 'running'))]",
    )
    date_from = fields.Date(
        string="From", compute="_compute_date_from", store=True, readonly=False
    )
    date_to = fields.Date(
        string="Until", compute="_compute_date_to", store=True, readonly=False
    )
    monday = fields.Boolean(default=True)
    tuesday = fields.Boolean(default=True)
    wednesday = fields.Boolean(default=True)
    thursday = fields.Boolean(default=True)
    friday = fields.Boolean(default=True)
    saturday = fields.Boolean()
    sunday = fields.Boolean()
    time_start = fields.Float(string="From Time", required=True, default=7.5)
    time_end = fields.Float(string="To Time", required=True, default=11.5)
    hours = fields.Float(
        string="Hours per Session",
        compute="_compute_hours",
        store=True,
        readonly=False,
    )
    topic = fields.Char(help="Given to every session; edit each one later.")
    session_count = fields.Integer(
        string="Sessions to Create", compute="_compute_session_count"
    )
    total_hours = fields.Float(compute="_compute_session_count")

    # A class the user may not read never reaches the wizard: its name and
    # dates (read in superuser mode by the wizard's computes and by the
    # many2one's label) would otherwise come back in the form.
    @api.model
    def _check_class(self, class_id):
        if isinstance(class_id, dict):
            class_id = class_id.get("id")
        if class_id:
            check_reachable(self.env["rehab.training.class"].browse(int(class_id)))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        self._check_class(values.get("class_id"))
        return values

    def onchange(self, values, field_names, fields_spec):
        self._check_class(values.get("class_id"))
        return super().onchange(values, field_names, fields_spec)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_class(vals.get("class_id"))
        return super().create(vals_list)

    def write(self, vals):
        self._check_class(vals.get("class_id"))
        return super().write(vals)

    @api.depends("class_id")
    def _compute_date_from(self):
        for wizard in self:
            klass = wizard.class_id
            today = (klass.company_id or self.env.company).rehab_today()
            wizard.date_from = max(klass.date_start, today) if klass else False

    @api.depends("class_id")
    def _compute_date_to(self):
        for wizard in self:
            wizard.date_to = wizard.class_id.date_end

    @api.depends("time_start", "time_end")
    def _compute_hours(self):
        for wizard in self:
            wizard.hours = max(0.0, wizard.time_end - wizard.time_start)

    @api.depends("date_from", "date_to", "hours", *WEEKDAYS)
    def _compute_session_count(self):
        for wizard in self:
            count = len(wizard._dates())
            wizard.session_count = count
            wizard.total_hours = count * wizard.hours

    def _dates(self):
        self.ensure_one()
        days = {index for index, name in enumerate(WEEKDAYS) if self[name]}
        if not (self.date_from and self.date_to and days):
            return []
        dates = []
        current = self.date_from
        while current <= self.date_to:
            if current.weekday() in days:
                dates.append(current)
            current += timedelta(days=1)
        return dates

    def _check(self):
        self.ensure_one()
        klass = self.class_id
        if not any(self[name] for name in WEEKDAYS):
            raise UserError(self.env._("Choose at least one day of the week."))
        if self.time_end <= self.time_start:
            raise UserError(
                self.env._(
                    "The sessions end (%(end)s) before they start (%(start)s).",
                    end=float_to_hhmm(self.time_end),
                    start=float_to_hhmm(self.time_start),
                )
            )
        if not (self.date_from and self.date_to):
            raise UserError(self.env._("Give the period of the timetable."))
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        if self.date_from < klass.date_start or self.date_to > klass.date_end:
            raise UserError(
                self.env._(
                    "The period must lie within the dates of “%(course)s” "
                    "(%(start)s - %(end)s).",
                    course=klass.name,
                    start=klass.date_start.strftime("%d/%m/%Y"),
                    end=klass.date_end.strftime("%d/%m/%Y"),
                )
            )

    def _session_values(self):
        """Values of the sessions to create, skipping the slots already taken."""
        self.ensure_one()
        self._check()
        taken = self.env["rehab.training.session"].search(
            [
                ("class_id", "=", self.class_id.id),
                ("state", "!=", "cancelled"),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ]
        )
        busy = {}
        for session in taken:
            busy.setdefault(session.date, []).append(
                (session.time_start, session.time_end)
            )
        return [
            {
                "class_id": self.class_id.id,
                "date": day,
                "time_start": self.time_start,
                "time_end": self.time_end,
                "hours": self.hours,
                "topic": self.topic,
            }
            for day in self._dates()
            if not any(
                start < self.time_end and self.time_start < end
                for start, end in busy.get(day, [])
            )
        ]

    def action_generate(self):
        self.ensure_one()
        values = self._session_values()
        if not values:
            raise UserError(
                self.env._(
                    "No session to create: every chosen day of the period already "
                    "has a session at that time."
                )
            )
        self.env["rehab.training.session"].create(values)
        return self.class_id.action_view_sessions()
