from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .rehab_visit_limits import _hours

ITEM_OUTCOMES = [
    ("accepted", "Accepted (given to the resident)"),
    ("handed_back", "Handed back to the visitor"),
    ("confiscated", "Confiscated"),
]


class RehabVisitItem(models.Model):
    """An item a visitor brought, inspected at the gate (Decree 116/2021
    Art. 69: gifts and items are inspected).

    Recorded by ``rehab.visit.inspect_items`` only and never changed: a
    confiscated prohibited item opens a contraband incident.
    """

    _name = "rehab.visit.item"
    _description = "Item Brought by a Visitor"
    _inherit = ["rehab.guarded.mixin"]
    _order = "visit_id, id"
    _check_company_auto = True
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None
    _guard_name_fields = ("name",)
    _guard_bounds = {"quantity": (0.01, 1_000_000)}

    visit_id = fields.Many2one(
        "rehab.visit", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        related="visit_id.company_id", store=True, string="Facility"
    )
    resident_id = fields.Many2one(related="visit_id.resident_id", store=True)
    visitor_id = fields.Many2one(
        "rehab.visitor", string="Brought By", check_company=True
    )
    name = fields.Char(string="Item", required=True)
    quantity = fields.Float(default=1.0, digits=(12, 2))
    outcome = fields.Selection(ITEM_OUTCOMES, required=True)
    contraband = fields.Boolean(
        string="Prohibited",
        help="Drugs, weapons or anything else the facility's rules forbid: "
        "confiscated, with a contraband incident.",
    )
    incident_id = fields.Many2one("rehab.incident", readonly=True, check_company=True)
    inspected_by_id = fields.Many2one("res.users")
    inspected_at = fields.Datetime(string="Inspected On")

    _sql_constraints = [
        (
            "contraband_confiscated",
            "CHECK(NOT contraband OR outcome = 'confiscated')",
            "A prohibited item is confiscated, never accepted or handed back.",
        ),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("An inspected item is part of the gate's record: it stays.")
        )

    def _open_contraband_incident(self, visit):
        """Open the contraband incident of these confiscated prohibited items.

        Through the incident's own create, as the acting security officer:
        their rights and the incident's rules apply (the resident must be in
        the facility, the number is taken only then).
        """
        incident_type = self.env.ref(
            "rehab_facility.incident_type_contraband", raise_if_not_found=False
        ) or self.env["rehab.incident.type"].search([("code", "=", "contraband")])
        if not incident_type:
            raise UserError(self.env._("The incident type “contraband” is missing."))
        listing = "; ".join(
            self.env._(
                "%(qty)s × %(item)s (%(visitor)s)",
                qty=_hours(item.quantity),
                item=item.name,
                visitor=item.visitor_id.display_name or "-",
            )
            for item in self
        )
        resident = visit.stay_id.resident_id
        incident = self.env["rehab.incident"].create(
            {
                "company_id": visit.company_id.id,
                "type_id": incident_type[:1].id,
                "date": fields.Datetime.now(),
                "description": self.env._(
                    "Prohibited items found at the inspection of visit %(visit)s "
                    "for %(name)s: %(items)s.",
                    visit=visit.name,
                    name=resident.name,
                    items=listing,
                ),
                "immediate_action": self.env._("Confiscated at the gate."),
                "participant_ids": [
                    Command.create({"resident_id": resident.id, "role": "participant"})
                ],
            }
        )
        self.sudo().write({"incident_id": incident.id})
        return incident
