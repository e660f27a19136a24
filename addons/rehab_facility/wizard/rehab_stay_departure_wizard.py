from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.rehab_stay_absence import ABSENCE_KINDS

DEPARTURE_VALUES = (
    "pursuit_decision_number",
    "pursuit_decision_date",
    "police_unit",
    "hospital",
    "document_reference",
)


class RehabStayDepartureWizard(models.TransientModel):
    """Report an escape (with the pursuit decision) or a hospital suspension.

    Its fields plus one call: ``rehab.stay.record_departure`` checks the
    rules (Decree 116/2021 Art. 56 for an escape).
    """

    _name = "rehab.stay.departure.wizard"
    _description = "Report Escape or Suspension"
    _inherit = ["rehab.input.guard.mixin"]
    _guard_date_kinds = {"date_start": "event", "pursuit_decision_date": "event"}

    # The record rules of rehab.stay apply to the choices offered; a stay or
    # incident the user may not read is refused (_check_visible_relations).
    stay_id = fields.Many2one(
        "rehab.stay", required=True, domain="[('state', '=', 'in_rehab')]"
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

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_visible_relations()
        return wizards

    def write(self, vals):
        result = super().write(vals)
        self._check_visible_relations()
        return result

    def _check_visible_relations(self):
        """Refuse a stay or incident the user may not read.

        The web client shows a many2one's name read as superuser: without
        this, another facility's stay id would come back with its resident's
        name.
        """
        if self.env.su:
            return
        for wizard in self:
            if not (
                wizard.stay_id.has_access("read")
                and wizard.incident_id.has_access("read")
            ):
                raise AccessError(
                    self.env._(
                        "This record is outside the facilities, residents or "
                        "classes you work with."
                    )
                )

    def action_confirm(self):
        self.ensure_one()
        values = {name: self[name] for name in DEPARTURE_VALUES if self[name]}
        if self.incident_id:
            values["incident_id"] = self.incident_id.id
        absence = self.stay_id.record_departure(self.kind, self.date_start, values)
        if not absence.incident_id:
            return {"type": "ir.actions.act_window_close"}
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Escape recorded with incident %s: complete and report it "
                    "from the Incidents.",
                    absence.incident_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
