from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from .rehab_visit_slot import ACTIVE_VISIT_STATES

VISIT_STATES = [
    ("booked", "Booked"),
    ("in_progress", "In Visit"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("no_show", "Did Not Come"),
]
VISIT_KINDS = [
    ("regular", "Family visit"),
    ("private", "Private spouse visit"),
]
BOOKING_KINDS = [("booked", "Booked"), ("walk_in", "Walk-in")]
# Visits that hold a room or the resident's time (exclusion constraints).
HOLDING_STATES_SQL = "('booked', 'in_progress')"


class RehabVisit(models.Model):
    """A family visit (thăm gặp) of a resident, Decree 116/2021 Art. 69.

    Once a week, at most 2 hours and 3 relatives; up to 4 hours with the
    director's approval; a spouse's private visit once a month, at most 48
    hours, in a private visit room; what the visitors bring is inspected.
    Every number is a facility setting (res.company). A visit is booked in a
    visiting session (or walks in), checked in at the gate with each
    visitor's citizen ID, and checked out; the rules are checked when it is
    booked and again at the gate (``rehab.visit.gate``).
    """

    _name = "rehab.visit"
    _description = "Family Visit"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "rehab.visit.limits",
        "rehab.visit.gate",
        "rehab.guarded.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Booked by ``book``; everything after through the gate's actions.
    _user_create_fields = None
    _user_write_fields = {"booked": ("note",), "in_progress": ("note",)}
    _rec_names_search = ["name", "resident_id.name"]

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", string="Facility", required=True, index=True, readonly=True
    )
    stay_id = fields.Many2one(
        "rehab.stay",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        readonly=True,
    )
    resident_id = fields.Many2one(
        related="stay_id.resident_id", store=True, index=True, string="Resident"
    )
    kind = fields.Selection(VISIT_KINDS, required=True, readonly=True, tracking=True)
    booking = fields.Selection(BOOKING_KINDS, required=True, readonly=True)
    slot_id = fields.Many2one(
        "rehab.visit.slot",
        string="Visiting Session",
        index=True,
        readonly=True,
        check_company=True,
    )
    room_id = fields.Many2one(
        "rehab.visit.room",
        string="Private Visit Room",
        readonly=True,
        check_company=True,
    )
    date_start = fields.Datetime(
        string="From", required=True, readonly=True, tracking=True
    )
    date_end = fields.Datetime(
        string="Until", required=True, readonly=True, tracking=True
    )
    visit_date = fields.Date(
        string="Day",
        compute="_compute_visit_date",
        store=True,
        index=True,
        help="The facility's local day the visit starts.",
    )
    visit_month = fields.Date(
        string="Month",
        compute="_compute_visit_date",
        store=True,
        help="First day of the visit's month (private visits: once a month).",
    )
    hours = fields.Float(compute="_compute_hours", store=True, digits=(5, 2))
    state = fields.Selection(
        VISIT_STATES,
        default="booked",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    visitor_line_ids = fields.One2many(
        "rehab.visit.visitor", "visit_id", string="Visitors", readonly=True
    )
    visitor_count = fields.Integer(
        string="Relatives", compute="_compute_visitor_count", store=True
    )
    item_ids = fields.One2many(
        "rehab.visit.item", "visit_id", string="Items Inspected", readonly=True
    )
    incident_ids = fields.Many2many(
        "rehab.incident",
        compute="_compute_incident_ids",
        string="Contraband Incidents",
    )
    extension_hours = fields.Float(
        string="Hours Approved by the Director", readonly=True, tracking=True
    )
    extension_reason = fields.Char(string="Reason for the Longer Visit", readonly=True)
    extension_approved_by_id = fields.Many2one(
        "res.users", string="Longer Visit Approved By", readonly=True
    )
    extension_approved_at = fields.Datetime(
        string="Longer Visit Approved On", readonly=True
    )
    checked_in_at = fields.Datetime(string="Checked In", readonly=True, copy=False)
    checked_in_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    checked_out_at = fields.Datetime(string="Checked Out", readonly=True, copy=False)
    checked_out_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    overrun_minutes = fields.Integer(
        string="Minutes Over Time",
        readonly=True,
        copy=False,
        help="How long after the allowed end the visitors left.",
    )
    cancel_reason = fields.Char(readonly=True, copy=False)
    note = fields.Char()

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(date_end > date_start)",
            "A visit ends after it starts.",
        ),
        (
            "room_no_overlap",
            "EXCLUDE USING gist (room_id WITH =, "
            "tsrange(date_start, date_end, '[)') WITH &&) "
            f"WHERE (room_id IS NOT NULL AND state IN {HOLDING_STATES_SQL})",
            "This private visit room is already booked for part of that time.",
        ),
        (
            "stay_no_overlap",
            "EXCLUDE USING gist (stay_id WITH =, "
            "tsrange(date_start, date_end, '[)') WITH &&) "
            f"WHERE (state IN {HOLDING_STATES_SQL})",
            "The resident already has a visit at that time.",
        ),
    ]

    # ------------------------------------------------------------ computes
    @api.depends("date_start", "company_id")
    def _compute_visit_date(self):
        for visit in self:
            if visit.date_start:
                company = visit.company_id or self.env.company
                day = company.rehab_local_date(visit.date_start)
                visit.visit_date = day
                visit.visit_month = day.replace(day=1)
            else:
                visit.visit_date = visit.visit_month = False

    @api.depends("date_start", "date_end")
    def _compute_hours(self):
        for visit in self:
            visit.hours = (
                (visit.date_end - visit.date_start).total_seconds() / 3600
                if visit.date_start and visit.date_end
                else 0.0
            )

    @api.depends("visitor_line_ids")
    def _compute_visitor_count(self):
        for visit in self:
            visit.visitor_count = len(visit.visitor_line_ids)

    @api.depends("item_ids.incident_id")
    def _compute_incident_ids(self):
        for visit in self:
            visit.incident_ids = visit.item_ids.incident_id

    @api.depends("name", "resident_id.name")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = f"{visit.name} - {visit.resident_id.name or ''}"

    # ---------------------------------------------------------------- CRUD
    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A visit cannot be deleted: it is part of the gate's record. "
                "Cancel it with the reason instead."
            )
        )

    def _local_time(self, moment, dt_format="dd/MM/yyyy HH:mm"):
        return format_datetime(
            self.env,
            moment,
            tz=(self.company_id or self.env.company).rehab_tz,
            dt_format=dt_format,
        )

    # ------------------------------------------------------------ gate list
    @api.model
    def _gate_list_domain(self, day=None, company=None):
        company = company or self.env.company
        day = day or company.rehab_today()
        return [
            ("company_id", "=", company.id),
            ("visit_date", "=", day),
            ("state", "in", ACTIVE_VISIT_STATES),
        ]

    @api.model
    def action_print_gate_list(self, day=None):
        """Print the visits expected today at the gate (QWeb PDF)."""
        self.browse().check_access("read")
        visits = self.search(self._gate_list_domain(day), order="date_start, id")
        if not visits:
            raise UserError(self.env._("No visit is expected at the gate that day."))
        return self.env.ref(
            "rehab_facility.action_report_visit_gate_list"
        ).report_action(visits)

    def _allowed_end(self):
        """The latest end the rules allow for this visit."""
        self.ensure_one()
        company = self.company_id
        if self.kind == "private":
            hours = company.rehab_private_visit_max_hours
        else:
            hours = max(company.rehab_visit_max_hours, self.extension_hours or 0.0)
        return self.date_start + timedelta(hours=hours)
