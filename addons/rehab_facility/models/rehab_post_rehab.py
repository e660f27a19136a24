from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

POST_REHAB_STATES = [
    ("waiting", "Waiting for the person to report"),
    ("reported", "Reported to the commune"),
    ("acknowledged", "Acknowledged by the commune"),
    ("completed", "Management completed"),
    ("relapsed", "Relapsed during management"),
]
CLOSED_STATES = ("completed", "relapsed")


class RehabPostRehab(models.Model):
    """Post-rehab management (quản lý sau cai nghiện), Law 73/2021 Art. 40.

    After release the person is managed at their place of residence by the
    commune: 1 year after voluntary rehab or compulsory rehab as a minor,
    2 years after compulsory rehab as an adult (the order type's
    post-rehab months). The person must report to the commune within a
    deadline (default 5 working days), and the facility waits for the
    commune's acknowledgement.
    """

    _name = "rehab.post.rehab"
    _description = "Post-rehab Management"
    _inherit = ["mail.thread", "mail.activity.mixin", "rehab.guarded.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Opened by the discharge (``rehab.stay.discharge``). Then the desk records,
    # in order, the day the person reported to the commune and the commune's
    # acknowledgement (``record_report``, ``record_acknowledgement``, or the
    # matching field of the form in that state).
    _user_create_fields = None
    _user_write_fields = {
        "waiting": ("reported_date",),
        "reported": ("acknowledged_date", "acknowledging_officer"),
        "acknowledged": ("acknowledging_officer",),
    }
    # After-care events, the completion and a relapse: through record_event,
    # record_completion and _close_for_relapse only.
    _guard_name_fields = ("acknowledging_officer", "completion_certified_by")
    _guard_date_kinds = {
        "date_start": "event",
        "reported_date": "event",
        "acknowledged_date": "event",
        "completion_date": "event",
    }
    _guard_bounds = {"months": (1, 60)}

    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="restrict", check_company=True
    )
    resident_id = fields.Many2one(related="stay_id.resident_id", store=True)
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, string="Facility"
    )
    commune_id = fields.Many2one("rehab.commune", required=True, tracking=True)
    date_start = fields.Date(required=True, tracking=True)
    months = fields.Integer(
        string="Duration (months)",
        required=True,
        help="From the law, through the order type of the stay.",
    )
    date_end = fields.Date(compute="_compute_date_end", store=True)
    report_deadline = fields.Date(
        compute="_compute_report_deadline",
        store=True,
        help="The person must report to the commune within this many working "
        "days after release (setting; default 5).",
    )
    reported_date = fields.Date(string="Reported On", tracking=True)
    reported_in_time = fields.Boolean(compute="_compute_reported_in_time", store=True)
    acknowledged_date = fields.Date(string="Acknowledged On", tracking=True)
    acknowledging_officer = fields.Char(tracking=True)
    completion_date = fields.Date(
        string="Completed On",
        readonly=True,
        tracking=True,
        help="The commune certified that the management period was completed.",
    )
    completion_certified_by = fields.Char(
        string="Certified By", readonly=True, tracking=True
    )
    relapse_date = fields.Date(
        readonly=True,
        tracking=True,
        help="Admitted again to a facility during the management period.",
    )
    relapse_stay_id = fields.Many2one(
        "rehab.stay", string="Readmission", readonly=True, copy=False
    )
    event_ids = fields.One2many(
        "rehab.post.rehab.event", "post_rehab_id", string="Follow-up", readonly=True
    )
    job_date = fields.Date(
        string="Job Found On",
        compute="_compute_job",
        store=True,
        help="First job placement recorded during the management.",
    )
    state = fields.Selection(
        POST_REHAB_STATES, compute="_compute_state", store=True, tracking=True
    )
    acknowledgement_overdue = fields.Boolean(
        compute="_compute_acknowledgement_overdue",
        search="_search_acknowledgement_overdue",
    )

    @api.depends("date_start", "months")
    def _compute_date_end(self):
        for record in self:
            record.date_end = (
                record.date_start + relativedelta(months=record.months)
                if record.date_start
                else False
            )

    @api.model
    def _report_working_days(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("rehab_facility.post_rehab_report_days", 5)
        )

    @api.depends("date_start")
    def _compute_report_deadline(self):
        days = self._report_working_days()
        for record in self:
            record.report_deadline = (
                self._add_working_days(record.date_start, days)
                if record.date_start
                else False
            )

    @staticmethod
    def _add_working_days(start, days):
        """``days`` working days (Monday to Friday) after ``start``."""
        current = start
        while days > 0:
            current += relativedelta(days=1)
            if current.weekday() < 5:
                days -= 1
        return current

    @api.depends("reported_date", "report_deadline")
    def _compute_reported_in_time(self):
        for record in self:
            record.reported_in_time = bool(
                record.reported_date and record.reported_date <= record.report_deadline
            )

    @api.depends("event_ids.kind", "event_ids.date")
    def _compute_job(self):
        for record in self:
            jobs = record.event_ids.filtered(lambda event: event.kind == "job")
            record.job_date = min(jobs.mapped("date")) if jobs else False

    @api.depends(
        "reported_date", "acknowledged_date", "completion_date", "relapse_date"
    )
    def _compute_state(self):
        for record in self:
            if record.relapse_date:
                record.state = "relapsed"
            elif record.completion_date:
                record.state = "completed"
            elif record.acknowledged_date:
                record.state = "acknowledged"
            elif record.reported_date:
                record.state = "reported"
            else:
                record.state = "waiting"

    @api.depends("acknowledged_date", "report_deadline")
    def _compute_acknowledgement_overdue(self):
        for record in self:
            record.acknowledgement_overdue = bool(
                not record.acknowledged_date
                and record.report_deadline
                and record.report_deadline < record.company_id.rehab_today()
            )

    def _search_acknowledgement_overdue(self, operator, value):
        domain = [
            ("acknowledged_date", "=", False),
            ("report_deadline", "<", self.env.company.rehab_today()),
        ]
        return domain if (operator == "=") == bool(value) else ["!", *domain]

    @api.constrains("reported_date", "acknowledged_date", "date_start")
    def _check_dates(self):
        for record in self:
            today = record.company_id.rehab_today()
            for value in (record.reported_date, record.acknowledged_date):
                if value and value < record.date_start:
                    raise ValidationError(
                        self.env._("A date of the commune follow-up is before release.")
                    )
                if value and value > today:
                    raise ValidationError(
                        self.env._("A date of the commune follow-up is in the future.")
                    )
            if (
                record.reported_date
                and record.acknowledged_date
                and record.acknowledged_date < record.reported_date
            ):
                raise ValidationError(
                    self.env._(
                        "The commune cannot acknowledge the person before they "
                        "reported to it."
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A post-rehab management record cannot be deleted: it follows "
                "from the release (Law 73/2021 Art. 40)."
            )
        )

    # ----------------------------------------------------------- transitions
    def record_report(self, reported_date):
        """The person reported to the commune after release (Law 73 Art. 40)."""
        records = self._guard_check_access("write")
        for record in self:
            if record.state != "waiting":
                raise UserError(
                    self.env._(
                        "The report of %s to the commune is already recorded.",
                        record.resident_id.name,
                    )
                )
        values = self._guard_check_values({"reported_date": reported_date})
        records.write(values)
        return True

    def record_acknowledgement(self, acknowledged_date, officer):
        """The commune acknowledged receiving the person under its management."""
        records = self._guard_check_access("write")
        for record in self:
            if record.state != "reported":
                raise UserError(
                    self.env._(
                        "Record first the day %s reported to the commune; the "
                        "acknowledgement follows it.",
                        record.resident_id.name,
                    )
                    if record.state == "waiting"
                    else self.env._("The acknowledgement is already recorded.")
                )
        values = self._guard_check_values(
            {"acknowledged_date": acknowledged_date, "acknowledging_officer": officer}
        )
        if not values.get("acknowledging_officer"):
            raise ValidationError(
                self.env._("Enter the commune officer who acknowledged.")
            )
        records.write(values)
        return True

    def record_event(
        self, kind, date, note=None, employer=None, work=None, source=None
    ):
        """A follow-up contact, home visit, commune report or job placement
        during the management (Law 73/2021 Art. 41)."""
        self.ensure_one()
        record = self._guard_check_access("write")
        if self.state in CLOSED_STATES:
            raise UserError(
                self.env._(
                    "The post-rehab management of %s is closed; nothing more is "
                    "recorded on it.",
                    self.resident_id.name,
                )
            )
        Event = self.env["rehab.post.rehab.event"]
        values = Event._guard_check_values(
            {
                "kind": kind,
                "date": date,
                "note": note or False,
                "employer": employer or False,
                "work": work or False,
                "job_source": source or False,
            }
        )
        if date and fields.Date.to_date(date) < self.date_start:
            raise ValidationError(
                self.env._("A date of the commune follow-up is before release.")
            )
        if kind == "job" and not (values.get("work") and values.get("job_source")):
            raise ValidationError(
                self.env._(
                    "A job placement needs the kind of work and how it was found."
                )
            )
        return Event.sudo().create({**values, "post_rehab_id": record.id})

    def record_completion(self, completion_date, officer):
        """The commune certified the end of the management (Art. 40)."""
        records = self._guard_check_access("write")
        for record in self:
            if record.state != "acknowledged":
                raise UserError(
                    self.env._(
                        "Only a management acknowledged by the commune can be "
                        "completed (%s).",
                        record.resident_id.name,
                    )
                )
        values = self._guard_check_values(
            {"completion_date": completion_date, "completion_certified_by": officer}
        )
        if not values.get("completion_certified_by"):
            raise ValidationError(
                self.env._("Enter the commune officer who certified the completion.")
            )
        records.sudo().write(values)
        return True

    @api.model
    def _close_for_relapse(self, stays):
        """Admitted again during the management: the open post-rehab
        records of the same people, in any facility, close as relapsed and
        link to the readmission. Called by the admission, as superuser."""
        for stay in stays:
            open_records = self.sudo().search(
                [
                    ("resident_id", "=", stay.resident_id.id),
                    ("state", "not in", CLOSED_STATES),
                    ("date_start", "<=", stay.admission_date),
                    ("date_end", ">=", stay.admission_date),
                    ("stay_id", "!=", stay.id),
                ]
            )
            open_records.write(
                {"relapse_date": stay.admission_date, "relapse_stay_id": stay.id}
            )

    @api.depends("resident_id", "commune_id")
    def _compute_display_name(self):
        for record in self:
            record.display_name = (
                f"{record.resident_id.name} - {record.commune_id.display_name or ''}"
            )

    @api.model
    def _cron_flag_overdue(self):
        """Remind the manager of acknowledgements the commune has not sent."""
        overdue = self.search(
            [("acknowledgement_overdue", "=", True), ("activity_ids", "=", False)]
        )
        for record in overdue:
            manager = record.stay_id._responsible_user()
            record.activity_schedule(
                "rehab_facility.mail_activity_post_rehab_overdue",
                user_id=manager.id,
                date_deadline=record.company_id.rehab_today(),
            )
