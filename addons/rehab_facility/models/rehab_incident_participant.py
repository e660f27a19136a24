from odoo import api, fields, models

PARTICIPANT_ROLES = [
    ("initiator", "Initiator"),
    ("victim", "Victim"),
    ("witness", "Witness"),
    ("participant", "Participant"),
    ("escapee", "Escapee"),
    ("possession", "In possession"),
]


class RehabIncidentParticipant(models.Model):
    """A resident involved in an incident, with their role and the outcome."""

    _name = "rehab.incident.participant"
    _description = "Resident Involved in an Incident"
    _order = "incident_id, id"
    _check_company_auto = True

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
        "rehab.stay",
        compute="_compute_stay_id",
        store=True,
        readonly=False,
        check_company=True,
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

    @api.depends("resident_id")
    def _compute_stay_id(self):
        for participant in self:
            participant.stay_id = participant.resident_id.stay_ids.filtered(
                lambda s: s.state != "released"
            )[:1]
