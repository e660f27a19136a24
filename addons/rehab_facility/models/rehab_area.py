from odoo import api, fields, models

AREA_KINDS = [
    ("temporary", "Temporary stay"),
    ("compulsory", "Compulsory rehab"),
    ("voluntary", "Voluntary rehab"),
    ("minor", "Minors (12 to under 18)"),
    ("infectious", "Group A/B infectious disease"),
    ("discipline", "Order and discipline"),
]
# Areas any order type may be sent to (matching sex and age group still
# applies): isolation for infectious disease and the discipline area.
SHARED_AREA_KINDS = ("infectious", "discipline")

SEXES = [("male", "Male"), ("female", "Female")]
AGE_GROUPS = [("adult", "Adults (18+)"), ("minor", "Minors (under 18)")]


class RehabArea(models.Model):
    """Area (khu) of a facility.

    Law 73/2021 Art. 35.2-3 requires separate areas for temporary stay,
    compulsory rehab, voluntary rehab, ages 12 to under 18, group A/B
    infectious disease and people who disturb order; every area is split by sex.
    """

    _name = "rehab.area"
    _description = "Facility Area"
    _inherit = ["rehab.field.guard.mixin"]
    _order = "company_id, sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(AREA_KINDS, required=True)
    sex = fields.Selection(SEXES, required=True)
    age_group = fields.Selection(AGE_GROUPS, required=True, default="adult")
    room_ids = fields.One2many("rehab.room", "area_id", string="Rooms")
    bed_ids = fields.One2many("rehab.bed", "area_id", string="Beds")
    active = fields.Boolean(default=True)

    # Roll count, computed with one grouped query for all areas on screen.
    capacity = fields.Integer(compute="_compute_roll_count")
    present_count = fields.Integer(string="Present", compute="_compute_roll_count")
    absent_count = fields.Integer(
        string="Absent",
        compute="_compute_roll_count",
        help="Residents who keep their bed while away: escaped or in hospital.",
    )
    in_visit_count = fields.Integer(
        string="In Visit",
        compute="_compute_roll_count",
        help="At a family visit now: away from the area, counted in the facility.",
    )
    on_leave_count = fields.Integer(
        string="On Leave",
        compute="_compute_roll_count",
        help="On funeral leave: away, counted in the facility (the days count "
        "toward the term).",
    )
    vacancy_count = fields.Integer(
        string="Net Vacancies", compute="_compute_roll_count"
    )
    out_of_order_count = fields.Integer(
        string="Out of Order", compute="_compute_roll_count"
    )

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "Another area of this facility already has this code.",
        ),
    ]

    @api.depends(
        "bed_ids.status",
        "bed_ids.current_stay_state",
        "bed_ids.current_stay_gate_status",
    )
    def _compute_roll_count(self):
        counts = self.env["rehab.bed"]._roll_count([("area_id", "in", self.ids)])
        for area in self:
            row = counts.get(area.id, {})
            area.capacity = row.get("capacity", 0)
            area.present_count = row.get("present", 0)
            area.absent_count = row.get("absent", 0)
            area.in_visit_count = row.get("in_visit", 0)
            area.on_leave_count = row.get("on_leave", 0)
            area.vacancy_count = row.get("free", 0)
            area.out_of_order_count = row.get("out_of_order", 0)

    @api.depends("name", "kind", "sex")
    def _compute_display_name(self):
        sexes = dict(self._fields["sex"]._description_selection(self.env))
        for area in self:
            area.display_name = (
                f"{area.name} ({sexes.get(area.sex)})" if area.sex else area.name
            )
