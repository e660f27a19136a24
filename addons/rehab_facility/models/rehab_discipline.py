from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DISCIPLINE_KINDS = [
    ("reprimand", "Reprimand (phê bình)"),
    ("warning", "Warning (cảnh cáo)"),
    ("room", "Disciplinary room (phòng kỷ luật)"),
    ("visits", "Visits suspended (tạm dừng thăm gặp)"),
]
# Measures that run over a period (date_start to date_end, both included).
PERIOD_KINDS = ("room", "visits")


class RehabDiscipline(models.Model):
    """A discipline decision against a resident.

    Reprimand, warning, or a stay in the disciplinary room of at most N days
    per decision (5 under the earlier circular; configurable in the settings).
    The resident must be in the facility on the decision date and on every day
    of the room period. Visits may be suspended for a period as a measure
    too: no family or private visit can be booked or let in meanwhile
    (``rehab.visit``, Decree 116/2021 Art. 69). Recording it is deciding it:
    a decision is not edited
    afterwards; one made in error is archived with the reason and a new one
    recorded. It is never deleted.
    """

    _name = "rehab.discipline"
    _description = "Discipline Decision"
    _inherit = ["mail.thread", "rehab.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _user_create_fields = (
        "resident_id",
        "company_id",
        "incident_id",
        "kind",
        "date",
        "decision_number",
        "date_start",
        "date_end",
        "reason",
    )
    _user_write_fields = {}
    _guard_state_field = None
    _guard_date_kinds = {"date": "event"}

    resident_id = fields.Many2one(
        "rehab.resident", required=True, index=True, check_company=True
    )
    stay_id = fields.Many2one(
        "rehab.stay", compute="_compute_stay_id", store=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        default=lambda self: self.env.company,
    )
    incident_id = fields.Many2one("rehab.incident", check_company=True, index=True)
    kind = fields.Selection(DISCIPLINE_KINDS, required=True, tracking=True)
    date = fields.Date(
        string="Decision Date",
        required=True,
        default=lambda self: self.env.company.rehab_today(),
    )
    decision_number = fields.Char(tracking=True)
    date_start = fields.Date(
        string="From", help="First day in the disciplinary room or without visits."
    )
    date_end = fields.Date(
        string="Until", help="Last day in the disciplinary room or without visits."
    )
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    active = fields.Boolean(default=True, tracking=True)

    @api.depends("resident_id", "date")
    def _compute_stay_id(self):
        for decision in self:
            decision.stay_id = decision._stay_on(decision.date)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A discipline decision cannot be deleted: archive it with the "
                "reason it was wrong, and record the right one."
            )
        )

    def _stay_on(self, on_date):
        self.ensure_one()
        if not self.resident_id:
            return self.env["rehab.stay"]
        return self.resident_id._stay_on(on_date)

    @api.model
    def _max_room_days(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("rehab_facility.discipline_room_max_days", 5)
        )

    @api.constrains("resident_id", "date", "kind", "date_start", "date_end")
    def _check_decision(self):
        max_days = self._max_room_days()
        for decision in self:
            if decision.date > decision.company_id.rehab_today():
                raise ValidationError(
                    self.env._("A discipline decision cannot be dated in the future.")
                )
            dates = [decision.date]
            if decision.kind in PERIOD_KINDS:
                if not (decision.date_start and decision.date_end):
                    raise ValidationError(
                        self.env._(
                            "A disciplinary room or visit suspension decision "
                            "needs its dates."
                        )
                    )
                if decision.date_end < decision.date_start:
                    raise ValidationError(
                        self.env._("The room period ends before it starts.")
                    )
            if decision.kind == "room":
                days = (decision.date_end - decision.date_start).days + 1
                if days > max_days:
                    raise ValidationError(
                        self.env._(
                            "A disciplinary room decision is limited to %(max)s "
                            "days; this one is %(days)s days.",
                            max=max_days,
                            days=days,
                        )
                    )
                dates += decision._room_days()
            for on_date in dates:
                stay = decision._stay_on(on_date)
                if not stay or stay._away_on(on_date):
                    raise ValidationError(
                        self.env._(
                            "%(name)s was not in the facility on %(date)s: a "
                            "discipline decision applies only to a resident present.",
                            name=decision.resident_id.name,
                            date=on_date.strftime("%d/%m/%Y"),
                        )
                    )
            if decision.kind == "room":
                decision._check_room_overlap()

    def _check_room_overlap(self):
        overlapping = self.search(
            [
                ("id", "!=", self.id),
                ("resident_id", "=", self.resident_id.id),
                ("kind", "=", "room"),
                ("date_start", "<=", self.date_end),
                ("date_end", ">=", self.date_start),
            ],
            limit=1,
        )
        if overlapping:
            raise ValidationError(
                self.env._(
                    "%(name)s is already in the disciplinary room from %(start)s to "
                    "%(end)s.",
                    name=self.resident_id.name,
                    start=overlapping.date_start.strftime("%d/%m/%Y"),
                    end=overlapping.date_end.strftime("%d/%m/%Y"),
                )
            )

    def _room_days(self):
        self.ensure_one()
        if self.kind != "room":
            return []
        return [
            self.date_start + timedelta(days=offset)
            for offset in range((self.date_end - self.date_start).days + 1)
        ]
