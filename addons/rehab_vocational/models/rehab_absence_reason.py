from odoo import fields, models


class RehabAbsenceReason(models.Model):
    """Why a resident missed a session, and what follows from it."""

    _name = "rehab.absence.reason"
    _description = "Absence Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    counts_as_excused = fields.Boolean(
        string="Excused",
        help="Choosing this reason marks the resident excused rather than absent. "
        "Excused hours still count as missed for the attendance rate, but not "
        "as unexcused absences.",
    )
    proposes_discipline = fields.Boolean(
        help="When a sheet is confirmed with this reason, the facility's security "
        "officer receives an activity on the resident to consider a discipline "
        "note.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another absence reason has this code."),
    ]
