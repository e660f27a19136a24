"""SQL building blocks of the occupancy figures (definitions: DOMAIN §5).

Plain functions returning ``odoo.tools.SQL`` fragments, shared by the live
figures (``rehab.occupancy.query``) and the nightly job that stores them
(``rehab.occupancy.snapshot``), so that a recorded day and a live day are
counted by the same expressions.
"""

from odoo.tools import SQL

# The population is grouped twice in one scan (GROUPING SETS): the headline
# family by area, order, sex, age band, ethnicity and presence, and the home
# province family by order and sex. Both sum to the same total; the stored
# figures keep the same two families, so the number of rows per facility and
# day depends on the combinations of these values, not on the residents.
POPULATION_DIMS = (
    "area_id",
    "order_type_id",
    "order_kind",
    "sex",
    "age_band",
    "is_kinh",
    "presence",
)
RESIDENCE_DIMS = ("order_type_id", "order_kind", "sex", "province_id")
MOVEMENT_DIMS = (
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


def end_of_day_sql(day):
    """Naive UTC end of the local ``day`` of facility ``c`` (an expression)."""
    return SQL(
        "(((%s::date + 1)::timestamp AT TIME ZONE c.rehab_tz) AT TIME ZONE 'UTC')",
        day,
    )


def order_type_on_sql(day):
    """Order type of stay ``s`` on ``day``: its latest basis change dated by
    then, before its first change that change's ``from`` type, else its own."""
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
    """Stay ``s`` is in the facility on ``day`` (admitted, not yet released)."""
    return SQL(
        "s.admission_date <= %(day)s "
        "AND (s.release_date IS NULL OR s.release_date > %(day)s)",
        day=day,
    )


def population_sql(company_ids, days):
    """Population of ``company_ids`` at the end of each of ``days``: one scan.

    Rows: ``day``, ``company_id``, ``line_type`` (``population`` or
    ``residence``, see POPULATION_DIMS), the dimensions of that family (the
    others NULL) and ``count``. A stay is read once per day it counts on. Its
    order type (as ``order_type_on_sql``: the latest change by then, else the
    first change's ``from``) and its area (the beds held at the end of each
    day, through the bed history's GiST index on ``(company_id, (date_from,
    date_to])``) come from hash joins, not from one lookup per stay.
    """
    return SQL(
        """
        WITH ends AS (
            SELECT c.id AS company_id, d.day, %(eod)s AS eod
              FROM res_company c CROSS JOIN unnest(%(days)s::date[]) AS d(day)
             WHERE c.id = ANY(%(companies)s)),
        held AS (
            SELECT DISTINCT ON (ba.stay_id, e.day) ba.stay_id, e.day, ba.area_id
              FROM rehab_bed_assignment ba
              JOIN ends e ON e.company_id = ba.company_id
               AND tsrange(ba.date_from, ba.date_to, '(]') @> e.eod
             ORDER BY ba.stay_id, e.day, ba.date_from DESC),
        last_change AS (
            SELECT DISTINCT ON (bc.stay_id, d.day) bc.stay_id, d.day,
                   bc.to_order_type_id AS type_id
              FROM rehab_stay_basis_change bc
              JOIN unnest(%(days)s::date[]) AS d(day) ON bc.date <= d.day
             ORDER BY bc.stay_id, d.day, bc.date DESC, bc.id DESC),
        first_change AS (
            SELECT DISTINCT ON (bc.stay_id) bc.stay_id,
                   bc.from_order_type_id AS type_id
              FROM rehab_stay_basis_change bc
             ORDER BY bc.stay_id, bc.date, bc.id),
        pop AS (
            SELECT d.day, s.company_id, ba.area_id, ot.id AS order_type_id,
                   ot.kind AS order_kind, r.sex,
                   CASE WHEN ag.years < 14 THEN 'lt14'
                        WHEN ag.years < 16 THEN '14_16'
                        WHEN ag.years < 18 THEN '16_18'
                        WHEN ag.years < 30 THEN '18_30'
                        ELSE '30p' END AS age_band,
                   COALESCE(r.is_kinh, FALSE) AS is_kinh, r.province_id,
                   CASE ab.kind WHEN 'escape' THEN 'escaped'
                                WHEN 'suspension' THEN 'hospital'
                                ELSE 'present' END AS presence
              FROM rehab_stay s
              JOIN res_company c ON c.id = s.company_id
             CROSS JOIN unnest(%(days)s::date[]) AS d(day)
              JOIN rehab_resident r ON r.id = s.resident_id
              LEFT JOIN last_change lc ON lc.stay_id = s.id AND lc.day = d.day
              LEFT JOIN first_change fc ON fc.stay_id = s.id
              JOIN rehab_order_type ot
                ON ot.id = COALESCE(lc.type_id, fc.type_id, s.order_type_id)
             CROSS JOIN LATERAL (
                   SELECT date_part('year', age(d.day, r.birthdate))::int AS years) ag
              LEFT JOIN LATERAL (
                   SELECT a.kind FROM rehab_stay_absence a
                    WHERE a.stay_id = s.id AND %(away_start)s <= d.day
                      AND (a.date_end IS NULL OR %(away_end)s > d.day)
                    ORDER BY a.date_start DESC LIMIT 1) ab ON TRUE
              LEFT JOIN held ba ON ba.stay_id = s.id AND ba.day = d.day
             WHERE %(counted)s AND %(inside)s
        )
        SELECT day, company_id,
               CASE WHEN GROUPING(province_id) = 0 THEN 'residence'
                    ELSE 'population' END AS line_type,
               area_id, order_type_id, order_kind, sex, age_band, is_kinh,
               province_id, presence, COUNT(*) AS count
          FROM pop
         GROUP BY GROUPING SETS (
               (day, company_id, area_id, order_type_id, order_kind, sex,
                age_band, is_kinh, presence),
               (day, company_id, order_type_id, order_kind, sex, province_id))
        """,
        days=[day.isoformat() for day in days],
        companies=list(company_ids),
        away_start=local_date_sql(SQL("a.date_start")),
        away_end=local_date_sql(SQL("a.date_end")),
        eod=end_of_day_sql(SQL("d.day")),
        counted=counted_stays_sql(company_ids),
        inside=in_facility_sql(SQL("d.day")),
    )


def movements_sql(company_ids, date_from, date_to):
    """Movements from ``date_from`` to ``date_to`` (local days), grouped.

    Rows: ``company_id`` and MOVEMENT_DIMS, ``count``. One UNION of
    the movement kinds; the period bounds use the (company, date) indexes.
    The order type at admission and on the release date (as
    ``ORDER_TYPE_AT_ADMISSION`` and ``order_type_on_sql``) come from hash
    joins on the basis changes, not from subqueries per stay.
    """
    start = local_date_sql(SQL("a.date_start"))
    end = local_date_sql(SQL("a.date_end"))
    return SQL(
        """
        WITH first_change AS (
            SELECT DISTINCT ON (bc.stay_id) bc.stay_id,
                   bc.from_order_type_id AS type_id
              FROM rehab_stay_basis_change bc
             ORDER BY bc.stay_id, bc.date, bc.id),
        release_change AS (
            SELECT DISTINCT ON (bc.stay_id) bc.stay_id,
                   bc.to_order_type_id AS type_id
              FROM rehab_stay_basis_change bc
              JOIN rehab_stay s ON s.id = bc.stay_id
             WHERE bc.date <= s.release_date AND %(counted)s
               AND s.release_date BETWEEN %(d1)s AND %(d2)s
             ORDER BY bc.stay_id, bc.date DESC, bc.id DESC)
        SELECT s.company_id, 'admission' AS movement,
               ot.id AS order_type_id, ot.kind AS order_kind, r.sex, s.is_relapse,
               NULL::varchar AS release_reason, COUNT(*) AS count
          FROM rehab_stay s
          JOIN rehab_resident r ON r.id = s.resident_id
          LEFT JOIN first_change fc ON fc.stay_id = s.id
          JOIN rehab_order_type ot ON ot.id = COALESCE(fc.type_id, s.order_type_id)
         WHERE %(counted)s AND s.admission_date BETWEEN %(d1)s AND %(d2)s
         GROUP BY 1, 2, 3, 4, 5, 6, 7
        UNION ALL
        SELECT s.company_id, 'release', ot.id, ot.kind, r.sex,
               NULL::boolean, s.release_reason, COUNT(*)
          FROM rehab_stay s
          JOIN rehab_resident r ON r.id = s.resident_id
          LEFT JOIN release_change rc ON rc.stay_id = s.id
          LEFT JOIN first_change fc ON fc.stay_id = s.id
          JOIN rehab_order_type ot
            ON ot.id = COALESCE(rc.type_id, fc.type_id, s.order_type_id)
         WHERE %(counted)s AND s.release_date BETWEEN %(d1)s AND %(d2)s
         GROUP BY 1, 2, 3, 4, 5, 6, 7
        UNION ALL
        SELECT s.company_id, x.movement, ot.id, ot.kind, r.sex,
               NULL::boolean, NULL::varchar, COUNT(*)
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
        SELECT s.company_id, e.movement, ot.id, ot.kind, r.sex,
               NULL::boolean, NULL::varchar, COUNT(*)
          FROM rehab_stay_absence a
          JOIN rehab_stay s ON s.id = a.stay_id
          JOIN res_company c ON c.id = s.company_id
          JOIN rehab_resident r ON r.id = s.resident_id
         CROSS JOIN LATERAL (VALUES
               (%(start)s, CASE a.kind WHEN 'escape' THEN 'escape'
                                       ELSE 'suspension' END),
               (%(end)s, CASE a.kind WHEN 'escape' THEN 'return'
                                     ELSE 'suspension_return' END)) e(day, movement)
          JOIN rehab_order_type ot ON ot.id = %(on_day)s
         WHERE %(counted)s AND e.day BETWEEN %(d1)s AND %(d2)s
           AND a.kind IN ('escape', 'suspension')
           AND a.date_start <= %(d2)s::date + 2
           AND (a.date_end IS NULL OR a.date_end >= %(d1)s::date - 1)
         GROUP BY 1, 2, 3, 4, 5, 6, 7
        """,
        on_day=order_type_on_sql(SQL("e.day")),
        start=start,
        end=end,
        counted=counted_stays_sql(company_ids),
        d1=date_from,
        d2=date_to,
    )


def beds_sql(company_ids, day):
    """Beds per area at the end of ``day``: one join on the bed history.

    The end of the local day is computed once per facility (``ends``); the
    occupied beds are found through the GiST index on the history's ranges
    (``rehab_bed_assignment_held_idx``).
    """
    return SQL(
        """
        WITH ends AS (
            SELECT c.id AS company_id, %(eod)s AS eod
              FROM res_company c WHERE c.id = ANY(%(companies)s)),
        held AS (
            SELECT DISTINCT ba.bed_id
              FROM rehab_bed_assignment ba
              JOIN ends e ON e.company_id = ba.company_id
             WHERE tsrange(ba.date_from, ba.date_to, '(]') @> e.eod)
        SELECT b.company_id, b.area_id,
               COUNT(*) AS capacity,
               COUNT(h.bed_id) AS occupied,
               COUNT(*) FILTER (WHERE h.bed_id IS NULL
                                 AND b.condition != 'available') AS unavailable,
               COUNT(*) FILTER (WHERE h.bed_id IS NULL
                                 AND b.condition = 'available') AS free
          FROM rehab_bed b
          LEFT JOIN held h ON h.bed_id = b.id
         WHERE b.company_id = ANY(%(companies)s) AND b.active
         GROUP BY 1, 2
        """,
        eod=end_of_day_sql(day),
        companies=list(company_ids),
    )
