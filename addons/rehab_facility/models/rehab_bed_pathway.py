from odoo import fields, models

PATHWAY_READERS = (
    "rehab_facility.group_rehab_counsellor,rehab_facility.group_rehab_auditor,"
    "rehab_facility.group_rehab_intake,rehab_facility.group_rehab_security,"
    "rehab_facility.group_rehab_medical"
)


class RehabBed(models.Model):
    """The rehab stage of the bed's resident, for the bed board card."""

    _inherit = "rehab.bed"

    current_stage_id = fields.Many2one(
        related="current_stay_id.current_stage_id",
        string="Rehab Stage",
        groups=PATHWAY_READERS,
    )
    current_stage_progress = fields.Integer(
        related="current_stay_id.stage_progress",
        string="Pathway Progress (%)",
        groups=PATHWAY_READERS,
    )
