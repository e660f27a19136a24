"""One row per facility and recorded day: what was recorded, and when.

Every lookup of the recorded figures (last recorded day, missing days, when
a period was recorded) reads these rows through the unique (facility, day)
index, never the detail rows. The row is written in the same transaction as
the day's detail rows, first, so a day is recorded once even when two runs
of the nightly job overlap (the second one's insert does nothing).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class RehabOccupancyDay(models.Model):
    _name = "rehab.occupancy.day"
    _description = "Recorded Day of Occupancy Figures"
    _order = "date desc, company_id"
    _rec_name = "date"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", string="Facility", required=True, readonly=True
    )
    date = fields.Date(required=True, readonly=True)
    resident_count = fields.Integer(
        string="Residents",
        readonly=True,
        help="Residents in the facility at the end of the day, as recorded.",
    )
    snapshot_ids = fields.One2many(
        "rehab.occupancy.snapshot", "day_id", string="Figures", readonly=True
    )

    _sql_constraints = [
        (
            "company_date_uniq",
            "UNIQUE (company_id, date)",
            "The figures of a day are recorded once per facility.",
        )
    ]

    @api.model
    def _last_recorded(self, company_ids):
        """``{company_id: last recorded day}`` (an index-only lookup)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, (SELECT MAX(d.date) FROM rehab_occupancy_day d
                               WHERE d.company_id = c.id)
                  FROM res_company c WHERE c.id = ANY(%s)
                """,
                list(company_ids),
            )
        )
        return {company_id: last for company_id, last in self.env.cr.fetchall() if last}

    @api.model
    def _missing_days(self, company_ids, date_from, date_to):
        """``[(company_id, day)]`` of the chain day-before..date_to not recorded."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, g.day::date
                  FROM unnest(%(companies)s::int[]) AS c(id)
                 CROSS JOIN generate_series(%(first)s::date, %(last)s::date,
                                            '1 day') AS g(day)
                 WHERE NOT EXISTS (SELECT 1 FROM rehab_occupancy_day d
                                    WHERE d.company_id = c.id AND d.date = g.day)
                 ORDER BY g.day, c.id
                """,
                companies=list(company_ids),
                first=date_from - timedelta(days=1),
                last=date_to,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _recorded_at(self, company_ids, date_from, date_to):
        """When the figures of the period's days were last recorded."""
        self.env.cr.execute(
            SQL(
                """
                SELECT MAX(create_date) FROM rehab_occupancy_day
                 WHERE company_id = ANY(%s) AND date BETWEEN %s AND %s
                """,
                list(company_ids),
                date_from - timedelta(days=1),
                date_to,
            )
        )
        return self.env.cr.fetchone()[0] or False
