from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .rehab_incident_type import SEVERITIES

INCIDENT_STATES = [
    ("draft", "Draft"),
    ("reported", "Reported"),
    ("investigation", "Under Investigation"),
    ("closed", "Closed"),
    ("duplicate", "Duplicate"),
]
SERIOUS = ("high", "critical")
OPEN_STATES = ("draft", "reported", "investigation")
# What a security officer types on an open incident; nothing once closed.
EDITABLE_FIELDS = (
    "type_id",
    "severity",
    "date",
    "area_id",
    "room_id",
    "description",
    "immediate_action",
    "root_cause",
    "police_notified_at",
    "director_informed",
    "staff_ids",
    "participant_ids",
    "action_ids",
    "discipline_ids",
    "duplicate_of_id",
)


class RehabIncident(models.Model):
    """A security incident inside the facility, followed through to closure."""

    _name = "rehab.incident"
    _description = "Security Incident"
    _inherit = ["mail.thread", "mail.activity.mixin", "rehab.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # The number, the state and the archive flag are the actions' to write.
    _user_create_fields = EDITABLE_FIELDS + ("company_id",)
    _user_write_fields = {state: EDITABLE_FIELDS for state in OPEN_STATES}
    _guard_date_kinds = {"date": "event", "police_notified_at": "event"}

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    date = fields.Datetime(
        string="Date and Time",
        required=True,
        index=True,  # the lists' order (_order), newest first
        default=fields.Datetime.now,
        tracking=True,
    )
    month = fields.Date(
        compute="_compute_month", store=True, help="First day of the incident's month."
    )
    area_id = fields.Many2one("rehab.area", check_company=True, tracking=True)
    room_id = fields.Many2one(
        "rehab.room",
        check_company=True,
        domain="[('area_id', '=?', area_id)]",
    )
    type_id = fields.Many2one("rehab.incident.type", required=True, tracking=True)
    is_escape = fields.Boolean(related="type_id.is_escape")
    severity = fields.Selection(
        SEVERITIES,
        compute="_compute_severity",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        tracking=True,
    )
    state = fields.Selection(
        INCIDENT_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        group_expand=True,
    )
    participant_ids = fields.One2many(
        "rehab.incident.participant", "incident_id", string="Residents Involved"
    )
    staff_ids = fields.Many2many("res.users", string="Staff Involved")
    description = fields.Text(required=True, tracking=True)
    immediate_action = fields.Text(
        string="Immediate Action Taken",
        help="What was done at once; it can be recorded before any analysis.",
        tracking=True,
    )
    root_cause = fields.Text(string="Investigation Findings", tracking=True)
    police_notified_at = fields.Datetime(tracking=True)
    director_informed = fields.Boolean(tracking=True)
    action_ids = fields.One2many(
        "rehab.incident.action", "incident_id", string="Follow-up Actions"
    )
    open_action_count = fields.Integer(compute="_compute_open_action_count")
    duplicate_of_id = fields.Many2one(
        "rehab.incident", check_company=True, tracking=True
    )
    absence_ids = fields.One2many(
        "rehab.stay.absence", "incident_id", string="Escapes Recorded"
    )
    discipline_ids = fields.One2many(
        "rehab.discipline", "incident_id", string="Discipline Decisions"
    )
    active = fields.Boolean(default=True, tracking=True)

    @api.depends("date")
    def _compute_month(self):
        for incident in self:
            incident.month = (
                incident.company_id.rehab_local_date(incident.date).replace(day=1)
                if incident.date
                else False
            )

    @api.depends("type_id")
    def _compute_severity(self):
        for incident in self:
            incident.severity = incident.type_id.default_severity or "medium"

    def _compute_open_action_count(self):
        counts = dict(
            self.env["rehab.incident.action"]._read_group(
                [("incident_id", "in", self.ids), ("done", "=", False)],
                ["incident_id"],
                ["__count"],
            )
        )
        for incident in self:
            incident.open_action_count = counts.get(incident, 0)

    @api.constrains("date")
    def _check_date(self):
        now = fields.Datetime.now()
        for incident in self:
            if incident.date > now:
                raise ValidationError(
                    self.env._(
                        "Incident %s is dated in the future: record it at the time it "
                        "happened.",
                        incident.name,
                    )
                )

    @api.constrains("date", "company_id")
    def _check_participants_present(self):
        """Moving the incident's time must not list someone who was away."""
        self.participant_ids._check_present()

    @api.constrains("state", "severity", "police_notified_at", "director_informed")
    def _check_serious_fields(self):
        for incident in self:
            if (
                incident.state not in ("draft", "duplicate")
                and incident.severity in SERIOUS
                and not (incident.police_notified_at and incident.director_informed)
            ):
                raise ValidationError(
                    self.env._(
                        "A high or critical incident needs the time the police were "
                        "notified and the director informed before it is reported."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        """Create under the acting user's rules, then number in sudo.

        The record rules and the company checks run in ``super().create``; a
        refused create (another facility, no access) never reaches the
        sequence, so no number of the no-gap sequence is lost.
        """
        # The creator follows the incident, subscribed once the follow-up
        # actions (whose to-dos subscribe their owners) exist.
        nosubscribe = self.env.context.get("mail_create_nosubscribe")
        incidents = super(
            RehabIncident, self.with_context(mail_create_nosubscribe=True)
        ).create(vals_list)
        if not nosubscribe and self.env.user.active:
            incidents._message_subscribe(partner_ids=self.env.user.partner_id.ids)
        incidents = incidents.with_context(mail_create_nosubscribe=nosubscribe)
        for incident in incidents.filtered(lambda i: i.name == "/"):
            number = self._next_number(incident.company_id)
            super(RehabIncident, incident.sudo()).write({"name": number})
        return incidents

    @api.model
    def _next_number(self, company):
        """Each facility numbers its incidents with its own no-gap sequence."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", "rehab.incident"), ("company_id", "=", company.id)],
            limit=1,
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._("Incidents of %s", company.name),
                    "code": "rehab.incident",
                    "prefix": "SC/%(year)s/",
                    "padding": 4,
                    "implementation": "no_gap",
                    "company_id": company.id,
                }
            )
        elif sequence.implementation != "no_gap":
            # Sequences made before numbers had to be gapless: keep their count.
            sequence.write(
                {"implementation": "no_gap", "number_next": sequence.number_next_actual}
            )
        return sequence.next_by_id()

    def write(self, vals):
        if "state" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "An incident moves through its workflow with its buttons "
                    "(report, investigate, close, reopen, mark as duplicate), which "
                    "check what each step needs."
                )
            )
        was_serious = self.filtered(lambda i: i.severity in SERIOUS)
        result = super().write(vals)
        if "severity" in vals:
            # Raised to high/critical after the report: the manager hears of it.
            for incident in self - was_serious:
                if incident.severity in SERIOUS and incident.state in (
                    "reported",
                    "investigation",
                ):
                    incident._notify_managers()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "An incident cannot be deleted: it is part of the facility's "
                "security record and its number must stay in the register. Mark it "
                "as a duplicate, or archive it with a reason."
            )
        )

    def _guard_check_archive(self):
        """An open case stays in sight until it is closed or marked a duplicate."""
        if self.filtered(lambda i: i.state in ("reported", "investigation")):
            raise UserError(
                self.env._(
                    "A reported incident is archived only once it is closed or "
                    "marked as a duplicate."
                )
            )
        return super()._guard_check_archive()

    # ---------------------------------------------------------------- workflow
    def action_report(self):
        incidents = self._guard_check_access("write")
        for incident in self:
            if incident.state != "draft":
                raise UserError(self.env._("Only a draft incident can be reported."))
        incidents.state = "reported"
        for incident in self.filtered(lambda i: i.severity in SERIOUS):
            incident._notify_managers()

    def action_investigate(self):
        incidents = self._guard_check_access("write")
        if self.filtered(lambda i: i.state != "reported"):
            raise UserError(
                self.env._("Only a reported incident can be put under investigation.")
            )
        incidents.state = "investigation"

    def action_close(self):
        incidents = self._guard_check_access("write")
        for incident in self:
            if incident.state not in ("reported", "investigation"):
                raise UserError(self.env._("Only a reported incident can be closed."))
            if incident.action_ids.filtered(lambda a: not a.done):
                raise UserError(
                    self.env._(
                        "Incident %s still has open follow-up actions: finish them "
                        "before closing.",
                        incident.name,
                    )
                )
        incidents.state = "closed"
        return True

    def action_reopen(self, reason):
        """Reopen a closed incident for further investigation.

        Only the facility manager reopens a closed security record, and says
        why: the reason stays in the incident's history.
        """
        incidents = self._guard_check_access("write")
        if not self.env.user.has_group("rehab_facility.group_rehab_manager"):
            raise UserError(
                self.env._("Only the facility manager can reopen a closed incident.")
            )
        reason = " ".join((reason or "").split())
        if not reason:
            raise UserError(self.env._("Say why the incident is reopened."))
        self._guard_check_values({"description": reason})
        if self.filtered(lambda i: i.state != "closed"):
            raise UserError(self.env._("Only a closed incident can be reopened."))
        incidents.state = "investigation"
        for incident in self:
            incident.message_post(body=self.env._("Reopened: %s", reason))
        return True

    def action_open_reopen_wizard(self):
        self.ensure_one()
        self._guard_check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen the Incident"),
            "res_model": "rehab.incident.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_incident_id": self.id},
        }

    def action_mark_duplicate(self):
        incidents = self._guard_check_access("write")
        for incident in self:
            if incident.state in ("closed", "duplicate"):
                raise UserError(
                    self.env._("A closed incident cannot be marked as a duplicate.")
                )
            if not incident.duplicate_of_id:
                raise UserError(
                    self.env._("Choose the incident this one duplicates first.")
                )
            if incident.duplicate_of_id == incident:
                raise UserError(self.env._("An incident cannot duplicate itself."))
        incidents.state = "duplicate"

    def _notify_managers(self):
        """High and critical incidents reach the facility manager at once."""
        self.ensure_one()
        managers = self.company_id._rehab_managers()
        severities = dict(self._fields["severity"]._description_selection(self.env))
        for manager in managers:
            self.activity_schedule(
                "rehab_facility.mail_activity_incident_serious",
                user_id=manager.id,
                summary=self.env._(
                    "%(severity)s incident: %(type)s",
                    severity=severities[self.severity],
                    type=self.type_id.name,
                ),
            )
        self.message_post(
            body=self.env._(
                "%(severity)s incident reported; the facility manager has been "
                "notified.",
                severity=severities[self.severity],
            ),
            partner_ids=managers.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )

    def action_record_escape(self):
        """Report the escape of an escapee of this incident (departure wizard)."""
        self.ensure_one()
        escapees = self.participant_ids.filtered(
            lambda p: p.role == "escapee" and p.stay_id.state == "in_rehab"
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Report Escape"),
            "res_model": "rehab.stay.departure.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_kind": "escape",
                "default_incident_id": self.id,
                "default_date_start": fields.Datetime.to_string(self.date),
                "default_stay_id": escapees[:1].stay_id.id,
            },
        }

    @api.model
    def _for_escape(self, stay, when):
        """The escape incident of ``stay``'s escape at ``when``: ``self`` when
        given (the escapee listed on it if not yet), else a new draft one.

        Created as the acting user (record rules, whitelists); the officer
        completes and reports it (police, director) from the incident.
        """
        participant = {"resident_id": stay.resident_id.id, "role": "escapee"}
        if self:
            self.ensure_one()
            if not self.is_escape:
                raise UserError(
                    self.env._(
                        "Incident %s is not an escape: link the escape to an "
                        "escape incident, or leave it empty to create one.",
                        self.name,
                    )
                )
            if stay.resident_id not in self.participant_ids.resident_id:
                self.write({"participant_ids": [(0, 0, participant)]})
            return self
        escape_type = self.env["rehab.incident.type"].search(
            [("is_escape", "=", True)], limit=1
        )
        if not escape_type:
            raise UserError(self.env._("No incident type is marked as an escape."))
        return self.create(
            {
                "company_id": stay.company_id.id,
                "type_id": escape_type.id,
                "date": when,
                "area_id": stay.current_bed_id.area_id.id,
                "description": self.env._(
                    "Escape of %(name)s (stay %(stay)s), reported from the stay.",
                    name=stay.resident_id.name,
                    stay=stay.name,
                ),
                "participant_ids": [(0, 0, participant)],
            }
        )
