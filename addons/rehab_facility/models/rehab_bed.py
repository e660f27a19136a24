from collections import defaultdict

from odoo import api, fields, models

from .rehab_area import SHARED_AREA_KINDS

BED_STATUSES = [
    ("free", "Free"),
    ("occupied", "Occupied"),
    ("reserved", "Reserved"),
    ("out_of_order", "Out of Order"),
    ("isolation", "Isolation"),
]
# States of a stay whose resident keeps the bed while away from it.
AWAY_STATES = ("absent", "suspended")
# The bed board's readers: whether an occupant escaped, is in hospital or in
# the infectious-disease or discipline area is not for instructors.
BED_BOARD_READERS = (
    "rehab_facility.group_rehab_intake,rehab_facility.group_rehab_security,"
    "rehab_facility.group_rehab_medical,rehab_facility.group_rehab_auditor"
)


class RehabBed(models.Model):
    """A bed. Who sleeps in it is the history of its assignments."""

    _name = "rehab.bed"
    _description = "Bed"
    _inherit = ["rehab.field.guard.mixin", "rehab.board.mixin"]
    _order = "area_id, room_id, sequence, name"
    _check_company_auto = True
    _rec_names_search = ["name", "room_id.name", "area_id.name", "area_id.code"]

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    room_id = fields.Many2one(
        "rehab.room", required=True, index=True, check_company=True
    )
    room_name = fields.Char(related="room_id.name", string="Room No.")
    area_id = fields.Many2one(
        related="room_id.area_id", store=True, index=True, string="Area"
    )
    company_id = fields.Many2one(
        related="room_id.company_id", store=True, index=True, string="Facility"
    )
    area_kind = fields.Selection(
        related="area_id.kind", store=True, groups=BED_BOARD_READERS
    )
    sex = fields.Selection(related="area_id.sex", store=True)
    age_group = fields.Selection(related="area_id.age_group", store=True)
    condition = fields.Selection(
        [
            ("available", "Available"),
            ("reserved", "Reserved"),
            ("out_of_order", "Out of Order"),
            ("isolation", "Isolation"),
        ],
        default="available",
        required=True,
        help="Set by staff; a bed with an occupant shows as occupied whatever "
        "its condition.",
    )
    assignment_ids = fields.One2many(
        "rehab.bed.assignment",
        "bed_id",
        string="Assignment History",
        groups=BED_BOARD_READERS,
    )
    current_assignment_id = fields.Many2one(
        "rehab.bed.assignment",
        compute="_compute_current_assignment",
        store=True,
        groups=BED_BOARD_READERS,
    )
    current_stay_id = fields.Many2one(
        related="current_assignment_id.stay_id",
        store=True,
        string="Current Stay",
        groups=BED_BOARD_READERS,
    )
    current_resident_id = fields.Many2one(
        related="current_assignment_id.resident_id",
        store=True,
        string="Occupant",
    )
    current_stay_state = fields.Selection(
        related="current_stay_id.state",
        store=True,
        string="Occupant Status",
        groups=BED_BOARD_READERS,
    )
    current_stay_gate_status = fields.Selection(
        related="current_stay_id.gate_status",
        store=True,
        string="Occupant at the Gate",
        groups=BED_BOARD_READERS,
    )
    status = fields.Selection(
        BED_STATUSES, compute="_compute_status", store=True, index=True
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_room_unique",
            "unique(name, room_id)",
            "Another bed of this room already has this name.",
        ),
    ]

    @api.depends("assignment_ids.date_to")
    def _compute_current_assignment(self):
        for bed in self:
            current = bed.assignment_ids.filtered(lambda a: not a.date_to)
            bed.current_assignment_id = current[:1]

    @api.depends("current_assignment_id", "condition")
    def _compute_status(self):
        for bed in self:
            if bed.current_assignment_id:
                bed.status = "occupied"
            elif bed.condition == "available":
                bed.status = "free"
            else:
                bed.status = bed.condition

    @api.depends("name", "room_id.name", "area_id.name")
    def _compute_display_name(self):
        for bed in self:
            bed.display_name = f"{bed.area_id.name} / {bed.room_id.name} / {bed.name}"

    @api.model
    def _roll_count(self, domain, groupby="area_id"):
        """Capacity, present, absent, free and out-of-order beds per group.

        Occupants at a family visit or on funeral leave are counted apart
        ("in_visit", "on_leave"): away from their area, still in the
        facility's count (Decree 116/2021 Art. 69-70).

        One grouped SQL query whatever the number of beds. Figures only, no
        person: the beds are those the user's record rules give; the counts
        by occupant status then run in superuser mode.
        """
        beds = self._search(domain)
        groups = self.sudo()._read_group(
            [("id", "in", beds)],
            [groupby, "status", "current_stay_state", "current_stay_gate_status"],
            ["__count"],
        )
        counts = defaultdict(lambda: defaultdict(int))
        for group_record, status, stay_state, gate_status, count in groups:
            row = counts[group_record.id]
            row["capacity"] += count
            if status == "occupied":
                if stay_state in AWAY_STATES:
                    row["absent"] += count
                else:
                    row[gate_status or "present"] += count
            elif status in ("free", "out_of_order"):
                row[status] += count
        return counts

    @api.model
    def _fitting_domain(self, company, sex, is_minor, order_type, shared_areas=True):
        """Domain of the free beds that may take such a resident.

        A bed fits when its area matches the order type's area kind (or is a
        shared isolation/discipline area, or a minors' area for a minor), the
        resident's sex and age group, in the same facility (Law 73/2021 Art. 35).
        ``shared_areas=False``: without the isolation and discipline areas
        (a first placement goes there only with a reason, ``assign_bed``).
        """
        kinds = {order_type.area_kind}
        if shared_areas:
            kinds.update(SHARED_AREA_KINDS)
        if is_minor:
            kinds.add("minor")
        return [
            ("company_id", "=", company.id),
            ("status", "=", "free"),
            ("sex", "=", sex),
            ("age_group", "=", "minor" if is_minor else "adult"),
            ("area_kind", "in", sorted(kinds)),
        ]
