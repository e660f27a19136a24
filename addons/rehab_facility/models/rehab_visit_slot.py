from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_datetime

# Visits that hold their place (in a slot, a room, the resident's limits).
ACTIVE_VISIT_STATES = ("booked", "in_progress", "done")


class RehabVisitSlot(models.Model):
    """A visiting session of the family visiting hall, with its places.

    The gate publishes the sessions (for example Sunday 08:00-10:00, 20
    tables); a booking takes one place. The last place cannot be given
    twice: the booking locks the slot's row before counting
    (``_lock_for_booking``), so a second desk booking at the same moment
    waits, is refused by PostgreSQL once the first saved, and Odoo replays
    its request, which then sees the slot full.
    """

    _name = "rehab.visit.slot"
    _description = "Visiting Session"
    _inherit = ["rehab.field.guard.mixin", "rehab.input.guard.mixin"]
    _order = "date_start, id"
    _check_company_auto = True
    _guard_bounds = {"capacity": (1, 500)}

    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_start = fields.Datetime(string="Starts", required=True, index=True)
    date_end = fields.Datetime(string="Ends", required=True)
    capacity = fields.Integer(
        string="Places", required=True, default=10, help="Visits held at once."
    )
    visit_ids = fields.One2many("rehab.visit", "slot_id", string="Visits")
    booked_count = fields.Integer(string="Booked", compute="_compute_counts")
    free_count = fields.Integer(string="Free Places", compute="_compute_counts")
    note = fields.Char()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(date_end > date_start)",
            "A visiting session ends after it starts.",
        ),
        ("capacity_check", "CHECK(capacity > 0)", "A session has at least 1 place."),
    ]

    def _booked_counts(self):
        """Visits holding a place, per slot: one grouped query."""
        return dict(
            self.env["rehab.visit"]
            .sudo()
            ._read_group(
                [("slot_id", "in", self.ids), ("state", "in", ACTIVE_VISIT_STATES)],
                ["slot_id"],
                ["__count"],
            )
        )

    @api.depends("capacity", "visit_ids.state")
    def _compute_counts(self):
        counts = self._booked_counts()
        for slot in self:
            slot.booked_count = counts.get(slot, 0)
            slot.free_count = max(slot.capacity - slot.booked_count, 0)

    @api.depends("date_start", "date_end")
    def _compute_display_name(self):
        for slot in self:
            if not (slot.date_start and slot.date_end):
                slot.display_name = ""
                continue
            tz = (slot.company_id or self.env.company).rehab_tz
            slot.display_name = "{} - {}".format(
                format_datetime(
                    self.env, slot.date_start, tz=tz, dt_format="dd/MM/yyyy HH:mm"
                ),
                format_datetime(self.env, slot.date_end, tz=tz, dt_format="HH:mm"),
            )

    @api.constrains("capacity")
    def _check_capacity(self):
        counts = self._booked_counts()
        for slot in self:
            if counts.get(slot, 0) > slot.capacity:
                raise ValidationError(
                    self.env._(
                        "%(count)s visits are already booked in this session: it "
                        "cannot have fewer places.",
                        count=counts[slot],
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_if_unused(self):
        if self.sudo().visit_ids:
            raise UserError(
                self.env._(
                    "A session with visits cannot be deleted: archive it instead."
                )
            )

    def _lock_for_booking(self):
        """Serialise the bookings of this slot, so its places hold.

        An UPDATE of the slot's row, as a class's enrolment does for its
        enrolments: the second transaction waits for the first, then
        PostgreSQL refuses it (concurrent update under REPEATABLE READ) and
        Odoo replays the request, which counts the first's visit.
        """
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE rehab_visit_slot SET write_date = write_date WHERE id IN %s",
                tuple(self.ids),
            )
        )

    def _check_place_free(self, visit=None):
        """Refuse a booking in a full slot (call after ``_lock_for_booking``)."""
        self.ensure_one()
        taken = (
            self.env["rehab.visit"]
            .sudo()
            .search_count(
                [
                    ("slot_id", "=", self.id),
                    ("state", "in", ACTIVE_VISIT_STATES),
                    ("id", "!=", visit.id if visit else 0),
                ]
            )
        )
        if taken >= self.capacity:
            raise UserError(
                self.env._(
                    "The visiting session %(slot)s is full: %(capacity)s places, "
                    "all booked. Choose another session.",
                    slot=self.display_name,
                    capacity=self.capacity,
                )
            )
