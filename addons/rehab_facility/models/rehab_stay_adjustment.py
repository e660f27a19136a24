from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ADJUSTMENT_KINDS = [
    ("pending_credit", "Credit for pending-decision management"),
    ("escape_absence", "Days absent after an escape"),
    ("court_reduction", "Court reduction"),
    ("suspension", "Suspension"),
    ("manual", "Manual correction"),
]
# Direction of each kind on the release date: +1 moves it later.
KIND_SIGN = {
    "pending_credit": -1,  # Decree 116/2021 Art. 44.3: deducted from the term
    "escape_absence": 1,  # Decree 116/2021 Art. 56.4: time away does not count
    "court_reduction": -1,  # Decree 116/2021 Art. 58
    "suspension": 1,  # suspension time does not count toward the term
}


class RehabStayAdjustment(models.Model):
    """One dated line of a stay's term-adjustment ledger.

    The expected release date is the term start plus the term plus or minus
    every line, so the stay always shows why its release date is what it is.
    Lines are never deleted: a mistake is reversed by a manual correction.
    """

    _name = "rehab.stay.adjustment"
    _description = "Term Adjustment"
    _inherit = ["rehab.guarded.mixin"]
    _order = "date, id"
    # Written by the stay's actions only (return, legal basis change, court
    # decision, manual correction); never edited.
    _user_create_fields = None
    _user_write_fields = {}
    _guard_state_field = None
    _guard_bounds = {"days": (0, 3660), "months": (0, 60)}

    stay_id = fields.Many2one(
        "rehab.stay", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="stay_id.company_id", store=True, string="Facility"
    )
    date = fields.Date(
        required=True, default=lambda self: self.env.company.rehab_today()
    )
    kind = fields.Selection(ADJUSTMENT_KINDS, required=True)
    direction = fields.Selection(
        [("extend", "Extends the term"), ("reduce", "Shortens the term")],
        compute="_compute_direction",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )
    days = fields.Integer()
    months = fields.Integer()
    signed_days = fields.Integer(compute="_compute_signed", store=True)
    signed_months = fields.Integer(compute="_compute_signed", store=True)
    reference = fields.Char(string="Document Reference")
    reason = fields.Char()
    user_id = fields.Many2one(
        "res.users",
        string="Entered By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )

    @api.depends("kind")
    def _compute_direction(self):
        for line in self:
            if line.kind in KIND_SIGN:
                line.direction = "extend" if KIND_SIGN[line.kind] > 0 else "reduce"
            elif not line.direction:
                line.direction = "extend"

    @api.depends("kind", "direction", "days", "months")
    def _compute_signed(self):
        for line in self:
            sign = 1 if line.direction == "extend" else -1
            line.signed_days = sign * line.days
            line.signed_months = sign * line.months

    @api.constrains("kind", "direction", "reason", "days", "months")
    def _check_kind(self):
        for line in self:
            if line.days < 0 or line.months < 0 or not (line.days or line.months):
                raise ValidationError(
                    self.env._(
                        "A term adjustment needs a positive number of days or "
                        "months; choose whether it extends or shortens the term."
                    )
                )
            if line.kind == "manual" and not (line.reason or "").strip():
                raise ValidationError(
                    self.env._("A manual correction of the term needs a reason.")
                )
            if line.kind in KIND_SIGN and (
                (line.direction == "extend") != (KIND_SIGN[line.kind] > 0)
            ):
                raise ValidationError(
                    self.env._(
                        "Only a manual correction may choose whether it extends "
                        "or shortens the term."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        stays = self.env["rehab.stay"].browse(
            {vals["stay_id"] for vals in vals_list if vals.get("stay_id")}
        )
        before = {stay.id: stay.expected_release_date for stay in stays}
        lines = super().create(vals_list)
        for line in lines:
            line.stay_id._post_release_change(line, before.get(line.stay_id.id))
        return lines

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A line of the term ledger cannot be deleted: it is part of the "
                "legal history of the stay. Add a manual correction instead."
            )
        )
