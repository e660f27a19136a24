from odoo import api, fields, models
from odoo.exceptions import UserError


class RehabIndividualPlanLine(models.Model):
    """One goal of an individual plan: stage, goal, activities, who is
    responsible and when. Editable while the plan is a draft only."""

    _name = "rehab.individual.plan.line"
    _description = "Individual Plan Goal"
    _inherit = ["rehab.guarded.mixin"]
    _order = "plan_id, stage_sequence, sequence, id"
    _user_create_fields = (
        "plan_id",
        "stage_id",
        "sequence",
        "goal",
        "activities",
        "responsible",
        "responsible_id",
        "planned_start",
        "planned_end",
    )
    _user_write_fields = {"draft": _user_create_fields[1:]}
    _guard_state_field = "plan_state"

    plan_id = fields.Many2one(
        "rehab.individual.plan", required=True, index=True, ondelete="cascade"
    )
    plan_state = fields.Selection(related="plan_id.state", string="Plan State")
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="Facility"
    )
    stage_id = fields.Many2one("rehab.stage", required=True, ondelete="restrict")
    stage_sequence = fields.Integer(
        related="stage_id.sequence", store=True, string="Stage Order"
    )
    sequence = fields.Integer(default=10)
    goal = fields.Text(required=True)
    activities = fields.Text()
    responsible = fields.Char(string="Responsible Role")
    responsible_id = fields.Many2one("res.users", string="Responsible Staff")
    planned_start = fields.Date()
    planned_end = fields.Date()

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(planned_end IS NULL OR planned_start IS NULL "
            "OR planned_end >= planned_start)",
            "A goal cannot end before it starts.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            plans = self.env["rehab.individual.plan"].browse(
                [vals.get("plan_id") for vals in vals_list if vals.get("plan_id")]
            )
            if any(plan.state != "draft" for plan in plans):
                raise UserError(
                    self.env._(
                        "A plan in force is read-only: revise it to change its goals."
                    )
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if not self.env.su and any(line.plan_state != "draft" for line in self):
            raise UserError(
                self.env._(
                    "A plan in force is read-only: revise it to change its goals."
                )
            )
