from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class RehabCommunityRehab(models.Model):
    """What a commune reports of voluntary rehab at home and in the
    community (Law 73/2021 Art. 30; cai nghiện ma túy tự nguyện tại gia
    đình, tại cộng đồng), entered by the facility that receives the report.

    The commune's People's Committee runs home and community rehab; the
    facility and the province only count it against the plan (indicator
    "people rehabilitated at home or in the community"). A report gives the
    people who began it in its period, so the reports of a year add up to
    the people who took part in that year; the periods of one commune's
    reports never overlap (database-enforced). Counts only, no person.
    """

    _name = "rehab.community.rehab"
    _description = "Home and Community Rehab Reported by a Commune"
    _inherit = ["mail.thread"]
    _order = "date_from desc, commune_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Facility",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The facility that received the commune's report.",
    )
    commune_id = fields.Many2one(
        "rehab.commune", required=True, index=True, tracking=True
    )
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    home_count = fields.Integer(
        string="Began at Home",
        tracking=True,
        aggregator="sum",
        help="People who began voluntary rehab at home (with their family) in "
        "the period.",
    )
    community_count = fields.Integer(
        string="Began in the Community",
        tracking=True,
        aggregator="sum",
        help="People who began voluntary rehab in the community in the period.",
    )
    total_count = fields.Integer(
        string="Total", compute="_compute_total", store=True, aggregator="sum"
    )
    document_ref = fields.Char(
        string="Commune's Report No.", tracking=True, help="E.g. 15/BC-UBND."
    )
    note = fields.Char()
    active = fields.Boolean(default=True, tracking=True)

    _sql_constraints = [
        (
            "counts_not_negative",
            "CHECK(home_count >= 0 AND community_count >= 0)",
            "The numbers of people cannot be negative.",
        ),
        (
            "period_check",
            "CHECK(date_to >= date_from)",
            "The report's period must end after it starts.",
        ),
        (
            "one_report_per_period",
            "EXCLUDE USING gist (commune_id WITH =, "
            "daterange(date_from, date_to, '[]') WITH &&) WHERE (active)",
            "This commune already reported for part of this period: correct "
            "that report instead of adding another.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_report_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        for report in self:
            report._check_report_values(vals)
        return super().write(vals)

    def _check_report_values(self, vals):
        """Clear words before the database's checks: ``vals`` over the
        report's current values (none when creating)."""
        current = (
            self.read(["commune_id", "date_from", "date_to", "active"], load=None)[0]
            if self
            else {"active": True}
        )
        merged = {**current, **vals}
        if (merged.get("home_count") or 0) < 0 or (
            merged.get("community_count") or 0
        ) < 0:
            raise ValidationError(
                self.env._("The numbers of people cannot be negative.")
            )
        start = fields.Date.to_date(merged.get("date_from"))
        end = fields.Date.to_date(merged.get("date_to"))
        if start and end and end < start:
            raise ValidationError(
                self.env._("The report's period must end after it starts.")
            )
        if not (merged.get("commune_id") and start and end and merged.get("active")):
            return
        clash = self.sudo().search(
            [
                ("id", "not in", self.ids),
                ("commune_id", "=", merged["commune_id"]),
                ("date_from", "<=", end),
                ("date_to", ">=", start),
            ],
            limit=1,
        )
        if clash:
            raise ValidationError(
                self.env._(
                    "%(commune)s already reported for %(period)s: correct that "
                    "report instead of adding another.",
                    commune=clash.commune_id.display_name,
                    period=clash.display_name,
                )
            )

    @api.depends("home_count", "community_count")
    def _compute_total(self):
        for report in self:
            report.total_count = report.home_count + report.community_count

    @api.depends("commune_id", "date_from", "date_to")
    def _compute_display_name(self):
        for report in self:
            period = (
                f"{report.date_from:%d/%m/%Y} - {report.date_to:%d/%m/%Y}"
                if report.date_from and report.date_to
                else ""
            )
            report.display_name = f"{report.commune_id.display_name or ''} {period}"

    @api.model
    def _people_began(self, company_ids, date_from, date_to):
        """People who began home or community rehab in reports lying within
        the period, or None when no report does (one query)."""
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT COUNT(*), COALESCE(SUM(home_count + community_count), 0)
                  FROM rehab_community_rehab
                 WHERE active AND company_id = ANY(%s)
                   AND date_from >= %s AND date_to <= %s
                """,
                list(company_ids),
                date_from,
                date_to,
            )
        )
        reports, people = rows[0]
        return int(people) if reports else None
