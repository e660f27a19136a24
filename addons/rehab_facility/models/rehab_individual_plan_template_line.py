from odoo import fields, models


class RehabIndividualPlanTemplateLine(models.Model):
    """One goal of a stage in a plan template (data)."""

    _name = "rehab.individual.plan.template.line"
    _description = "Individual Plan Template Goal"
    _order = "template_id, stage_sequence, sequence, id"

    template_id = fields.Many2one(
        "rehab.individual.plan.template", required=True, index=True, ondelete="cascade"
    )
    stage_id = fields.Many2one("rehab.stage", required=True, ondelete="restrict")
    stage_sequence = fields.Integer(
        related="stage_id.sequence", store=True, string="Stage Order"
    )
    sequence = fields.Integer(default=10)
    goal = fields.Text(required=True)
    activities = fields.Text()
    responsible = fields.Char(
        string="Responsible Role", help="Who carries the goal, e.g. Cán bộ tư vấn."
    )
