"""Occupancy and movement figures of the facilities, live or as recorded daily.

Definitions (DOMAIN §5; the export, the dashboard and the daily job all use
them, and the tests check them against counts made independently):

- **In the facility on day D**: a stay with ``admission_date <= D`` and
  (``release_date`` empty or ``release_date > D``) and ``state != 'intake'``.
  A stay released on the last day of a period is therefore *out* by the
  closing count. Archived stays are left out (archiving is how a wrong record
  is withdrawn). Escapees and residents in hospital keep their stay: they are
  counted in the population, shown apart as absent.
- **Absent on D**: an escape or hospital suspension whose local start date is
  ``<= D`` and which has no local end date ``<= D`` (back on D = present).
- **Order type on D**: the ``to`` order type of the stay's latest legal basis
  change dated ``<= D``; before its first change, that change's ``from``
  type; a stay without changes keeps its own order type. Figures are given
  per order kind (``rehab.order.type.kind``), across legal regimes.
- **Admissions**: ``admission_date`` in the period, split by order kind *at
  admission* (the ``from`` type of the first basis change: a pending stay
  later made compulsory is ONE admission, as pending) and by ``is_relapse``.
- **Conversions**: basis changes dated in the period, counted out of the
  ``from`` kind and into the ``to`` kind.
- **Releases**: ``release_date`` in the period, by ``release_reason`` (deaths
  and transfers are reasons) and by the order kind on the release date.
- **Escapes / suspensions**: absences whose local ``date_start`` falls in the
  period; **returns**: whose local ``date_end`` does. Internal movements:
  reported, but they do not change the count.
- **Identity**, per facility and order kind: opening + admissions +
  conversions in − conversions out − releases (+ recorded corrections, see
  below) = closing, where opening is the population on the day before the
  period and closing the population on its last day.
- **Age band** on the reference day (the period end): under 14, 14 to under
  16, 16 to under 18, 18 to under 30, 30 and over (the national statistics
  bands, QĐ 127/2009/QĐ-TTg; "18-30" read as 18 to under 30). Age in full
  years as PostgreSQL ``age()`` gives it.
- **Province**: the resident's ``province_id``; **ethnicity**: Kinh or other
  (``is_kinh``).
- **Area on D**: the area of the bed the stay held at the end of the local
  day D (bed history), none when it held no bed.

Every figure comes from grouped SQL (one query per block, whatever the
number of stays); Python only reshapes the grouped rows.

The daily job (``_cron_snapshot``) stores, per facility, the population of
the day just ended with all its dimensions, the day's movements and the bed
counts. It also stores, as ``correction`` movements, how the population of
the previous day changed since it was recorded (late entries, corrections):
so a period's recorded figures always satisfy the identity, and a report
sent from them can be regenerated exactly even after later corrections.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

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
# Movements that change the population (the others are internal).
COUNT_MOVEMENTS = {
    "admission": 1,
    "conversion_in": 1,
    "conversion_out": -1,
    "release": -1,
    "correction": 1,
}
POP_DIMS = (
    "company_id",
    "area_id",
    "order_type_id",
    "order_kind",
    "sex",
    "age_band",
    "is_kinh",
    "province_id",
    "presence",
)
MOVE_DIMS = (
    "company_id",
    "movement",
    "order_type_id",
    "order_kind",
    "sex",
    "is_relapse",
    "release_reason",
)
BED_MEASURES = ("capacity", "occupied", "unavailable", "free")


def local_date_sql(column):
    """Local (facility) date of a naive UTC datetime column; needs alias ``c``."""
    return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE c.rehab_tz)::date", column)


def order_type_on_sql(day):
    """Order type of stay ``s`` on ``day`` (an SQL expression), see module doc."""
    return SQL(
        """COALESCE(
            (SELECT bc.to_order_type_id FROM rehab_stay_basis_change bc
              WHERE bc.stay_id = s.id AND bc.date <= %(day)s
              ORDER BY bc.date DESC, bc.id DESC LIMIT 1),
            (SELECT bc.from_order_type_id FROM rehab_stay_basis_change bc
              WHERE bc.stay_id = s.id ORDER BY bc.date, bc.id LIMIT 1),
            s.order_type_id)""",
        day=day,
    )


ORDER_TYPE_AT_ADMISSION = SQL(
    """COALESCE(
        (SELECT bc.from_order_type_id FROM rehab_stay_basis_change bc
          WHERE bc.stay_id = s.id ORDER BY bc.date, bc.id LIMIT 1),
        s.order_type_id)"""
)


def counted_stays_sql(company_ids):
    """Stays that can count at all: the facilities', active, past intake."""
    return SQL(
        "s.company_id = ANY(%s) AND s.active AND s.state != 'intake'",
        list(company_ids),
    )


