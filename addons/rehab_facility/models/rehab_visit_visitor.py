from odoo import fields, models


class RehabVisitVisitor(models.Model):
    """A relative on a visit: booked, then present or not at the check-in."""

    _name = "rehab.visit.visitor"
    _description = "Visitor of a Visit"
    _inherit = ["rehab.guarded.mixin"]
    _order = "visit_id, id"
    _check_company_auto = True
    # Written by the visit's actions (book, check-in) only.
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None

    visit_id = fields.Many2one(
        "rehab.visit", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="visit_id.company_id", store=True, string="Facility"
    )
    visitor_id = fields.Many2one(
        "rehab.visitor", required=True, index=True, check_company=True
    )
    citizen_id = fields.Char(related="visitor_id.citizen_id")
    relationship = fields.Selection(related="visitor_id.relationship")
    phone = fields.Char(related="visitor_id.phone")
    present = fields.Boolean(
        help="Shown their citizen ID at the gate and came in.", readonly=True
    )

    _sql_constraints = [
        (
            "visit_visitor_unique",
            "unique(visit_id, visitor_id)",
            "This visitor is already on the visit.",
        ),
    ]
