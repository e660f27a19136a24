from odoo import fields, models


class RehabIncidentReopenWizard(models.TransientModel):
    """Ask the manager why a closed incident is reopened."""

    _name = "rehab.incident.reopen.wizard"
    _description = "Reopen an Incident"

    incident_id = fields.Many2one("rehab.incident", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.incident_id.action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
