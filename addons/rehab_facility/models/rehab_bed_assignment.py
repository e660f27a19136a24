from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class RehabBedAssignment(models.Model):
    """One stay in one bed for a period: the bed history.

    Assignments are never overwritten; a move ends the current line and opens
    a new one. A PostgreSQL exclusion constraint forbids two overlapping
    assignments of the same bed (and of the same stay), so one occupant per
    bed holds even when two desks confirm at the same moment.
    """

    _name = "rehab.bed.assignment"
    _description = "Bed Assignment"
    _inherit = ["rehab.guarded.mixin"]
    _order = "date_from desc, id desc"
    # Written only by the stay's bed actions (assign, move, free, release).
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None
    _check_company_auto = True

    bed_id = fields.Many2one(
        "rehab.bed", required=True, index=True, ondelete="restrict", check_company=True
    )
    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="cascade", check_company=True
    )
    resident_id = fields.Many2one(
        related="stay_id.resident_id", store=True, string="Resident"
    )
    company_id = fields.Many2one(
        related="bed_id.company_id", store=True, index=True, string="Facility"
    )
    area_id = fields.Many2one(related="bed_id.area_id", store=True, string="Area")
    date_from = fields.Datetime(
        string="From", required=True, default=fields.Datetime.now
    )
    date_to = fields.Datetime(string="To")
    reason = fields.Char()
    user_id = fields.Many2one(
        "res.users", string="Assigned By", default=lambda self: self.env.user
    )

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "A bed assignment cannot end before it starts.",
        ),
        (
            "bed_no_overlap",
            "EXCLUDE USING gist (bed_id WITH =, "
            "tsrange(date_from, date_to, '[)') WITH &&)",
            "This bed is already occupied by another resident for that period.",
        ),
        (
            "stay_no_overlap",
            "EXCLUDE USING gist (stay_id WITH =, "
            "tsrange(date_from, date_to, '[)') WITH &&)",
            "A resident cannot hold two beds at the same time.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        # Word the refusal before PostgreSQL's exclusion constraint would.
        for vals in vals_list:
            self._check_bed_free(vals)
        return super().create(vals_list)

    def _check_bed_free(self, vals):
        """Refuse an occupied or unusable bed with a clear message.

        The exclusion constraint is the guarantee (also under concurrency);
        this check only explains the refusal to the intake officer.
        """
        bed = self.env["rehab.bed"].browse(vals.get("bed_id"))
        if not bed:
            return
        date_from = fields.Datetime.to_datetime(vals.get("date_from")) or (
            fields.Datetime.now()
        )
        date_to = fields.Datetime.to_datetime(vals.get("date_to"))
        domain = [
            ("bed_id", "=", bed.id),
            "|",
            ("date_to", "=", False),
            ("date_to", ">", date_from),
        ]
        if date_to:
            domain.append(("date_from", "<", date_to))
        overlapping = self.search(domain, limit=1)
        if overlapping:
            raise ValidationError(
                self.env._(
                    "Bed %(bed)s is already occupied by %(resident)s. "
                    "Choose a free bed.",
                    bed=bed.display_name,
                    resident=overlapping.resident_id.name,
                )
            )
        if not date_to and bed.condition != "available":
            conditions = dict(bed._fields["condition"]._description_selection(self.env))
            raise ValidationError(
                self.env._(
                    "Bed %(bed)s is marked “%(condition)s” and cannot take a "
                    "resident.",
                    bed=bed.display_name,
                    condition=conditions[bed.condition],
                )
            )

    @api.constrains("bed_id", "stay_id")
    def _check_bed_fits_stay(self):
        for assignment in self:
            problem = assignment.stay_id._bed_mismatch(assignment.bed_id)
            if problem:
                raise ValidationError(problem)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("The bed history cannot be deleted: move the resident instead.")
        )

    def _end(self, when=None):
        """Close the current assignments (a move or a release)."""
        when = when or fields.Datetime.now()
        for assignment in self.sudo().filtered(lambda a: not a.date_to):
            # Never before the line began (a move on the day of a late release).
            assignment.date_to = max(when, assignment.date_from)
        # The next INSERT must see the closed period (exclusion constraint).
        self.sudo().flush_recordset(["date_to"])
