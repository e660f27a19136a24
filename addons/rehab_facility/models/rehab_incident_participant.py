from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PARTICIPANT_ROLES = [
    ("initiator", "Initiator"),
    ("victim", "Victim"),
    ("witness", "Witness"),
    ("participant", "Participant"),
    ("escapee", "Escapee"),
    ("possession", "In possession"),
]
OPEN_STATES = ("draft", "reported", "investigation")


class RehabIncidentParticipant(models.Model):
    """A resident involved in an incident, with their role and the outcome.

    Listed only while the incident is open, only if the resident was in the
    facility at the incident's time; every change is posted in the incident's
    chatter.
    """

    _name = "rehab.incident.participant"
    _inherit = ["rehab.guarded.mixin"]
    _description = "Resident Involved in an Incident"
    _order = "incident_id, id"
    _check_company_auto = True
    _user_create_fields = ("incident_id", "resident_id", "role", "outcome")
    _user_write_fields = {state: ("role", "outcome") for state in OPEN_STATES}
    _guard_state_field = "incident_state"

    incident_id = fields.Many2one(
        "rehab.incident", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="incident_id.company_id", store=True, string="Facility"
    )
    resident_id = fields.Many2one(
        "rehab.resident", required=True, index=True, check_company=True
    )
    stay_id = fields.Many2one(
        "rehab.stay", compute="_compute_stay_id", store=True, check_company=True
    )
    role = fields.Selection(PARTICIPANT_ROLES, required=True, default="participant")
    outcome = fields.Char(help="Injuries, sanction proposed, medical care given…")
    incident_date = fields.Datetime(related="incident_id.date", store=True)
    incident_type_id = fields.Many2one(related="incident_id.type_id", store=True)
    incident_state = fields.Selection(related="incident_id.state")

    _sql_constraints = [
        (
            "resident_role_unique",
            "unique(incident_id, resident_id, role)",
            "This resident is already listed with this role.",
        ),
    ]

    @api.depends("resident_id", "incident_id.date")
    def _compute_stay_id(self):
        for participant in self:
            participant.stay_id = participant.sudo()._stay_at_incident()

    def _incident_day(self):
        incident = self.incident_id
        return incident.company_id.rehab_local_date(
            incident.date or fields.Datetime.now()
        )

    def _stay_at_incident(self):
        self.ensure_one()
        if not self.resident_id or not self.incident_id:
            return self.env["rehab.stay"]
        return self.resident_id._stay_on(self._incident_day())

    # ------------------------------------------------------------- presence
    @api.constrains("resident_id", "incident_id", "role")
    def _check_present(self):
        for participant in self:
            why = participant.sudo()._absence_reason()
            if why:
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot be listed in this incident: %(why)s, so "
                        "they were not in the facility on %(day)s.",
                        name=participant.resident_id.name,
                        why=why,
                        day=participant._incident_day().strftime("%d/%m/%Y"),
                    )
                )

    def _absence_reason(self):
        """Why the resident was not in the facility at the incident's time.

        The stay of that day (``resident._stay_on``) must be of this facility,
        and the resident not away (``stay._away_on``): an escape, a hospital
        stay or a funeral leave that began before the incident. The escape
        this incident records does not count (its escapee left at that moment).
        """
        self.ensure_one()
        incident = self.incident_id
        day = self._incident_day()
        stay = self.resident_id._stay_on(day)
        if not stay or stay.company_id != incident.company_id:
            return self._not_in_care_reason(day)
        if not stay._away_on(day):
            return ""
        moment = incident.date
        absence = stay.absence_ids.filtered(
            lambda a: a.incident_id != incident
            and a.date_start < moment
            and (not a.date_end or a.date_end > moment)
        )[:1]
        if not absence:
            return ""
        since = stay.company_id.rehab_local_date(absence.date_start)
        if absence.kind == "escape":
            return self.env._("escaped since %s", since.strftime("%d/%m/%Y"))
        if absence.kind == "funeral_leave":
            return self.env._("on funeral leave since %s", since.strftime("%d/%m/%Y"))
        return self.env._("in hospital since %s", since.strftime("%d/%m/%Y"))

    def _not_in_care_reason(self, day):
        stays = self.resident_id.with_context(active_test=False).stay_ids
        released = stays.filtered(
            lambda s: s.release_date and s.release_date < day
        ).sorted("release_date")[-1:]
        if released:
            return self.env._(
                "released on %s", released.release_date.strftime("%d/%m/%Y")
            )
        return self.env._("not admitted to this facility")

    # --------------------------------------------------------------- chatter
    def _role_label(self):
        return dict(self._fields["role"]._description_selection(self.env))[self.role]

    def _check_incident_open(self):
        if self.env.su:
            return
        if self.filtered(lambda p: p.incident_id.state not in OPEN_STATES):
            raise UserError(
                self.env._(
                    "The residents involved are listed only while the incident is "
                    "open; a closed incident is reopened by the manager first."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        participants = super().create(vals_list)
        participants._check_incident_open()
        for participant in participants:
            participant.incident_id._message_log(
                body=self.env._(
                    "Resident listed: %(name)s, %(role)s.",
                    name=participant.resident_id.name,
                    role=participant._role_label(),
                )
            )
        return participants

    def write(self, vals):
        before = {p: (p._role_label(), p.outcome or "") for p in self}
        result = super().write(vals)
        if {"role", "outcome"} & set(vals):
            for participant, (role, outcome) in before.items():
                now = (participant._role_label(), participant.outcome or "")
                if now != (role, outcome):
                    participant.incident_id._message_log(
                        body=self.env._(
                            "%(name)s: %(old)s → %(new)s.",
                            name=participant.resident_id.name,
                            old=" / ".join(filter(None, (role, outcome))),
                            new=" / ".join(filter(None, now)),
                        )
                    )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_while_open(self):
        self._check_incident_open()

    def unlink(self):
        for participant in self:
            participant.incident_id._message_log(
                body=self.env._(
                    "Resident removed from the incident: %(name)s, %(role)s.",
                    name=participant.resident_id.name,
                    role=participant._role_label(),
                )
            )
        return super().unlink()
