from odoo import api, fields, models
from odoo.exceptions import UserError

OPEN_STATES = ("draft", "reported", "investigation")
EDITABLE_FIELDS = ("name", "user_id", "deadline", "done")


class RehabIncidentAction(models.Model):
    """A follow-up action of an incident, scheduled in its owner's to-do list.

    Planned, handed over and marked done while the incident is open; the date
    it was done is recorded by the model, and a closed incident's actions no
    longer change.
    """

    _name = "rehab.incident.action"
    _inherit = ["rehab.guarded.mixin"]
    _description = "Incident Follow-up Action"
    _order = "done, deadline, id"
    _user_create_fields = ("incident_id",) + EDITABLE_FIELDS
    _user_write_fields = {state: EDITABLE_FIELDS for state in OPEN_STATES}
    _guard_state_field = "incident_state"
    _guard_name_fields = ("name",)

    incident_id = fields.Many2one(
        "rehab.incident", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="incident_id.company_id", store=True, string="Facility"
    )
    incident_state = fields.Selection(related="incident_id.state")
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
        if not self.env.su and actions.filtered(
            lambda a: a.incident_id.state not in OPEN_STATES
        ):
            raise UserError(
                self.env._("A closed incident takes no new follow-up action.")
            )
        today = self.env.company.rehab_today()
        for action in actions:
            if action.done:
                values = {"done_date": today}
            else:
                activity = action.incident_id.activity_schedule(
                    "rehab_facility.mail_activity_incident_action",
                    date_deadline=action.deadline,
                    summary=action.name,
                    user_id=action.user_id.id,
                )
                values = {"activity_id": activity.id}
            super(RehabIncidentAction, action.sudo()).write(values)
        return actions

    def write(self, vals):
        result = super().write(vals)
        if "done" in vals:
            done_date = self.env.company.rehab_today() if vals["done"] else False
            super(RehabIncidentAction, self.sudo()).write({"done_date": done_date})
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

    @api.ondelete(at_uninstall=False)
    def _unlink_only_while_open(self):
        if self.filtered(lambda a: a.incident_id.state not in OPEN_STATES):
            raise UserError(
                self.env._("The follow-up actions of a closed incident are kept.")
            )