def in_facility_sql(day):
    """Stay ``s`` is in the facility on ``day`` (see module doc)."""
    return SQL(
        "s.admission_date <= %(day)s "
        "AND (s.release_date IS NULL OR s.release_date > %(day)s)",
        day=day,
    )


class RehabOccupancySnapshot(models.Model):
    """Daily recorded figures (one row per combination of dimensions).

    ``population`` rows: residents in the facility at the end of ``date``;
    ``movement`` rows: admissions, conversions, releases, escapes, returns,
    suspensions of ``date`` and the corrections of the previous day's
    population; ``beds`` rows: capacity and occupation per area.
    """

    _name = "rehab.occupancy.snapshot"
    _description = "Daily Occupancy Figures"
    _order = "date desc, company_id, line_type, id"
    _check_company_auto = True

    date = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", string="Facility", required=True, index=True, readonly=True
    )
    line_type = fields.Selection(
        LINE_TYPES, string="Figure", required=True, index=True, readonly=True
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

    # ------------------------------------------------------------ live figures
    @api.model
    def _live_population_rows(self, company_ids, day):
        """Population of ``company_ids`` at the end of ``day``, grouped.

        One SQL query. Returns dicts with the keys of POP_DIMS and ``count``.
        """
        self.env.flush_all()
        eod = SQL(
            "(((%s::date + 1)::timestamp AT TIME ZONE c.rehab_tz) AT TIME ZONE 'UTC')",
            day,
        )
        query = SQL(
            """
            SELECT s.company_id, ba.area_id, ot.id AS order_type_id,
                   ot.kind AS order_kind, r.sex,
                   CASE WHEN ag.years < 14 THEN 'lt14'
                        WHEN ag.years < 16 THEN '14_16'
                        WHEN ag.years < 18 THEN '16_18'
                        WHEN ag.years < 30 THEN '18_30'
                        ELSE '30p' END AS age_band,
                   COALESCE(r.is_kinh, FALSE) AS is_kinh, r.province_id,
                   CASE ab.kind WHEN 'escape' THEN 'escaped'
                                WHEN 'suspension' THEN 'hospital'
                                ELSE 'present' END AS presence,
                   COUNT(*) AS count
              FROM rehab_stay s
              JOIN res_company c ON c.id = s.company_id
              JOIN rehab_resident r ON r.id = s.resident_id
              JOIN rehab_order_type ot ON ot.id = %(order_type)s
             CROSS JOIN LATERAL (
                   SELECT date_part('year', age(%(day)s::date, r.birthdate))::int
                          AS years) ag
              LEFT JOIN LATERAL (
                   SELECT a.kind FROM rehab_stay_absence a
                    WHERE a.stay_id = s.id AND %(away_start)s <= %(day)s
                      AND (a.date_end IS NULL OR %(away_end)s > %(day)s)
                    ORDER BY a.date_start DESC LIMIT 1) ab ON TRUE
              LEFT JOIN LATERAL (
                   SELECT ba.area_id FROM rehab_bed_assignment ba
                    WHERE ba.stay_id = s.id AND ba.date_from < %(eod)s
                      AND (ba.date_to IS NULL OR ba.date_to >= %(eod)s)
                    ORDER BY ba.date_from DESC LIMIT 1) ba ON TRUE
             WHERE %(counted)s AND %(inside)s
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
            """,
            order_type=order_type_on_sql(day),
            day=day,
            away_start=local_date_sql(SQL("a.date_start")),
            away_end=local_date_sql(SQL("a.date_end")),
            eod=eod,
            counted=counted_stays_sql(company_ids),
            inside=in_facility_sql(day),
        )
        self.env.cr.execute(query)
        return self.env.cr.dictfetchall()

    @api.model
    def _live_movement_rows(self, company_ids, date_from, date_to):
        """Movements of ``company_ids`` from ``date_from`` to ``date_to``.

        One SQL query (a UNION of the movement kinds). Returns dicts with the
        keys of MOVE_DIMS and ``count``.
        """
        self.env.flush_all()
        counted = counted_stays_sql(company_ids)
        start = local_date_sql(SQL("a.date_start"))
        end = local_date_sql(SQL("a.date_end"))
        query = SQL(
            """
            SELECT s.company_id, 'admission' AS movement, ot.id AS order_type_id,
                   ot.kind AS order_kind, r.sex, s.is_relapse,
                   NULL::varchar AS release_reason, COUNT(*) AS count
              FROM rehab_stay s
              JOIN rehab_resident r ON r.id = s.resident_id
              JOIN rehab_order_type ot ON ot.id = %(at_admission)s
             WHERE %(counted)s AND s.admission_date BETWEEN %(d1)s AND %(d2)s
             GROUP BY 1, 2, 3, 4, 5, 6, 7
            UNION ALL
            SELECT s.company_id, 'release', ot.id, ot.kind, r.sex, NULL::boolean,
                   s.release_reason, COUNT(*)
              FROM rehab_stay s
              JOIN rehab_resident r ON r.id = s.resident_id
              JOIN rehab_order_type ot ON ot.id = %(on_release)s
             WHERE %(counted)s AND s.release_date BETWEEN %(d1)s AND %(d2)s
             GROUP BY 1, 2, 3, 4, 5, 6, 7
            UNION ALL
            SELECT s.company_id, x.movement, ot.id, ot.kind, r.sex, NULL::boolean,
                   NULL::varchar, COUNT(*)
              FROM rehab_stay_basis_change bc
              JOIN rehab_stay s ON s.id = bc.stay_id
              JOIN rehab_resident r ON r.id = s.resident_id
             CROSS JOIN LATERAL (VALUES
                   ('conversion_in', bc.to_order_type_id),
                   ('conversion_out', bc.from_order_type_id)) x(movement, type_id)
              JOIN rehab_order_type ot ON ot.id = x.type_id
             WHERE %(counted)s AND bc.date BETWEEN %(d1)s AND %(d2)s
             GROUP BY 1, 2, 3, 4, 5, 6, 7
            UNION ALL
            SELECT s.company_id,
                   CASE a.kind WHEN 'escape' THEN 'escape' ELSE 'suspension' END,
                   ot.id, ot.kind, r.sex, NULL::boolean, NULL::varchar, COUNT(*)
              FROM rehab_stay_absence a
              JOIN rehab_stay s ON s.id = a.stay_id
              JOIN res_company c ON c.id = s.company_id
              JOIN rehab_resident r ON r.id = s.resident_id
              JOIN rehab_order_type ot ON ot.id = %(on_start)s
             WHERE %(counted)s AND %(start)s BETWEEN %(d1)s AND %(d2)s
             GROUP BY 1, 2, 3, 4, 5, 6, 7
            UNION ALL
            SELECT s.company_id,
                   CASE a.kind WHEN 'escape' THEN 'return'
                               ELSE 'suspension_return' END,
                   ot.id, ot.kind, r.sex, NULL::boolean, NULL::varchar, COUNT(*)
              FROM rehab_stay_absence a
              JOIN rehab_stay s ON s.id = a.stay_id
              JOIN res_company c ON c.id = s.company_id
              JOIN rehab_resident r ON r.id = s.resident_id
              JOIN rehab_order_type ot ON ot.id = %(on_end)s
             WHERE %(counted)s AND a.date_end IS NOT NULL
               AND %(end)s BETWEEN %(d1)s AND %(d2)s
             GROUP BY 1, 2, 3, 4, 5, 6, 7
            """,
            at_admission=ORDER_TYPE_AT_ADMISSION,
            on_release=order_type_on_sql(SQL("s.release_date")),
            on_start=order_type_on_sql(start),
            on_end=order_type_on_sql(end),
            start=start,
            end=end,
            counted=counted,
            d1=date_from,
            d2=date_to,
        )
        self.env.cr.execute(query)
        return self.env.cr.dictfetchall()

    @api.model
    def _live_bed_rows(self, company_ids, day):
        """Beds per area at the end of ``day``: one SQL query.

        Capacity and unavailable beds (reserved, out of order, isolation)
        come from the beds as they are now: beds keep no history of their
        condition. Occupied beds come from the bed history at the end of
        ``day``; for today this gives the Roll Count screen's figures.
        """
        self.env.flush_all()
        query = SQL(
            """
            SELECT b.company_id, b.area_id,
                   COUNT(*) AS capacity,
                   COUNT(*) FILTER (WHERE occ.id IS NOT NULL) AS occupied,
                   COUNT(*) FILTER (WHERE occ.id IS NULL
                                     AND b.condition != 'available') AS unavailable,
                   COUNT(*) FILTER (WHERE occ.id IS NULL
                                     AND b.condition = 'available') AS free
              FROM rehab_bed b
              JOIN res_company c ON c.id = b.company_id
              LEFT JOIN LATERAL (
                   SELECT ba.id FROM rehab_bed_assignment ba
                    WHERE ba.bed_id = b.id
                      AND ba.date_from < %(eod)s
                      AND (ba.date_to IS NULL OR ba.date_to >= %(eod)s)
                    LIMIT 1) occ ON TRUE
             WHERE b.company_id = ANY(%(companies)s) AND b.active
             GROUP BY 1, 2
            """,
            eod=SQL(
                "(((%s::date + 1)::timestamp AT TIME ZONE c.rehab_tz) "
                "AT TIME ZONE 'UTC')",
                day,
            ),
            companies=list(company_ids),
        )
        self.env.cr.execute(query)
        return self.env.cr.dictfetchall()

    @api.model
    def _stay_anomalies(self, company_ids, date_to, limit=50):
        """Stays whose dates make any count wrong: one SQL query.

        Released without a release date (it would stay in the population
        for ever), a release date on a stay not released, or a release
        before the admission.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT s.id, s.name, r.name AS resident, s.state,
                       s.admission_date, s.release_date
                  FROM rehab_stay s
                  JOIN rehab_resident r ON r.id = s.resident_id
                 WHERE %(counted)s AND s.admission_date <= %(d2)s
                   AND ((s.state = 'released') != (s.release_date IS NOT NULL)
                        OR s.release_date < s.admission_date)
                 ORDER BY s.id LIMIT %(limit)s
                """,
                counted=counted_stays_sql(company_ids),
                d2=date_to,
                limit=limit,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _identity_breakers(self, company_ids, date_from, date_to):
        """Stays whose own movements do not add up over the period.

        Only run when the identity fails (one SQL query): per stay, its
        order kind in the opening and closing counts, at admission, at
        release and its conversions, so that the stays that break the
        identity can be named.
        """
        day_before = date_from - timedelta(days=1)
        self.env.cr.execute(
            SQL(
                """
                SELECT s.id, s.name, r.name AS resident,
                       CASE WHEN %(in_open)s THEN o.kind END AS opening,
                       CASE WHEN s.admission_date BETWEEN %(d1)s AND %(d2)s
                            THEN adm.kind END AS admission,
                       CASE WHEN s.release_date BETWEEN %(d1)s AND %(d2)s
                            THEN rel.kind END AS release,
                       CASE WHEN %(in_close)s THEN cl.kind END AS closing,
                       ARRAY(SELECT f.kind || '>' || t.kind
                               FROM rehab_stay_basis_change bc
                               JOIN rehab_order_type f ON f.id = bc.from_order_type_id
                               JOIN rehab_order_type t ON t.id = bc.to_order_type_id
                              WHERE bc.stay_id = s.id
                                AND bc.date BETWEEN %(d1)s AND %(d2)s) AS conversions
                  FROM rehab_stay s
                  JOIN rehab_resident r ON r.id = s.resident_id
                  JOIN rehab_order_type o ON o.id = %(ot_open)s
                  JOIN rehab_order_type adm ON adm.id = %(ot_adm)s
                  JOIN rehab_order_type rel
                    ON rel.id = %(ot_rel)s
                  JOIN rehab_order_type cl ON cl.id = %(ot_close)s
                 WHERE %(counted)s
                   AND (s.admission_date <= %(d2)s OR s.release_date <= %(d2)s)
                   AND (s.release_date IS NULL OR s.release_date >= %(d1)s
                        OR s.admission_date >= %(d1)s
                        OR EXISTS (SELECT 1 FROM rehab_stay_basis_change bc
                                    WHERE bc.stay_id = s.id
                                      AND bc.date BETWEEN %(d1)s AND %(d2)s))
                """,
                in_open=in_facility_sql(day_before),
                in_close=in_facility_sql(date_to),
                ot_open=order_type_on_sql(day_before),
                ot_adm=ORDER_TYPE_AT_ADMISSION,
                ot_rel=order_type_on_sql(SQL("COALESCE(s.release_date, %s)", date_to)),
                ot_close=order_type_on_sql(date_to),
                counted=counted_stays_sql(company_ids),
                d1=date_from,
                d2=date_to,
            )
        )
        breakers = []
        for row in self.env.cr.dictfetchall():
            residual = defaultdict(int)
            for key, sign in (("opening", 1), ("admission", 1), ("release", -1)):
                if row[key]:
                    residual[row[key]] += sign
            if row["closing"]:
                residual[row["closing"]] -= 1
            for conversion in row["conversions"]:
                from_kind, to_kind = conversion.split(">")
                residual[from_kind] -= 1
                residual[to_kind] += 1
            if any(residual.values()):
                breakers.append(row)
        return breakers

    # -------------------------------------------------------- stored figures
    @api.model
    def _snapshot_day(self, company, day):
        """Record the figures of ``company`` for ``day`` (the day just ended).

        Population at the end of ``day``, the day's movements, the beds, and
        the corrections of the previous day's recorded population.
        """
        ids = [company.id]
        values = []
        for row in self._live_population_rows(ids, day):
            values.append(
                {
                    **{dim: row[dim] for dim in POP_DIMS},
                    "line_type": "population",
                    "resident_count": row["count"],
                }
            )
        for row in self._live_movement_rows(ids, day, day):
            values.append(
                {
                    **{dim: row[dim] for dim in MOVE_DIMS},
                    "is_relapse": bool(row["is_relapse"]),
                    "line_type": "movement",
                    "resident_count": row["count"],
                }
            )
        values += self._correction_values(company, day - timedelta(days=1))
        for row in self._live_bed_rows(ids, day):
            values.append(
                {
                    "company_id": row["company_id"],
                    "area_id": row["area_id"],
                    "line_type": "beds",
                    **{f"bed_{m}": row[m] for m in BED_MEASURES},
                }
            )
        if not values:  # nobody and no bed: still mark the day as recorded
            values.append(
                {
                    "company_id": company.id,
                    "line_type": "population",
                    "resident_count": 0,
                }
            )
        for vals in values:
            vals["date"] = day
        return self.sudo().create(values)

    @api.model
    def _correction_values(self, company, day):
        """How the population of ``day`` changed since it was recorded."""
        recorded = self.sudo()._read_group(
            [
                ("company_id", "=", company.id),
                ("date", "=", day),
                ("line_type", "=", "population"),
            ],
            ["order_type_id", "sex"],
            ["resident_count:sum"],
        )
        if not recorded:
            return []
        delta = defaultdict(int)
        for order_type, sex, count in recorded:
            delta[(order_type.id, sex)] -= count
        for row in self._live_population_rows([company.id], day):
            delta[(row["order_type_id"], row["sex"])] += row["count"]
        kinds = {
            order_type.id: order_type.kind
            for order_type in self.env["rehab.order.type"]
            .with_context(active_test=False)
            .browse({key[0] for key in delta})
        }
        return [
            {
                "company_id": company.id,
                "line_type": "movement",
                "movement": "correction",
                "order_type_id": type_id,
                "order_kind": kinds[type_id],
                "sex": sex,
                "resident_count": count,
            }
            for (type_id, sex), count in delta.items()
            if count
        ]

    @api.model
    def _cron_snapshot(self, max_days=31):
        """Daily: record each facility's figures for the days just ended.

        Runs after midnight; records every day from the day after the last
        recorded one up to yesterday (local day of each facility), at most
        ``max_days`` days back, so a missed run is caught up. A day already
        recorded is never recorded again: the record is what was known.
        """
        companies = self.env["res.company"].sudo().search([])
        last_days = dict(
            self.sudo()._read_group(
                [("company_id", "in", companies.ids)], ["company_id"], ["date:max"]
            )
        )
        for company in companies:
            yesterday = company.rehab_today() - timedelta(days=1)
            last = last_days.get(company)
            day = (
                max(last + timedelta(days=1), yesterday - timedelta(days=max_days - 1))
                if last
                else yesterday
            )
            while day <= yesterday:
                self._snapshot_day(company, day)
                day += timedelta(days=1)
        _logger.info("Occupancy figures recorded for %s facilities", len(companies))

    @api.model
    def _missing_days(self, company_ids, date_from, date_to):
        """Days of the chain day-before..date_to not recorded for a facility."""
        first = date_from - timedelta(days=1)
        recorded = self.sudo()._read_group(
            [
                ("company_id", "in", list(company_ids)),
                ("date", ">=", first),
                ("date", "<=", date_to),
            ],
            ["company_id", "date:day"],
            [],
        )
        have = {(company.id, day) for company, day in recorded}
        missing = []
        day = first
        while day <= date_to:
            missing += [(cid, day) for cid in company_ids if (cid, day) not in have]
            day += timedelta(days=1)
        return missing

    @api.model
    def _recorded_rows(self, company_ids, date_from, date_to):
        """The recorded rows with the shape of the live ones (4 queries).

        Returns (opening population, closing population, movements, beds),
        or None when a day of the chain is missing.
        """
        if self._missing_days(company_ids, date_from, date_to):
            return None
        base = [("company_id", "in", list(company_ids))]
        opening = self._recorded_population(
            base + [("date", "=", date_from - timedelta(days=1))]
        )
        closing = self._recorded_population(base + [("date", "=", date_to)])
        groups = self.sudo()._read_group(
            base
            + [
                ("line_type", "=", "movement"),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            list(MOVE_DIMS),
            ["resident_count:sum"],
        )
        movements = [
            self._group_row(MOVE_DIMS, group[:-1], group[-1]) for group in groups
        ]
        beds = [
            {
                "company_id": company.id,
                "area_id": area.id,
                **dict(zip(BED_MEASURES, measures, strict=True)),
            }
            for company, area, *measures in self.sudo()._read_group(
                base + [("line_type", "=", "beds"), ("date", "=", date_to)],
                ["company_id", "area_id"],
                [f"bed_{m}:sum" for m in BED_MEASURES],
            )
        ]
        return opening, closing, movements, beds

    @api.model
    def _recorded_population(self, domain):
        groups = self.sudo()._read_group(
            domain + [("line_type", "=", "population")],
            list(POP_DIMS),
            ["resident_count:sum"],
        )
        return [
            self._group_row(POP_DIMS, group[:-1], group[-1])
            for group in groups
            if group[-1]  # the marker row of a day without residents
        ]

    @api.model
    def _group_row(self, dims, values, count):
        row = {"count": count}
        for dim, value in zip(dims, values, strict=True):
            row[dim] = value.id if isinstance(value, models.BaseModel) else value
        return row

    @api.model
    def _recorded_at(self, company_ids, date_from, date_to):
        """When the figures of the period's last day were recorded."""
        groups = self.sudo()._read_group(
            [
                ("company_id", "in", list(company_ids)),
                ("date", ">=", date_from - timedelta(days=1)),
                ("date", "<=", date_to),
            ],
            [],
            ["create_date:max"],
        )
        return groups[0][0] if groups else False

    # ------------------------------------------------------- period figures
    @api.model
    def _period_rows(self, company_ids, date_from, date_to, source):
        """(opening, closing, movements, beds) rows, live or as recorded.

        ``source`` is ``live`` or ``snapshot``; None when a recorded day is
        missing. The query count does not depend on the number of stays.
        """
        if source == "snapshot":
            return self._recorded_rows(company_ids, date_from, date_to)
        self.env.flush_all()
        return (
            self._live_population_rows(company_ids, date_from - timedelta(days=1)),
            self._live_population_rows(company_ids, date_to),
            self._live_movement_rows(company_ids, date_from, date_to),
            self._live_bed_rows(company_ids, date_to),
        )

    @api.model
    def _assemble_figures(self, rows):
        """Shape grouped rows into the figures the workbook shows.

        Keys are plain strings and numbers (JSON), labels are resolved here
        (a handful of name reads, whatever the number of stays). Returns the
        figures and the identity failures ``(facility, kind, expected,
        closing)``.
        """
        opening, closing, movements, beds = rows
        occupancy = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        provinces = defaultdict(lambda: defaultdict(int))
        for row in closing:
            cell = occupancy[row["order_kind"]][row["sex"]]
            count = row["count"]
            cell["total"] += count
            cell[row["presence"]] += count
            cell[row["age_band"]] += count
            cell["kinh" if row["is_kinh"] else "other"] += count
            provinces[row["province_id"] or 0][row["sex"]] += count

        lines = defaultdict(lambda: defaultdict(int))
        per_company = defaultdict(lambda: defaultdict(int))
        balance = defaultdict(int)
        for row in opening:
            lines["opening"][row["order_kind"]] += row["count"]
            per_company[row["company_id"]]["opening"] += row["count"]
            balance[(row["company_id"], row["order_kind"])] += row["count"]
        for row in closing:
            lines["closing"][row["order_kind"]] += row["count"]
            per_company[row["company_id"]]["closing"] += row["count"]
        for row in movements:
            movement = row["movement"]
            if movement == "admission":
                line = "admission_relapse" if row["is_relapse"] else "admission_first"
            elif movement == "release":
                line = f"release_{row['release_reason'] or 'completed'}"
            else:
                line = movement
            lines[line][row["order_kind"]] += row["count"]
            sign = COUNT_MOVEMENTS.get(movement)
            if sign:
                per_company[row["company_id"]][movement] += row["count"]
                balance[(row["company_id"], row["order_kind"])] += sign * row["count"]
        closing_balance = defaultdict(int)
        for row in closing:
            closing_balance[(row["company_id"], row["order_kind"])] += row["count"]
        failures = [
            (company_id, kind, balance[(company_id, kind)], closing_balance[key])
            for key in sorted(set(balance) | set(closing_balance), key=str)
            for company_id, kind in [key]
            if balance[key] != closing_balance[key]
        ]

        companies = (
            self.env["res.company"]
            .sudo()
            .browse(
                sorted(
                    {row["company_id"] for row in beds}
                    | set(per_company)
                    | {failure[0] for failure in failures}
                )
            )
        )
        areas = (
            self.env["rehab.area"]
            .sudo()
            .with_context(active_test=False)
            .browse(sorted({row["area_id"] for row in beds if row["area_id"]}))
        )
        province_recs = (
            self.env["rehab.province"]
            .sudo()
            .with_context(active_test=False)
            .browse(sorted(pid for pid in provinces if pid))
        )
        names = {company.id: company.name for company in companies}
        area_names = {area.id: (area.sequence, area.name) for area in areas}
        figures = {
            "occupancy": {
                "by_kind_sex": {
                    kind: {sex: dict(cell) for sex, cell in by_sex.items()}
                    for kind, by_sex in occupancy.items()
                },
                "provinces": [
                    [
                        province.code,
                        province.name,
                        provinces[province.id].get("male", 0),
                        provinces[province.id].get("female", 0),
                    ]
                    for province in province_recs.sorted("code")
                ]
                + (
                    [
                        [
                            "",
                            "",
                            provinces[0].get("male", 0),
                            provinces[0].get("female", 0),
                        ]
                    ]
                    if 0 in provinces
                    else []
                ),
            },
            "movements": {
                "lines": {line: dict(by_kind) for line, by_kind in lines.items()},
                "facilities": [
                    [
                        names[company_id],
                        counts["opening"],
                        counts["admission"],
                        counts["conversion_in"] - counts["conversion_out"],
                        counts["release"],
                        counts["correction"],
                        counts["closing"],
                    ]
                    for company_id, counts in sorted(
                        per_company.items(), key=lambda item: names[item[0]]
                    )
                ],
            },
            "beds": [
                [
                    names[row["company_id"]],
                    area_names.get(row["area_id"], (0, ""))[1],
                    *(row[m] for m in BED_MEASURES),
                ]
                for row in sorted(
                    beds,
                    key=lambda r: (
                        names[r["company_id"]],
                        area_names.get(r["area_id"], (0, "")),
                    ),
                )
            ],
        }
        failures = [
            (names[company_id], kind, expected, actual)
            for company_id, kind, expected, actual in failures
        ]
        return figures, failures

    # ------------------------------------------------ other period figures
    @api.model
    def _report_lang(self):
        """Vietnamese names of records (incident types, trades) when installed."""
        return self.env["res.lang"]._get_code("vi_VN") or self.env.lang

    @api.model
    def _incident_figures(self, company_ids, date_from, date_to):
        """Incidents by type and severity: one SQL query, [[type, {sev: n}]].

        Local date of the incident in the period; incidents marked duplicate
        and archived ones are left out.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT i.type_id, i.severity, COUNT(*)
                  FROM rehab_incident i
                  JOIN res_company c ON c.id = i.company_id
                 WHERE i.company_id = ANY(%(companies)s) AND i.active
                   AND i.state != 'duplicate'
                   AND %(day)s BETWEEN %(d1)s AND %(d2)s
                 GROUP BY 1, 2
                """,
                companies=list(company_ids),
                day=local_date_sql(SQL("i.date")),
                d1=date_from,
                d2=date_to,
            )
        )
        counts = defaultdict(dict)
        for type_id, severity, count in self.env.cr.fetchall():
            counts[type_id][severity] = count
        types = (
            self.env["rehab.incident.type"]
            .sudo()
            .with_context(active_test=False, lang=self._report_lang())
            .browse(sorted(counts))
            .sorted(lambda t: (t.sequence, t.name))
        )
        return [
            [incident_type.name, counts[incident_type.id]] for incident_type in types
        ]

    @api.model
    def _annex_rows(self, company_ids, date_from, date_to):
        """Residents in the facility during the period: one SQL query.

        Name, birth year, sex, order kind (on the period end, or on the
        release date), admission and release dates; nothing else (DOMAIN §7).
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT r.name, r.birth_year, r.sex, ot.kind, s.admission_date,
                       CASE WHEN s.release_date <= %(d2)s THEN s.release_date END
                  FROM rehab_stay s
                  JOIN rehab_resident r ON r.id = s.resident_id
                  JOIN rehab_order_type ot ON ot.id = %(order_type)s
                 WHERE %(counted)s AND s.admission_date <= %(d2)s
                   AND (s.release_date IS NULL OR s.release_date >= %(d1)s)
                 ORDER BY r.name, s.admission_date, s.id
                """,
                order_type=order_type_on_sql(
                    SQL("LEAST(COALESCE(s.release_date, %s), %s)", date_to, date_to)
                ),
                counted=counted_stays_sql(company_ids),
                d1=date_from,
                d2=date_to,
            )
        )
        rows = self.env.cr.fetchall()
        return [
            [
                name,
                birth_year,
                sex,
                kind,
                admission.isoformat(),
                release.isoformat() if release else "",
            ]
            for name, birth_year, sex, kind, admission, release in rows
        ]

    @api.model
    def _vocational_figures(self, company_ids, date_from, date_to):
        """Vocational training of the period; None without rehab_vocational.

        One SQL query (rehab_vocational's tables, no dependency on it):

        - classes running: running or done, active, dates overlapping the
          period;
        - trainees: distinct residents enrolled in those classes during the
          period (enrolled by its end, not withdrawn before its start);
        - sessions held: confirmed sessions dated in the period;
        - attendance: attended hours (present or late) over the hours of
          the confirmed sessions of the period, as rehab_vocational counts
          an enrollment's rate (excused hours count as missed);
        - certificates: certificates dated in the period.

        Totals are computed by SQL (GROUPING SETS), so a resident trained in
        two trades is one trainee in the total.
        """
        if "rehab.training.class" not in self.env:
            return None
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH classes AS (
                    SELECT c.id, c.trade_id FROM rehab_training_class c
                     WHERE c.company_id = ANY(%(companies)s) AND c.active
                       AND c.state IN ('running', 'done')
                       AND c.date_start <= %(d2)s AND c.date_end >= %(d1)s)
                SELECT 'classes', trade_id, COUNT(*), 0 FROM classes
                 GROUP BY GROUPING SETS ((trade_id), ())
                UNION ALL
                SELECT 'trainees', c.trade_id, COUNT(DISTINCT e.resident_id), 0
                  FROM rehab_training_enrollment e JOIN classes c ON c.id = e.class_id
                 WHERE e.date_enrolled <= %(d2)s
                   AND (e.date_withdrawn IS NULL OR e.date_withdrawn >= %(d1)s)
                 GROUP BY GROUPING SETS ((c.trade_id), ())
                UNION ALL
                SELECT 'sessions', s.trade_id, COUNT(*), 0
                  FROM rehab_training_session s
                 WHERE s.company_id = ANY(%(companies)s) AND s.state = 'confirmed'
                   AND s.date BETWEEN %(d1)s AND %(d2)s
                 GROUP BY GROUPING SETS ((s.trade_id), ())
                UNION ALL
                SELECT 'attendance', l.trade_id, SUM(l.attended_hours), SUM(l.hours)
                  FROM rehab_attendance_line l
                 WHERE l.company_id = ANY(%(companies)s)
                   AND l.session_state = 'confirmed'
                   AND l.date BETWEEN %(d1)s AND %(d2)s
                 GROUP BY GROUPING SETS ((l.trade_id), ())
                UNION ALL
                SELECT 'certificates', e.trade_id, COUNT(*), 0
                  FROM rehab_training_enrollment e
                 WHERE e.company_id = ANY(%(companies)s)
                   AND e.certificate_number IS NOT NULL
                   AND e.certificate_date BETWEEN %(d1)s AND %(d2)s
                 GROUP BY GROUPING SETS ((e.trade_id), ())
                """,
                companies=list(company_ids),
                d1=date_from,
                d2=date_to,
            )
        )
        by_trade = defaultdict(dict)
        totals = {}
        for measure, trade_id, value, base in self.env.cr.fetchall():
            target = by_trade[trade_id] if trade_id else totals
            if measure == "attendance":
                target[measure] = float(value or 0) / float(base) if base else 0.0
            else:
                target[measure] = value
        trades = (
            self.env["rehab.trade"]
            .sudo()
            .with_context(active_test=False, lang=self._report_lang())
            .browse(sorted(by_trade))
            .sorted(lambda t: (t.sequence, t.name))
        )
        return {
            "classes": totals.get("classes", 0),
            "trainees": totals.get("trainees", 0),
            "sessions": totals.get("sessions", 0),
            "attendance_rate": totals.get("attendance", 0.0),
            "certificates": totals.get("certificates", 0),
            "trades": [
                [
                    trade.name,
                    by_trade[trade.id].get("classes", 0),
                    by_trade[trade.id].get("trainees", 0),
                    by_trade[trade.id].get("sessions", 0),
                    by_trade[trade.id].get("attendance", 0.0),
                    by_trade[trade.id].get("certificates", 0),
                ]
                for trade in trades
            ],
        }
