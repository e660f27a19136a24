"""Daily recorded occupancy figures: storage and the nightly job.

The figures are computed by the expressions of ``rehab_occupancy_sql`` (the
same as the live report, see ``rehab.occupancy.figures`` for the
definitions) and written by SQL ``INSERT ... SELECT``: nothing per resident
passes through Python, so the job's memory does not grow with the
population nor with the number of days it catches up.

Per facility and day the job stores the population at the end of the day
(two families, see ``population_sql``), the day's movements, the beds per
area, and, as ``correction`` movements, how the population of the previous
day changed since it was recorded (late entries, corrections): a period's
recorded figures always satisfy the identity, and a report sent from them
can be regenerated exactly after later corrections. The day itself is a
``rehab.occupancy.day`` row, written first, unique per facility and day.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from . import rehab_occupancy_sql as occ_sql
from .rehab_area import SEXES
from .rehab_order_type import ORDER_KINDS
from .rehab_stay import RELEASE_REASONS

_logger = logging.getLogger(__name__)

AGE_BANDS = [
    ("lt14", "Under 14"),
    ("14_16", "14 to under 16"),
    ("16_18", "16 to under 18"),
    ("18_30", "18 to under 30"),
    ("30p", "30 and over"),
]
PRESENCES = [
    ("present", "Present"),
    ("escaped", "Absent: escaped"),
    ("hospital", "Absent: in hospital"),
]
PERIOD_SOURCES = [
    ("live", "Current figures"),
    ("snapshot", "Recorded daily figures"),
]
LINE_TYPES = [
    ("population", "Population at the end of the day"),
    ("residence", "Population at the end of the day, by home province"),
    ("movement", "Movement of the day"),
    ("beds", "Beds"),
]
MOVEMENTS = [
    ("admission", "Admission"),
    ("conversion_in", "Legal basis change (into)"),
    ("conversion_out", "Legal basis change (out of)"),
    ("release", "Release"),
    ("escape", "Escape"),
    ("return", "Return from escape"),
    ("suspension", "Suspension for hospital treatment"),
    ("suspension_return", "Return from hospital"),
    ("correction", "Correction of the previous day"),
]


class RehabOccupancySnapshot(models.Model):
    """Daily recorded figures (one row per combination of dimensions).

    ``population`` rows: residents in the facility at the end of ``date`` by
    area, order, sex, age band, ethnicity and presence; ``residence`` rows:
    the same residents by order, sex and home province (the two families sum
    to the same total: filter on one of them);
    ``movement`` rows: admissions, conversions, releases, escapes, returns,
    suspensions of ``date`` and the corrections of the previous day's
    population; ``beds`` rows: capacity and occupation per area.
    """

    _name = "rehab.occupancy.snapshot"
    _description = "Daily Occupancy Figures"
    _order = "date desc, company_id, line_type, id"
    _check_company_auto = True

    day_id = fields.Many2one(
        "rehab.occupancy.day",
        string="Recorded Day",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    date = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", string="Facility", required=True, readonly=True
    )
    line_type = fields.Selection(
        LINE_TYPES, string="Figure", required=True, readonly=True
    )
    area_id = fields.Many2one("rehab.area", readonly=True)
    order_type_id = fields.Many2one("rehab.order.type", readonly=True)
    order_kind = fields.Selection(ORDER_KINDS, string="Order", readonly=True)
    sex = fields.Selection(SEXES, readonly=True)
    age_band = fields.Selection(AGE_BANDS, readonly=True)
    is_kinh = fields.Boolean(string="Kinh Ethnicity", readonly=True)
    province_id = fields.Many2one(
        "rehab.province", string="Home Province", readonly=True
    )
    presence = fields.Selection(PRESENCES, readonly=True)
    movement = fields.Selection(MOVEMENTS, readonly=True)
    is_relapse = fields.Boolean(string="Relapse", readonly=True)
    release_reason = fields.Selection(RELEASE_REASONS, readonly=True)
    resident_count = fields.Integer(
        string="Residents",
        aggregator="sum",
        readonly=True,
        help="Population rows: residents at the end of the day (summed over "
        "several days it gives resident-days). Movement rows: number of "
        "movements; corrections are signed.",
    )
    bed_capacity = fields.Integer(string="Beds", aggregator="sum", readonly=True)
    bed_occupied = fields.Integer(
        string="Occupied Beds", aggregator="sum", readonly=True
    )
    bed_unavailable = fields.Integer(
        string="Unavailable Beds",
        aggregator="sum",
        readonly=True,
        help="Empty beds that cannot be given: reserved, out of order, isolation.",
    )
    bed_free = fields.Integer(string="Free Beds", aggregator="sum", readonly=True)

    def init(self):
        """Every read of the recorded figures is by facility, day and figure."""
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS rehab_occupancy_snapshot_lookup_idx "
            "ON rehab_occupancy_snapshot (company_id, date, line_type)"
        )

    # ------------------------------------------------------------ nightly job
    @api.model
    def _cron_snapshot(self, max_days=400, days_per_run=31):
        """Daily: record the days just ended, for every facility at once.

        Records every day from the day after the last recorded one up to
        yesterday (local day of each facility), at most ``max_days`` back.
        Each day is recorded for all the facilities that need it with the
        same few grouped queries. Run by the scheduler, each day is
        committed and at most ``days_per_run`` days are done per run: the
        scheduler runs the job again at once while days remain (Odoo's
        cron progress), so a long catch-up keeps a small memory and
        transaction, and a stopped run resumes at the first day not
        recorded. A recorded day is never recorded again.
        """
        todo = self._days_to_record(max_days)
        days = sorted(todo)[:days_per_run]
        scheduled = bool(self.env.context.get("ir_cron_progress_id"))
        for done, day in enumerate(days, 1):
            self._record_day(todo[day], day)
            if scheduled:
                self.env["ir.cron"]._notify_progress(
                    done=done, remaining=len(todo) - done
                )
                self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info(
            "Occupancy figures recorded for %s day(s); %s day(s) left",
            len(days),
            len(todo) - len(days),
        )

    @api.model
    def _record_history(self, days=365):
        """Record the ``days`` days before today that no facility recorded
        yet, oldest first (a facility that starts using the product, or the
        demo: the dashboard's 12-month trend reads the recorded days). The
        figures of a past day recorded now are those the live report gives
        for it; a day already recorded is left as it is."""
        companies = self.env["res.company"].sudo().search([])
        today = max(company.rehab_today() for company in companies)
        for back in range(days, 0, -1):
            self._record_day(companies.ids, today - timedelta(days=back))
        return True

    @api.model
    def _record_demo_history(self, days, module):
        """Demo data: a year of recorded days for the dashboard's trend.

        Called at the end of the demo data of each module (``module``) that
        adds residents; records only when no other module extending this one
        is still to be installed in this run (the last one records, so that
        every demo resident is in the figures)."""
        pending = (
            self.env["ir.module.module"]
            .sudo()
            .search_count(
                [
                    ("state", "=", "to install"),
                    ("name", "!=", module),
                    ("dependencies_id.name", "=", "rehab_facility"),
                ]
            )
        )
        if pending:
            return False
        return self._record_history(days)

    @api.model
    def _days_to_record(self, max_days):
        """``{day: [company ids]}``: the days each facility has not recorded."""
        companies = self.env["res.company"].sudo().search([])
        last = self.env["rehab.occupancy.day"]._last_recorded(companies.ids)
        todo = defaultdict(list)
        for company in companies:
            yesterday = company.rehab_today() - timedelta(days=1)
            day = yesterday
            if company.id in last:
                day = max(
                    last[company.id] + timedelta(days=1),
                    yesterday - timedelta(days=max_days - 1),
                )
            while day <= yesterday:
                todo[day].append(company.id)
                day += timedelta(days=1)
        return todo

    @api.model
    def _record_day(self, company_ids, day):
        """Record ``day`` for ``company_ids``; the ones already recorded are
        left as they are. Six queries, whatever the number of facilities."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                INSERT INTO rehab_occupancy_day
                       (company_id, date, resident_count,
                        create_uid, create_date, write_uid, write_date)
                SELECT c, %(day)s, 0, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(companies)s::int[]) AS c
                ON CONFLICT (company_id, date) DO NOTHING
                RETURNING company_id
                """,
                day=day,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                companies=list(company_ids),
            )
        )
        new = [row[0] for row in cr.fetchall()]
        if not new:
            return []
        for query in (
            self._insert_population_sql(new, day),
            self._insert_movements_sql(new, day),
            self._insert_corrections_sql(new, day),
            self._insert_beds_sql(new, day),
        ):
            cr.execute(query)
        cr.execute(
            SQL(
                """
                UPDATE rehab_occupancy_day d
                   SET resident_count = COALESCE((
                       SELECT SUM(resident_count) FROM rehab_occupancy_snapshot s
                        WHERE s.day_id = d.id AND s.line_type = 'population'), 0)
                 WHERE d.company_id = ANY(%s) AND d.date = %s
                """,
                new,
                day,
            )
        )
        self.env.invalidate_all()
        return new

    def _insert_sql(self, columns, select):
        """``INSERT`` of ``select``'s rows (which give ``columns`` then the
        recorded day's company and date) with the day's header row."""
        names = SQL(", ").join(SQL.identifier(column) for column in columns)
        return SQL(
            """
            INSERT INTO rehab_occupancy_snapshot
                   (day_id, date, company_id, %(names)s,
                    create_uid, create_date, write_uid, write_date)
            SELECT d.id, d.date, d.company_id, %(picked)s,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM (%(select)s) x
              JOIN rehab_occupancy_day d
                ON d.company_id = x.company_id AND d.date = x.recorded_day
            """,
            names=names,
            picked=SQL(", ").join(SQL("x.%s", SQL.identifier(c)) for c in columns),
            select=select,
            uid=self.env.uid,
            now=fields.Datetime.now(),
        )

    def _insert_population_sql(self, company_ids, day):
        columns = ("line_type", *occ_sql.POPULATION_DIMS, "province_id")
        return self._insert_sql(
            (*columns, "resident_count"),
            SQL(
                "SELECT p.*, p.day AS recorded_day, p.count AS resident_count "
                "FROM (%s) p",
                occ_sql.population_sql(company_ids, [day]),
            ),
        )

    def _insert_movements_sql(self, company_ids, day):
        return self._insert_sql(
            ("line_type", *occ_sql.MOVEMENT_DIMS, "resident_count"),
            SQL(
                "SELECT m.*, 'movement' AS line_type, m.count AS resident_count, "
                "%s::date AS recorded_day FROM (%s) m",
                day,
                occ_sql.movements_sql(company_ids, day, day),
            ),
        )

    def _insert_corrections_sql(self, company_ids, day):
        """How the population of the day before changed since recorded."""
        before = day - timedelta(days=1)
        return self._insert_sql(
            (
                "line_type",
                "movement",
                "order_type_id",
                "order_kind",
                "sex",
                "resident_count",
            ),  # fmt: skip
            SQL(
                """
                SELECT x.company_id, %(day)s::date AS recorded_day,
                       'movement' AS line_type, 'correction' AS movement,
                       x.order_type_id, ot.kind AS order_kind, x.sex,
                       SUM(x.n) AS resident_count
                  FROM (SELECT p.company_id, p.order_type_id, p.sex, p.count AS n
                          FROM (%(live)s) p WHERE p.line_type = 'population'
                        UNION ALL
                        SELECT r.company_id, r.order_type_id, r.sex, -r.resident_count
                          FROM rehab_occupancy_snapshot r
                         WHERE r.company_id = ANY(%(companies)s)
                           AND r.date = %(before)s AND r.line_type = 'population'
                       ) x
                  JOIN rehab_order_type ot ON ot.id = x.order_type_id
                 WHERE EXISTS (SELECT 1 FROM rehab_occupancy_day b
                                WHERE b.company_id = x.company_id
                                  AND b.date = %(before)s)
                 GROUP BY x.company_id, x.order_type_id, ot.kind, x.sex
                HAVING SUM(x.n) != 0
                """,
                day=day,
                before=before,
                companies=list(company_ids),
                live=occ_sql.population_sql(company_ids, [before]),
            ),
        )

    def _insert_beds_sql(self, company_ids, day):
        measures = [f"bed_{measure}" for measure in occ_sql.BED_MEASURES]
        return self._insert_sql(
            ("line_type", "area_id", *measures),
            SQL(
                "SELECT b.company_id, b.area_id, 'beds' AS line_type, "
                "%s::date AS recorded_day, %s FROM (%s) b",
                day,
                SQL(", ").join(
                    SQL("b.%s AS %s", SQL.identifier(m), SQL.identifier(f"bed_{m}"))
                    for m in occ_sql.BED_MEASURES
                ),
                occ_sql.beds_sql(company_ids, day),
            ),
        )

    # ------------------------------------------------------- recorded rows
    @api.model
    def _recorded_rows(self, company_ids, date_from, date_to):
        """The recorded rows with the shape of the live ones (4 queries),
        or None when a day of the chain day-before..date_to is missing."""
        if self.env["rehab.occupancy.day"]._missing_days(
            company_ids, date_from, date_to
        ):
            return None
        day_before = date_from - timedelta(days=1)
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT date AS day, company_id, line_type, area_id, order_type_id,
                       order_kind, sex, age_band, is_kinh, province_id, presence,
                       SUM(resident_count) AS count
                  FROM rehab_occupancy_snapshot
                 WHERE company_id = ANY(%(companies)s)
                   AND date IN (%(before)s, %(last)s)
                   AND line_type IN ('population', 'residence')
                 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
                HAVING SUM(resident_count) != 0
                """,
                companies=list(company_ids),
                before=day_before,
                last=date_to,
            )
        )
        population = cr.dictfetchall()
        cr.execute(
            SQL(
                """
                SELECT company_id, movement, order_type_id, order_kind, sex,
                       COALESCE(is_relapse, FALSE) AS is_relapse, release_reason,
                       SUM(resident_count) AS count
                  FROM rehab_occupancy_snapshot
                 WHERE company_id = ANY(%(companies)s)
                   AND date BETWEEN %(first)s AND %(last)s
                   AND line_type = 'movement'
                 GROUP BY 1, 2, 3, 4, 5, 6, 7
                """,
                companies=list(company_ids),
                first=date_from,
                last=date_to,
            )
        )
        movements = cr.dictfetchall()
        cr.execute(
            SQL(
                """
                SELECT company_id, area_id, SUM(bed_capacity) AS capacity,
                       SUM(bed_occupied) AS occupied,
                       SUM(bed_unavailable) AS unavailable, SUM(bed_free) AS free
                  FROM rehab_occupancy_snapshot
                 WHERE company_id = ANY(%s) AND date = %s AND line_type = 'beds'
                 GROUP BY 1, 2
                """,
                list(company_ids),
                date_to,
            )
        )
        return {
            "opening": [row for row in population if row["day"] == day_before],
            "closing": [row for row in population if row["day"] == date_to],
            "movements": movements,
            "beds": cr.dictfetchall(),
        }
