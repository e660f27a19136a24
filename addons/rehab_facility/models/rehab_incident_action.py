from odoo import api, fields, models


class RehabIncidentAction(models.Model):
    """A follow-up action of an incident, scheduled in its owner's to-do list."""

    _name = "rehab.incident.action"
    _description = "Incident Follow-up Action"
    _order = "done, deadline, id"

    incident_id = fields.Many2one(
        "rehab.incident", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="incident_id.company_id", store=True, string="Facility"
    )
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, default=lambda self: self.env.user
    )
    deadline = fields.Date(required=True)
    done = fields.Boolean()
    done_date = fields.Date(readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        for action in actions.filtered(lambda a: not a.done):
            action.activity_id = action.incident_id.activity_schedule(
                "rehab_facility.mail_activity_incident_action",
                date_deadline=action.deadline,
                summary=action.name,
                user_id=action.user_id.id,
            )
        return actions

    def write(self, vals):
        if vals.get("done"):
            vals["done_date"] = self.env.company.rehab_today()
        result = super().write(vals)
        if vals.get("done"):
            self.activity_id.sudo().action_feedback(
                feedback=self.env._("Follow-up action done.")
            )
        if "deadline" in vals or "user_id" in vals:
            for action in self.filtered("activity_id"):
                action.activity_id.sudo().write(
                    {"date_deadline": action.deadline, "user_id": action.user_id.id}
                )
        return result
