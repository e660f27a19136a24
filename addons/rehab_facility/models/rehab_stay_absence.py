from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

# The kinds the departure wizard records (``rehab.stay.record_departure``).
ABSENCE_KINDS = [
    ("escape", "Escape"),
    ("suspension", "Suspension for hospital treatment"),
]
# Funeral leave (Decree 116/2021 Art. 70) is recorded by its approved request
# (``rehab.funeral.leave.action_depart``), never by the departure wizard.
ALL_ABSENCE_KINDS = [*ABSENCE_KINDS, ("funeral_leave", "Funeral leave")]
# Ledger kind and stay state of each absence kind. Funeral leave has neither:
# the days count toward the term and the resident stays "in rehab", counted
# away on the roll.
LEDGER_KIND = {"escape": "escape_absence", "suspension": "suspension"}
STAY_STATE = {"escape": "absent", "suspension": "suspended"}


class RehabStayAbsence(models.Model):
    """A period a resident is away from the facility.

    Escape (bỏ trốn), Decree 116/2021 Art. 56: the director issues a pursuit
    decision; time away does not count toward the term (Art. 56.4).
    Temporary suspension (tạm đình chỉ) for inpatient treatment: the time in
    hospital does not count either (configurable by the order type's law).
    On return the days away become a line of the stay's term ledger, so the
    expected release date moves and the breakdown says why.
    Funeral leave (Decree 116/2021 Art. 70) is time away that counts toward
    the term: no ledger line, the stay stays in rehab; a leave not back when
    due becomes an escape from the due time (``rehab.funeral.leave``).
    """

    _name = "rehab.stay.absence"
    _description = "Escape or Suspension"
    _inherit = ["mail.thread", "rehab.guarded.mixin"]
    _order = "date_start desc, id desc"
    # Recorded by ``rehab.stay.record_departure``; the return by
    # ``action_return``. While open, the pursuit's details may be completed.
    _user_create_fields = None
    _user_write_fields = {
        True: (
            "pursuit_decision_number",
            "pursuit_decision_date",
            "police_unit",
            "hospital",
            "document_reference",
        )
    }
    _guard_state_field = "is_open"
    _guard_date_kinds = {
        "date_start": "event",
        "date_end": "event",
        "pursuit_decision_date": "event",
    }
    _check_company_auto = True

    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="restrict", check_company=True
    )
    resident_id = fields.Many2one(related="stay_id.resident_id", store=True)
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, string="Facility"
    )
    kind = fields.Selection(ALL_ABSENCE_KINDS, required=True, tracking=True)
    incident_id = fields.Many2one("rehab.incident", check_company=True, index=True)
    date_start = fields.Datetime(string="Away Since", required=True, tracking=True)
    date_end = fields.Datetime(string="Back On", tracking=True, copy=False)
    # Escape
    pursuit_decision_number = fields.Char(string="Pursuit Decision No.", tracking=True)
    pursuit_decision_date = fields.Date()
    police_unit = fields.Char(string="Police Unit Notified")
    return_kind = fields.Selection(
        [("brought_back", "Brought back"), ("came_back", "Came back voluntarily")],
        tracking=True,
    )
    # Suspension
    hospital = fields.Char()
    document_reference = fields.Char(string="Document No.")
    days_away = fields.Integer(
        compute="_compute_days_away",
        store=True,
        help="Facility days from leaving to coming back; they extend the term.",
    )
    adjustment_id = fields.Many2one(
        "rehab.stay.adjustment", string="Ledger Line", readonly=True
    )
    is_open = fields.Boolean(compute="_compute_is_open", store=True)

    @api.depends("date_start", "date_end")
    def _compute_days_away(self):
        for absence in self:
            if absence.date_start and absence.date_end:
                company = absence.company_id or self.env.company
                absence.days_away = (
                    company.rehab_local_date(absence.date_end)
                    - company.rehab_local_date(absence.date_start)
                ).days
            else:
                absence.days_away = 0

    @api.depends("date_end")
    def _compute_is_open(self):
        for absence in self:
            absence.is_open = not absence.date_end

    @api.depends("kind", "stay_id", "date_start")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for absence in self:
            absence.display_name = (
                f"{kinds.get(absence.kind, '')}: {absence.stay_id.resident_id.name}"
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        now = fields.Datetime.now()
        for absence in self:
            if absence.date_start > now:
                raise ValidationError(
                    self.env._("The time the resident left cannot be in the future.")
                )
            if absence.date_end and absence.date_end < absence.date_start:
                raise ValidationError(
                    self.env._(
                        "The return (%(back)s) cannot be before the departure "
                        "(%(away)s).",
                        back=absence._local_time(absence.date_end),
                        away=absence._local_time(absence.date_start),
                    )
                )
            if absence.date_end and absence.date_end > now:
                raise ValidationError(
                    self.env._("The return cannot be recorded in the future.")
                )

    @api.constrains("stay_id", "date_start", "date_end")
    def _check_no_overlap(self):
        for absence in self:
            others = absence.stay_id.absence_ids - absence
            for other in others:
                if (not other.date_end or other.date_end > absence.date_start) and (
                    not absence.date_end or absence.date_end > other.date_start
                ):
                    raise ValidationError(
                        self.env._(
                            "%s is already recorded as away for part of this "
                            "period.",
                            absence.stay_id.resident_id.name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        # A return known at creation (import, history) goes through the ledger.
        returns = [
            (vals.pop("date_end", False), vals.pop("return_kind", False))
            for vals in vals_list
        ]
        absences = super().create(vals_list)
        for absence in absences:
            stay = absence.stay_id
            if stay.state != "in_rehab":
                raise UserError(
                    self.env._(
                        "%(name)s is not present in the facility (status: "
                        "%(state)s); only a resident in rehab can escape or be "
                        "suspended.",
                        name=stay.resident_id.name,
                        state=dict(
                            stay._fields["state"]._description_selection(self.env)
                        )[stay.state],
                    )
                )
            start = stay.company_id.rehab_local_date(absence.date_start)
            if start < stay.admission_date:
                raise ValidationError(
                    self.env._("The departure cannot be before the admission.")
                )
            if absence.kind in STAY_STATE:
                stay.sudo().state = STAY_STATE[absence.kind]
            stay.sudo().message_post(body=absence._describe_departure())
        for absence, (date_end, return_kind) in zip(absences, returns, strict=True):
            if date_end:
                absence.action_return(
                    fields.Datetime.to_datetime(date_end), return_kind
                )
        return absences

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "An escape or suspension is part of the stay's legal history and "
                "cannot be deleted."
            )
        )

    def _local_time(self, moment):
        """A moment as the facility's staff read it (local time, dd/mm/yyyy)."""
        return format_datetime(
            self.env,
            moment,
            tz=self.company_id.rehab_tz or "Asia/Ho_Chi_Minh",
            dt_format="dd/MM/yyyy HH:mm",
        )

    def _describe_departure(self):
        self.ensure_one()
        if self.kind == "funeral_leave":
            return self.env._(
                "On funeral leave from %s (Decree 116/2021 Art. 70): the days "
                "count toward the term.",
                self._local_time(self.date_start),
            )
        if self.kind == "escape":
            return self.env._(
                "Escape at %(when)s. Pursuit decision %(number)s of %(date)s; "
                "police unit notified: %(police)s.",
                when=self._local_time(self.date_start),
                number=self.pursuit_decision_number or "-",
                date=self.pursuit_decision_date.strftime("%d/%m/%Y")
                if self.pursuit_decision_date
                else "-",
                police=self.police_unit or "-",
            )
        return self.env._(
            "Suspended for hospital treatment from %(when)s at %(hospital)s "
            "(%(document)s).",
            when=self._local_time(self.date_start),
            hospital=self.hospital or "-",
            document=self.document_reference or "-",
        )

    def action_return(self, date_end, return_kind=False):
        """Record the return: the stay is in rehab again, the term moves."""
        self.ensure_one()
        self._guard_check_access("write")
        if self.kind == "funeral_leave" and not self.env.su:
            raise UserError(
                self.env._(
                    "The return from funeral leave is recorded on the leave itself "
                    "(Gate ▸ Funeral Leave), which checks it against the due time."
                )
            )
        if self.date_end:
            raise UserError(self.env._("This return is already recorded."))
        date_end = fields.Datetime.to_datetime(date_end)
        self._guard_check_values({"date_end": date_end})
        if date_end < self.date_start:
            raise ValidationError(
                self.env._(
                    "The return (%(back)s) cannot be before the departure (%(away)s).",
                    back=self._local_time(date_end),
                    away=self._local_time(self.date_start),
                )
            )
        self.sudo().write({"date_end": date_end, "return_kind": return_kind})
        stay = self.stay_id
        if self.days_away and self.kind in LEDGER_KIND:
            self.sudo().adjustment_id = (
                self.env["rehab.stay.adjustment"]
                .sudo()
                .create(
                    {
                        "stay_id": stay.id,
                        "date": stay.company_id.rehab_local_date(date_end),
                        "kind": LEDGER_KIND[self.kind],
                        "days": self.days_away,
                        "reference": self.pursuit_decision_number
                        or self.document_reference
                        or self.display_name,
                    }
                )
            )
        if self.kind in STAY_STATE and stay.state == STAY_STATE[self.kind]:
            stay.sudo().state = "in_rehab"
        return True
