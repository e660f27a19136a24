from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class RehabRating(models.Model):
    """A resident's rating for one month (xếp loại), a line of a rating sheet.

    One per stay and month, by the database. The area officer picks the
    level while the sheet is a draft; the director's approval locks it.
    A resident away the whole month (escaped, in hospital) is marked so and
    not rated (Decree 116/2021 Art. 58 counts consecutive rated months).
    """

    _name = "rehab.rating"
    _description = "Monthly Rating"
    _inherit = ["rehab.guarded.mixin"]
    _order = "month desc, resident_name, id"
    _user_create_fields = None
    _user_write_fields = {"draft": ("level_id", "comment")}
    _guard_name_fields = ()

    sheet_id = fields.Many2one(
        "rehab.rating.sheet", required=True, index=True, ondelete="cascade"
    )
    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="restrict"
    )
    resident_id = fields.Many2one(related="stay_id.resident_id", store=True)
    resident_name = fields.Char(
        related="stay_id.resident_id.name", store=True, string="Resident Name"
    )
    company_id = fields.Many2one(
        related="sheet_id.company_id", store=True, string="Facility"
    )
    month = fields.Date(required=True, index=True)
    state = fields.Selection(related="sheet_id.state", store=True)
    level_id = fields.Many2one(
        "rehab.rating.level", string="Rating", ondelete="restrict"
    )
    meets_reduction = fields.Boolean(related="level_id.meets_reduction", store=True)
    comment = fields.Char()
    away = fields.Boolean(
        string="Away the Whole Month",
        readonly=True,
        help="Escaped or in hospital for the whole month: not rated.",
    )

    _sql_constraints = [
        (
            "stay_month_unique",
            "UNIQUE(stay_id, month)",
            "A resident is rated once a month.",
        )
    ]

    @api.constrains("level_id", "away")
    def _check_away_not_rated(self):
        for rating in self:
            if rating.away and rating.level_id:
                raise ValidationError(
                    self.env._(
                        "%s was away the whole month and cannot be rated.",
                        rating.resident_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A monthly rating cannot be deleted: it may ground a reduction of "
                "the term."
            )
        )
