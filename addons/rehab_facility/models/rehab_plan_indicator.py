"""Indicators of a yearly plan (kế hoạch), defined as data.

An indicator is computed either by a built-in definition (``method``: one of
METHODS, each a ``_value_<method>`` method of this model reading the same
figures as the workbook, so a plan's actual equals the workbook's figure) or
by counting records of a listed model dated in the period and matching a
domain (``count``): a province adds its own that way. The domain is a
literal list checked field by field (stored, not restricted to a group, no
path): no user code is ever evaluated.
"""

import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

METHODS = [
    ("rehab_total", "People rehabilitated (facility and home)"),
    ("rehab_facility", "People rehabilitated at the facility"),
    ("rehab_home", "People rehabilitated at home or in the community"),
    ("vocational_trainees", "Vocational trainees"),
    ("job_placements", "Job placements after rehab"),
    ("post_rehab_coverage", "Released people under post-rehab management (%)"),
    ("relapse_rate", "Relapse during post-rehab management (%)"),
]
# Models a counted indicator may count, and the date that puts a record in
# the period.
COUNT_MODELS = {
    "rehab.stay": "admission_date",
    "rehab.post.rehab": "date_start",
    "rehab.post.rehab.event": "date",
}
OPERATORS = ("=", "!=", "in", "not in", "<", "<=", ">", ">=")


