"""SQL of the after-care outcomes and of the QĐ 127/2009 breakdowns
(definitions: ``rehab.occupancy.figures`` and README, *Plan targets*).

Plain functions returning ``odoo.tools.SQL``, one grouped statement each,
whatever the number of stays: the same stays count as in the workbook's
sheets 1 and 2 (``rehab_occupancy_sql.counted_stays_sql``).
"""

from odoo.tools import SQL

from . import rehab_occupancy_sql as occ_sql

# Releases after which the person goes home and post-rehab management
# follows (Law 73/2021 Art. 40); a release without a reason counts as a
# completed term, as on sheet 2.
HOME_RELEASES = ("completed", "court")


def outcomes_sql(company_ids, date_from, date_to):
    """After-care outcomes of the period, one row of named counts.

    - ``released_home``: releases dated in the period with a reason of
      HOME_RELEASES (sheet 2, lines 3.1 and 3.2);
    - ``managed``: of them, those with a post-rehab management record;
    - ``jobs``: post-rehab records of the facilities whose first job
      placement is dated in the period (people placed in a job);
    - ``under_management``: records open at some time in the period (started
      by its end, not ended, completed or relapsed before its start);
    - ``relapsed``: records closed as relapsed in the period;
    - ``managed_at_end``: records open on the last day of the period.
    """
    return SQL(
        """
        WITH released AS (
            SELECT s.id FROM rehab_stay s
             WHERE %(counted)s AND s.release_date BETWEEN %(d1)s AND %(d2)s
               AND COALESCE(s.release_reason, 'completed') IN %(home)s),
        managed AS (
            SELECT p.* FROM rehab_post_rehab p
              JOIN rehab_stay s ON s.id = p.stay_id
             WHERE %(counted)s)
        SELECT (SELECT COUNT(*) FROM released) AS released_home,
               (SELECT COUNT(DISTINCT p.stay_id) FROM managed p
                 WHERE p.stay_id IN (SELECT id FROM released)) AS managed,
               COUNT(*) FILTER (WHERE p.job_date BETWEEN %(d1)s AND %(d2)s) AS jobs,
               COUNT(*) FILTER (
                   WHERE p.date_start <= %(d2)s AND p.date_end >= %(d1)s
                     AND (p.completion_date IS NULL OR p.completion_date >= %(d1)s)
                     AND (p.relapse_date IS NULL OR p.relapse_date >= %(d1)s)
               ) AS under_management,
               COUNT(*) FILTER (
                   WHERE p.relapse_date BETWEEN %(d1)s AND %(d2)s) AS relapsed,
               COUNT(*) FILTER (
                   WHERE p.date_start <= %(d2)s AND p.date_end > %(d2)s
                     AND (p.completion_date IS NULL OR p.completion_date > %(d2)s)
                     AND (p.relapse_date IS NULL OR p.relapse_date > %(d2)s)
               ) AS managed_at_end
          FROM managed p
        """,
        counted=occ_sql.counted_stays_sql(company_ids),
        home=HOME_RELEASES,
        d1=date_from,
        d2=date_to,
    )


def breakdown_sql(company_ids, day, drug_relation):
    """People in the facilities at the end of ``day`` (sheet 1's population)
    by education, occupation, drug used, prior rehab and legal record
    (tiền án, tiền sự), each by sex.

    Rows: ``dimension``, ``key``, ``label`` (occupation as written, else
    NULL), ``sex``, ``count``. A person using two drugs counts once under
    each; ``drug/none`` counts those without a drug recorded. Occupations
    are grouped case- and space-insensitively.
    """
    table, resident_col, drug_col = drug_relation
    return SQL(
        """
        WITH pop AS (
            SELECT s.id AS stay_id, r.id AS resident_id, r.sex, r.education,
                   r.legal_record,
                   NULLIF(lower(btrim(r.occupation)), '') AS occupation,
                   btrim(r.occupation) AS occupation_label, s.is_relapse
              FROM rehab_stay s
              JOIN rehab_resident r ON r.id = s.resident_id
             WHERE %(counted)s AND %(inside)s)
        SELECT 'education' AS dimension, COALESCE(education, '') AS key,
               NULL AS label, sex, COUNT(*) AS count
          FROM pop GROUP BY 2, 4
        UNION ALL
        SELECT 'occupation', COALESCE(occupation, ''), MIN(occupation_label),
               sex, COUNT(*)
          FROM pop GROUP BY 2, 4
        UNION ALL
        SELECT 'prior', CASE WHEN is_relapse THEN 'relapse' ELSE 'first' END,
               NULL, sex, COUNT(*)
          FROM pop GROUP BY 2, 4
        UNION ALL
        SELECT 'legal', COALESCE(legal_record, ''), NULL, sex, COUNT(*)
          FROM pop GROUP BY 2, 4
        UNION ALL
        SELECT 'drug', COALESCE(rel.%(drug_col)s::varchar, ''), NULL, pop.sex,
               COUNT(DISTINCT pop.stay_id)
          FROM pop LEFT JOIN %(table)s rel ON rel.%(resident_col)s = pop.resident_id
         GROUP BY 2, 4
        """,
        counted=occ_sql.counted_stays_sql(company_ids),
        inside=occ_sql.in_facility_sql(day),
        table=SQL.identifier(table),
        resident_col=SQL.identifier(resident_col),
        drug_col=SQL.identifier(drug_col),
    )
