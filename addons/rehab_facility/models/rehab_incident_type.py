from odoo import fields, models

SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]


class RehabIncidentType(models.Model):
    _name = "rehab.incident.type"
    _description = "Incident Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    is_escape = fields.Boolean(
        help="Incidents of this type are escapes: the escapees' stays become "
        "absent and the days away extend their term (Decree 116/2021 Art. 56)."
    )
    default_severity = fields.Selection(SEVERITIES, default="medium", required=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "An incident type with this code exists."),
    ]
