import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime

LEAVE_STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("away", "On Leave"),
    ("returned", "Returned"),
    ("escaped", "Not Back: Escape"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
# Decree 116/2021 Art. 70: the death of a parent, the spouse or a child.
DECEASED_RELATIONSHIPS = [
    ("father", "Father"),
    ("mother", "Mother"),
    ("spouse", "Spouse"),
    ("child", "Child"),
]
REQUEST_FIELDS = (
    "stay_id",
    "deceased_name",
    "deceased_relationship",
    "date_of_death",
    "death_document",
    "death_document_name",
    "destination",
    "leave_days",
    "travel_days",
    "planned_departure",
    "note",
)
_logger = logging.getLogger(__name__)
DIRECTOR_GROUP = "rehab_facility.group_rehab_manager"
GATE_GROUP = "rehab_facility.group_rehab_security"


class RehabFuneralLeave(models.Model):
    """Leave to attend the funeral of a parent, the spouse or a child
    (Decree 116/2021 Art. 70).

    At most 5 days plus travel time (facility settings), approved by the
    facility director on the relative's death document. The resident leaves
    with an escort; the time away counts toward the term (no ledger line):
    the departure records an absence of kind "funeral leave" and the stay
    stays in rehab, counted on the roll as on leave. A resident not back at
    the due time becomes an escape from that time (Decree 116/2021 Art. 56,
    through ``rehab.stay.record_departure``): only the days after the due
    time extend the term. A scheduled action makes the change every hour;
    a late return recorded before it runs makes it too.
    """

    _name = "rehab.funeral.leave"
    _description = "Funeral Leave"
    _inherit = ["mail.thread", "mail.activity.mixin", "rehab.guarded.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _user_create_fields = REQUEST_FIELDS
    _user_write_fields = {"requested": REQUEST_FIELDS[1:]}
    _guard_name_fields = ("deceased_name",)
    _guard_date_kinds = {"date_of_death": "event"}
    _guard_bounds = {"leave_days": (1, 60), "travel_days": (0, 30)}

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    stay_id = fields.Many2one(
        "rehab.stay",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('state', '=', 'in_rehab')]",
    )
    resident_id = fields.Many2one(
        related="stay_id.resident_id", store=True, index=True, string="Resident"
    )
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, index=True, string="Facility"
    )
    state = fields.Selection(
        LEAVE_STATES, default="requested", required=True, readonly=True, tracking=True
    )
    deceased_name = fields.Char(string="Deceased", required=True, tracking=True)
    deceased_relationship = fields.Selection(
        DECEASED_RELATIONSHIPS, string="Relationship", required=True, tracking=True
    )
    date_of_death = fields.Date(string="Date of Death", required=True)
    death_document = fields.Binary(
        attachment=True,
        help="Death certificate or the commune's confirmation of the death.",
    )
    death_document_name = fields.Char(string="Document File Name")
    destination = fields.Char(string="Funeral Address", required=True)
    leave_days = fields.Integer(
        string="Days of Leave", required=True, default=5, tracking=True
    )
    travel_days = fields.Integer(default=0, tracking=True)
    planned_departure = fields.Datetime()
    note = fields.Text()
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approved_at = fields.Datetime(string="Approved On", readonly=True)
    refusal_reason = fields.Char(string="Reason", readonly=True, tracking=True)
    escort_ids = fields.Many2many(
        "res.users", string="Escorted By", readonly=True, domain=[("share", "=", False)]
    )
    escort_note = fields.Char(string="Escort", readonly=True)
    date_departure = fields.Datetime(string="Left On", readonly=True, tracking=True)
    due_back_at = fields.Datetime(
        string="Due Back", readonly=True, tracking=True, index=True
    )
    date_return = fields.Datetime(
        string="Back On", compute="_compute_date_return", store=True
    )
    absence_id = fields.Many2one(
        "rehab.stay.absence", string="Leave Absence", readonly=True
    )
    escape_absence_id = fields.Many2one(
        "rehab.stay.absence", string="Escape Recorded", readonly=True
    )

    @api.depends("absence_id.date_end", "escape_absence_id.date_end")
    def _compute_date_return(self):
        for leave in self:
            absence = leave.escape_absence_id or leave.absence_id
            leave.date_return = absence.date_end if absence else False

    @api.depends("name", "resident_id.name")
    def _compute_display_name(self):
        for leave in self:
            leave.display_name = f"{leave.name} - {leave.resident_id.name or ''}"

    # -------------------------------------------------------------- rules
    @api.constrains("stay_id", "leave_days", "travel_days", "death_document")
    def _check_request(self):
        for leave in self.filtered(lambda r: r.state in ("requested", "approved")):
            leave._check_days()
            if not leave.death_document:
                raise ValidationError(
                    self.env._(
                        "Attach the death document of the relative (death "
                        "certificate or the commune's confirmation)."
                    )
                )
            if leave.stay_id.state != "in_rehab":
                raise ValidationError(
                    self.env._(
                        "%s is not in the facility: only a resident in rehab can "
                        "go on funeral leave.",
                        leave.resident_id.name,
                    )
                )

    def _check_days(self):
        """At most 5 days plus travel time (Decree 116/2021 Art. 70)."""
        company = self.company_id or self.env.company
        if not 1 <= self.leave_days <= company.rehab_funeral_leave_days:
            raise ValidationError(
                self.env._(
                    "Funeral leave is at most %(max)s days, travel time not "
                    "included (Decree 116/2021 Art. 70); %(days)s were asked.",
                    max=company.rehab_funeral_leave_days,
                    days=self.leave_days,
                )
            )
        if not 0 <= self.travel_days <= company.rehab_funeral_travel_days:
            raise ValidationError(
                self.env._(
                    "At most %(max)s travel days are added to a funeral leave "
                    "(facility setting); %(days)s were asked.",
                    max=company.rehab_funeral_travel_days,
                    days=self.travel_days,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        for leave in leaves:
            leave.sudo().name = (
                self.env["ir.sequence"].sudo().next_by_code("rehab.funeral.leave")
            )
        return leaves

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A funeral leave is part of the stay's history and cannot be "
                "deleted: cancel it with the reason."
            )
        )

    def _local_time(self, moment):
        return format_datetime(
            self.env,
            moment,
            tz=(self.company_id or self.env.company).rehab_tz,
            dt_format="dd/MM/yyyy HH:mm",
        )

    def _check_group(self, group, message):
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(message)

    def _check_state(self, states):
        self.ensure_one()
        if self.state not in states:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Funeral leave %(name)s is “%(state)s”: this step is not "
                    "possible now.",
                    name=self.name,
                    state=labels[self.state],
                )
            )

    def _clean_reason(self, reason):
        reason = " ".join((reason or "").split())
        if not reason:
            raise UserError(self.env._("Give the reason."))
        self._guard_check_values({"refusal_reason": reason})
        return reason

    # ----------------------------------------------------------- approval
    def action_approve(self):
        """The facility director approves the leave on the death document."""
        self.ensure_one()
        leave = self._guard_check_access("write")
        self._check_group(
            DIRECTOR_GROUP, self.env._("Only the facility director approves a leave.")
        )
        self._check_state(("requested",))
        self._check_request()
        leave.write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_at": fields.Datetime.now(),
            }
        )
        return True

    def action_refuse(self, reason):
        self.ensure_one()
        leave = self._guard_check_access("write")
        self._check_group(
            DIRECTOR_GROUP, self.env._("Only the facility director refuses a leave.")
        )
        self._check_state(("requested",))
        leave.write({"state": "refused", "refusal_reason": self._clean_reason(reason)})
        return True

    def action_cancel(self, reason):
        self.ensure_one()
        leave = self._guard_check_access("write")
        self._check_state(("requested", "approved"))
        leave.write(
            {"state": "cancelled", "refusal_reason": self._clean_reason(reason)}
        )
        return True

    # ------------------------------------------------------------ movement
    def action_depart(self, when=None, escort_ids=None, escort_note=None):
        """The resident leaves with their escort; the leave runs from now.

        Due back after the days of leave plus the travel days (Art. 70).
        """
        self.ensure_one()
        leave = self._guard_check_access("write")
        self._check_group(
            GATE_GROUP, self.env._("The departure is recorded by security.")
        )
        self._check_state(("approved",))
        self._check_days()
        when = fields.Datetime.to_datetime(when) if when else fields.Datetime.now()
        escorts = self.env["res.users"].browse(escort_ids or [])
        escort_note = " ".join((escort_note or "").split())
        if not escorts and not escort_note:
            raise UserError(self.env._("Name the staff who escort the resident."))
        if escorts.filtered(
            lambda u: u.share or self.company_id not in u.sudo().company_ids
        ):
            raise UserError(
                self.env._("The escort is a staff member of this facility.")
            )
        self._guard_check_values({"escort_note": escort_note or False})
        absence = (
            self.env["rehab.stay.absence"]
            .sudo()
            .create(
                {
                    "stay_id": self.stay_id.id,
                    "kind": "funeral_leave",
                    "date_start": when,
                    "document_reference": self.name,
                }
            )
        )
        due = when + timedelta(days=self.leave_days + self.travel_days)
        leave.write(
            {
                "state": "away",
                "date_departure": when,
                "due_back_at": due,
                "escort_ids": [(6, 0, escorts.ids)],
                "escort_note": escort_note or False,
                "absence_id": absence.id,
            }
        )
        self.message_post(
            body=self.env._(
                "Left at %(when)s, due back by %(due)s.",
                when=self._local_time(when),
                due=self._local_time(due),
            )
        )
        return True

    def action_return(self, when=None):
        """Record the return. Back by the due time: the leave ends and counts
        toward the term. Later: an escape from the due time, then its return
        (the days after the due time extend the term, Art. 56.4)."""
        self.ensure_one()
        self._guard_check_access("write")
        self._check_group(GATE_GROUP, self.env._("The return is recorded by security."))
        when = fields.Datetime.to_datetime(when) if when else fields.Datetime.now()
        if self.state == "away" and when > self.due_back_at:
            self._convert_to_escape()
        if self.state == "escaped" and self.escape_absence_id.is_open:
            self.escape_absence_id.action_return(when, "came_back")
            return True
        self._check_state(("away",))
        if when < self.date_departure:
            raise ValidationError(
                self.env._("The return cannot be before the departure.")
            )
        self.absence_id.sudo().action_return(when)
        self.sudo().state = "returned"
        self.message_post(body=self.env._("Back at %s.", self._local_time(when)))
        return True

    def action_check_overdue(self):
        """Turn the leaves not back by their due time into escapes."""
        self._guard_check_access("write")
        overdue = self.filtered(
            lambda r: r.state == "away"
            and r.absence_id.is_open
            and r.due_back_at < fields.Datetime.now()
        )
        for leave in overdue:
            leave._convert_to_escape()
        return True

    @api.model
    def _cron_mark_overdue(self):
        """Hourly: every leave not back by its due time becomes an escape.

        One leave that cannot be changed (its stay closed meanwhile) is
        logged and left for the staff; the others are still changed.
        """
        leaves = self.sudo().search(
            [
                ("state", "=", "away"),
                ("absence_id.is_open", "=", True),
                ("due_back_at", "<", fields.Datetime.now()),
            ]
        )
        for leave in leaves:
            try:
                with self.env.cr.savepoint():
                    leave.action_check_overdue()
            except (UserError, ValidationError):
                _logger.exception("Funeral leave %s: escape not recorded", leave.name)

    def _convert_to_escape(self):
        """Not back when due: the leave ends at the due time and an escape
        starts then, through the stay's escape flow (Decree 116/2021 Art. 56)."""
        self.ensure_one()
        due = self.due_back_at
        self.absence_id.sudo().action_return(due)
        escape = self.stay_id.sudo().record_departure("escape", due)
        self.sudo().write({"state": "escaped", "escape_absence_id": escape.id})
        body = self.env._(
            "Not back from funeral leave %(name)s by %(due)s: recorded as an escape "
            "from that time. Issue the pursuit decision (Decree 116/2021 Art. 56).",
            name=self.name,
            due=self._local_time(due),
        )
        self.sudo().message_post(body=body)
        self.stay_id.sudo().message_post(body=body)
        for manager in self.company_id._rehab_managers():
            self.sudo().activity_schedule(
                "rehab_facility.mail_activity_funeral_leave_overdue",
                user_id=manager.id,
                note=body,
            )
        return escape

    # ------------------------------------------------------------ wizards
    def _open_wizard(self, model, name, context=None):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_leave_id": self.id, **(context or {})},
        }

    def action_open_depart(self):
        return self._open_wizard(
            "rehab.funeral.leave.move.wizard",
            self.env._("Record the Departure"),
            {"default_move": "depart"},
        )

    def action_open_return(self):
        return self._open_wizard(
            "rehab.funeral.leave.move.wizard",
            self.env._("Record the Return"),
            {"default_move": "return"},
        )

    def action_open_refuse(self):
        return self._open_wizard(
            "rehab.gate.reason.wizard",
            self.env._("Refuse the Leave"),
            {
                "default_res_model": "rehab.funeral.leave",
                "default_res_id": self.id,
                "default_method": "action_refuse",
            },
        )

    def action_open_cancel(self):
        return self._open_wizard(
            "rehab.gate.reason.wizard",
            self.env._("Cancel the Leave"),
            {
                "default_res_model": "rehab.funeral.leave",
                "default_res_id": self.id,
                "default_method": "action_cancel",
            },
        )
