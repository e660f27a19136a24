"""18.0.1.1.0: recorded occupancy figures get a header row per facility and
day (``rehab_occupancy_day``), and the population is stored in two families
(by area/order/sex/age/ethnicity/presence, and by order/sex/home province)
instead of one row per combination of all of them.

Runs before the models are loaded: creates the header table with the
columns the ORM expects (it adds its constraints and foreign keys after),
one header per (facility, day) already recorded, links every detail row to
its header, and regroups the old population rows into the two families.
The figures of every recorded day are the same before and after (the
report's sheets sum the same counts); marker rows of days without residents
are no longer needed (the header says the day was recorded).
"""

import logging

_logger = logging.getLogger(__name__)

POPULATION = "area_id, order_type_id, order_kind, sex, age_band, is_kinh, presence"
RESIDENCE = "order_type_id, order_kind, sex, province_id"
AUDIT = "create_uid, create_date, write_uid, write_date"


def migrate(cr, version):
    cr.execute("SELECT to_regclass('rehab_occupancy_snapshot')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS rehab_occupancy_day (
            id SERIAL PRIMARY KEY,
            company_id INTEGER NOT NULL,
            date DATE NOT NULL,
            resident_count INTEGER,
            create_uid INTEGER, create_date TIMESTAMP,
            write_uid INTEGER, write_date TIMESTAMP)
        """
    )
    cr.execute(
        f"""
        INSERT INTO rehab_occupancy_day (company_id, date, resident_count, {AUDIT})
        SELECT company_id, date,
               COALESCE(SUM(resident_count) FILTER (WHERE line_type = 'population'), 0),
               MIN(create_uid), MIN(create_date), MIN(create_uid), MIN(create_date)
          FROM rehab_occupancy_snapshot
         GROUP BY company_id, date
        """
    )
    _logger.info("rehab_occupancy_day: %s recorded days", cr.rowcount)
    cr.execute(
        "ALTER TABLE rehab_occupancy_snapshot ADD COLUMN IF NOT EXISTS day_id INTEGER"
    )
    cr.execute(
        """
        UPDATE rehab_occupancy_snapshot s SET day_id = d.id
          FROM rehab_occupancy_day d
         WHERE d.company_id = s.company_id AND d.date = s.date
        """
    )
    cr.execute(
        f"""
        CREATE TEMP TABLE rehab_occupancy_regrouped ON COMMIT DROP AS
        SELECT day_id, date, company_id, 'residence'::varchar AS line_type,
               NULL::int AS area_id, {RESIDENCE}, NULL::varchar AS age_band,
               NULL::boolean AS is_kinh, NULL::varchar AS presence,
               SUM(resident_count) AS resident_count,
               MIN(create_uid) AS create_uid, MIN(create_date) AS create_date
          FROM rehab_occupancy_snapshot WHERE line_type = 'population'
         GROUP BY day_id, date, company_id, {RESIDENCE}
        HAVING SUM(resident_count) != 0
        UNION ALL
        SELECT day_id, date, company_id, 'population', area_id,
               order_type_id, order_kind, sex, NULL::int, age_band, is_kinh, presence,
               SUM(resident_count), MIN(create_uid), MIN(create_date)
          FROM rehab_occupancy_snapshot WHERE line_type = 'population'
         GROUP BY day_id, date, company_id, {POPULATION}
        HAVING SUM(resident_count) != 0
        """
    )
    cr.execute("DELETE FROM rehab_occupancy_snapshot WHERE line_type = 'population'")
    cr.execute(
        f"""
        INSERT INTO rehab_occupancy_snapshot
               (day_id, date, company_id, line_type, area_id, {RESIDENCE},
                age_band, is_kinh, presence, resident_count, {AUDIT})
        SELECT day_id, date, company_id, line_type, area_id, {RESIDENCE},
               age_band, is_kinh, presence, resident_count,
               create_uid, create_date, create_uid, create_date
          FROM rehab_occupancy_regrouped
        """
    )
    _logger.info("rehab_occupancy_snapshot: %s population rows regrouped", cr.rowcount)
    # Superseded by rehab_occupancy_snapshot_lookup_idx (company, date, figure).
    for column in ("date", "company_id", "line_type"):
        cr.execute(f"DROP INDEX IF EXISTS rehab_occupancy_snapshot__{column}_index")