class RehabPlanIndicator(models.Model):
    _name = "rehab.plan.indicator"
    _description = "Plan Indicator"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Unique code, used by imports and tests.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    unit = fields.Selection(
        [("people", "People"), ("percent", "Percent")], required=True, default="people"
    )
    direction = fields.Selection(
        [("at_least", "At least the target"), ("at_most", "At most the target")],
        required=True,
        default="at_least",
        help="At most: a ceiling, e.g. a relapse rate to keep under the target.",
    )
    computation = fields.Selection(
        [("method", "Built-in definition"), ("count", "Count of records")],
        required=True,
        default="count",
    )
    method = fields.Selection(METHODS, string="Definition")
    count_model = fields.Selection(
        [
            ("rehab.stay", "Stays admitted in the period"),
            ("rehab.post.rehab", "Post-rehab managements started in the period"),
            ("rehab.post.rehab.event", "Follow-up entries dated in the period"),
        ],
        string="Count",
    )
    count_domain = fields.Char(
        string="Filter",
        default="[]",
        help="A list of conditions on the counted records, e.g. "
        "[('order_kind', '=', 'voluntary')] or [('kind', '=', 'job')].",
    )
    province_id = fields.Many2one(
        "rehab.province",
        help="A province's own indicator; empty for the shipped indicators.",
    )
    description = fields.Text()

    _sql_constraints = [
        ("code_unique", "unique(code)", "An indicator with this code already exists."),
        (
            "computation_complete",
            "CHECK ((computation = 'method' AND method IS NOT NULL) "
            "OR (computation = 'count' AND count_model IS NOT NULL))",
            "Choose the definition or the records to count.",
        ),
    ]

    @api.constrains("computation", "count_model", "count_domain")
    def _check_count_domain(self):
        for indicator in self.filtered(lambda i: i.computation == "count"):
            indicator._count_domain()

    def _count_domain(self):
        """The filter as a domain, refused unless it is a literal list of
        ``(field, operator, value)`` on stored, unrestricted fields."""
        self.ensure_one()
        model = self.env[self.count_model]
        try:
            domain = ast.literal_eval(self.count_domain or "[]")
        except (ValueError, SyntaxError):
            domain = None
        if not isinstance(domain, list):
            raise ValidationError(
                self.env._("The filter of %s is not a list of conditions.", self.name)
            )
        for leaf in domain:
            if leaf in ("&", "|", "!"):
                continue
            field = (
                model._fields.get(leaf[0])
                if isinstance(leaf, list | tuple) and len(leaf) == 3
                else None
            )
            if (
                field is None
                or not field.store
                or field.groups
                or leaf[1] not in OPERATORS
                or field.type in ("one2many", "many2many", "binary", "html", "text")
            ):
                raise ValidationError(
                    self.env._(
                        "The filter of %(indicator)s has a condition that cannot "
                        "be used: %(leaf)s. Use stored fields of the counted "
                        "records, no path, and a simple operator.",
                        indicator=self.name,
                        leaf=str(leaf),
                    )
                )
        return domain

    # ---------------------------------------------------------------- values
    def _values(self, company_ids, date_from, date_to):
        """``{indicator id: value or None}`` for the facilities and period
        (None: the product records no data for it). Blocks read by several
        indicators are computed once."""
        cache = {}
        return {
            indicator.id: indicator._value(company_ids, date_from, date_to, cache)
            for indicator in self
        }

    def _value(self, company_ids, date_from, date_to, cache):
        if self.computation == "count":
            return self._value_count(company_ids, date_from, date_to)
        return getattr(self, f"_value_{self.method}")(
            company_ids, date_from, date_to, cache
        )

    def _value_count(self, company_ids, date_from, date_to):
        date_field = COUNT_MODELS[self.count_model]
        domain = expression.AND(
            [
                self._count_domain(),
                [
                    ("company_id", "in", list(company_ids)),
                    (date_field, ">=", date_from),
                    (date_field, "<=", date_to),
                ],
            ]
        )
        if self.count_model == "rehab.stay":  # as the workbook: past intake
            domain = expression.AND([domain, [("state", "!=", "intake")]])
        # Counts only: a province counts records it may not read.
        return self.env[self.count_model].sudo().search_count(domain)

    @api.model
    def _figures_block(self, cache, key, company_ids, date_from, date_to):
        """A block of the workbook's figures, computed once per call."""
        if key not in cache:
            figures = self.env["rehab.occupancy.figures"]
            if key == "movements":
                rows = figures._period_rows(company_ids, date_from, date_to, "live")
                cache[key] = figures._assemble(rows)[0]["movements"]["lines"]
            else:
                cache[key] = figures._outcome_figures(company_ids, date_from, date_to)
        return cache[key]

    def _value_rehab_facility(self, company_ids, date_from, date_to, cache):
        """Opening population plus admissions (sheet 2, lines 1 and 2.1-2.2):
        every person who was in rehab at the facilities in the period."""
        lines = self._figures_block(cache, "movements", company_ids, date_from, date_to)
        keys = ("opening", "admission_first", "admission_relapse")
        return sum(sum(lines.get(key, {}).values()) for key in keys)

    def _value_rehab_home(self, company_ids, date_from, date_to, cache):
        """People who began rehab at home or in the community, from the
        communes' reports lying within the period (``rehab.community.rehab``);
        None when no commune reported."""
        return self.env["rehab.community.rehab"]._people_began(
            company_ids, date_from, date_to
        )

    def _value_rehab_total(self, company_ids, date_from, date_to, cache):
        parts = [
            self._value_rehab_facility(company_ids, date_from, date_to, cache),
            self._value_rehab_home(company_ids, date_from, date_to, cache),
        ]
        return sum(part for part in parts if part is not None)

    def _value_vocational_trainees(self, company_ids, date_from, date_to, cache):
        """Hook: the vocational module counts its trainees (sheet 4)."""
        return None

    def _value_job_placements(self, company_ids, date_from, date_to, cache):
        outcomes = self._figures_block(
            cache, "outcomes", company_ids, date_from, date_to
        )
        return outcomes["jobs"]

    def _value_post_rehab_coverage(self, company_ids, date_from, date_to, cache):
        outcomes = self._figures_block(
            cache, "outcomes", company_ids, date_from, date_to
        )
        rate = outcomes["coverage"]
        return None if rate is None else round(100.0 * rate, 1)

    def _value_relapse_rate(self, company_ids, date_from, date_to, cache):
        outcomes = self._figures_block(
            cache, "outcomes", company_ids, date_from, date_to
        )
        rate = outcomes["relapse_rate"]
        return None if rate is None else round(100.0 * rate, 1)
