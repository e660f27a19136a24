from odoo import fields, models

from ..models.rehab_stay_absence import ABSENCE_KINDS


class RehabStayDepartureWizard(models.TransientModel):
    """Report an escape (with the pursuit decision) or a hospital suspension."""

    _name = "rehab.stay.departure.wizard"
    _description = "Report Escape or Suspension"

    stay_id = fields.Many2one(
        "rehab.stay",
        required=True,
        domain="[('state', '=', 'in_rehab')]",
    )
    kind = fields.Selection(ABSENCE_KINDS, required=True, default="escape")
    incident_id = fields.Many2one("rehab.incident")
    date_start = fields.Datetime(
        string="Away Since", required=True, default=fields.Datetime.now
    )
    pursuit_decision_number = fields.Char(string="Pursuit Decision No.")
    pursuit_decision_date = fields.Date()
    police_unit = fields.Char(string="Police Unit Notified")
    hospital = fields.Char()
    document_reference = fields.Char(string="Document No.")

    def action_confirm(self):
        self.ensure_one()
        absence = self.env["rehab.stay.absence"].create(
            {
                "stay_id": self.stay_id.id,
                "kind": self.kind,
                "incident_id": self.incident_id.id,
                "date_start": self.date_start,
                "pursuit_decision_number": self.pursuit_decision_number,
                "pursuit_decision_date": self.pursuit_decision_date,
                "police_unit": self.police_unit,
                "hospital": self.hospital,
                "document_reference": self.document_reference,
            }
        )
        if self.incident_id:
            self.incident_id.message_post(body=absence._describe_departure())
        return {"type": "ir.actions.act_window_close"}
