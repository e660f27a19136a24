from odoo import api, fields, models

from ..models.rehab_visit import VISIT_KINDS


class RehabVisitBookWizard(models.TransientModel):
    """Book a visit or record a walk-in: its fields plus ``rehab.visit.book``,
    which checks the rules (Decree 116/2021 Art. 69)."""

    _name = "rehab.visit.book.wizard"
    _description = "Book a Visit"
    _inherit = ["rehab.gate.wizard.mixin"]
    _gate_visible_fields = ("stay_id", "slot_id", "room_id", "visitor_ids")

    stay_id = fields.Many2one(
        "rehab.stay",
        required=True,
        domain="[('state', '=', 'in_rehab')]",
    )
    resident_id = fields.Many2one(related="stay_id.resident_id")
    kind = fields.Selection(VISIT_KINDS, required=True, default="regular")
    walk_in = fields.Boolean(
        string="Walk-in", help="The visitors are at the gate now: the visit starts now."
    )
    slot_id = fields.Many2one(
        "rehab.visit.slot",
        string="Visiting Session",
        domain="[('date_end', '>', context_today().strftime('%Y-%m-%d'))]",
    )
    room_id = fields.Many2one("rehab.visit.room", string="Private Visit Room")
    date_start = fields.Datetime(string="From")
    date_end = fields.Datetime(string="Until")
    visitor_ids = fields.Many2many(
        "rehab.visitor",
        string="Visitors",
        domain="[('resident_id', '=', resident_id)]",
    )
    note = fields.Char()

    @api.onchange("slot_id")
    def _onchange_slot_id(self):
        if self.slot_id:
            self.date_start = self.slot_id.date_start

    def action_confirm(self):
        self.ensure_one()
        values = {
            "stay_id": self.stay_id.id,
            "kind": self.kind,
            "walk_in": self.walk_in,
            "visitor_ids": self.visitor_ids.ids,
        }
        for name in ("slot_id", "room_id"):
            if self[name]:
                values[name] = self[name].id
        for name in ("date_start", "date_end", "note"):
            if self[name]:
                values[name] = self[name]
        visit = self.env["rehab.visit"].book(values)
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.visit",
            "res_id": visit.id,
            "view_mode": "form",
            "target": "current",
        }
