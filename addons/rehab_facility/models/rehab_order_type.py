from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .rehab_area import AREA_KINDS

ORDER_KINDS = [
    ("voluntary", "Voluntary rehab at the facility"),
    ("compulsory_adult", "Compulsory rehab (adult)"),
    ("compulsory_minor", "Compulsory rehab (minor 12 to under 18)"),
    ("pending", "Managed while the compulsory dossier is prepared"),
    ("temporary", "Temporary stay"),
]

REGIMES = [
    ("law_73_2021", "Law 73/2021/QH14"),
    ("law_120_2025", "Law 120/2025/QH15"),
]


class RehabOrderType(models.Model):
    """Legal basis of a stay, versioned by effective dates.

    Terms and age bounds change with the law (Law 73/2021 until 30/06/2026,
    Law 120/2025 from 01/07/2026), so they are data: a stay takes the version
    of its order kind that is in force on its decision date.
    """

    _name = "rehab.order.type"
    _description = "Order Type"
    _order = "kind, date_from desc"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(ORDER_KINDS, required=True, index=True)
    regime = fields.Selection(REGIMES, required=True)
    legal_basis = fields.Char(help="Article of the law this order type rests on.")
    date_from = fields.Date(string="Effective From", required=True)
    date_to = fields.Date(string="Effective Until")
    fixed_term = fields.Boolean(
        default=True,
        help="Unset for stays that last until an event (a court decision, "
        "the addiction-status determination) rather than a fixed term.",
    )
    term_min_months = fields.Integer(string="Minimum Term (months)")
    term_max_months = fields.Integer(string="Maximum Term (months)")
    default_term_months = fields.Integer(string="Default Term (months)")
    repeat_term_min_months = fields.Integer(
        string="Minimum Term on Relapse (months)",
        help="Term bounds for a readmission (tái nghiện); 0 means the same as "
        "the first time.",
    )
    repeat_term_max_months = fields.Integer(string="Maximum Term on Relapse (months)")
    repeat_default_term_months = fields.Integer(
        string="Default Term on Relapse (months)"
    )
    age_min = fields.Integer(string="Minimum Age", default=18)
    age_max = fields.Integer(
        string="Age Limit",
        help="Residents must be younger than this age; 0 means no upper limit.",
    )
    decision_required = fields.Boolean(
        string="Court Decision Required",
        help="The stay needs a decision number, date and deciding authority.",
    )
    area_kind = fields.Selection(AREA_KINDS, required=True)
    post_rehab_months = fields.Integer(
        string="Post-rehab Management (months)",
        help="Law 73/2021 Art. 40: 12 months after voluntary rehab or compulsory "
        "rehab as a minor, 24 months after compulsory rehab as an adult.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "An order type cannot end before it takes effect.",
        ),
        (
            "terms_check",
            "CHECK(term_min_months >= 0 AND term_max_months >= term_min_months)",
            "The maximum term cannot be shorter than the minimum term.",
        ),
    ]

    @api.constrains("kind", "date_from", "date_to", "active")
    def _check_no_overlap(self):
        for order_type in self.filtered("active"):
            others = self.search(
                [
                    ("id", "!=", order_type.id),
                    ("kind", "=", order_type.kind),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", order_type.date_from),
                ]
            )
            if order_type.date_to:
                others = others.filtered(
                    lambda o, end=order_type.date_to: o.date_from <= end
                )
            if others:
                raise ValidationError(
                    self.env._(
                        "Order type “%(name)s” overlaps “%(other)s”: only one "
                        "version of an order kind may be in force on a given day.",
                        name=order_type.name,
                        other=others[0].name,
                    )
                )

    @api.model
    def _find_for_date(self, kind, on_date):
        """Return the version of ``kind`` in force on ``on_date``."""
        return self.search(
            [
                ("kind", "=", kind),
                ("date_from", "<=", on_date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", on_date),
            ],
            limit=1,
        )

    def _term_bounds(self, relapse=False):
        """Return (min, max, default) months for a first stay or a relapse."""
        self.ensure_one()
        if relapse and self.repeat_term_max_months:
            return (
                self.repeat_term_min_months,
                self.repeat_term_max_months,
                self.repeat_default_term_months or self.repeat_term_max_months,
            )
        return (
            self.term_min_months,
            self.term_max_months,
            self.default_term_months or self.term_max_months,
        )
