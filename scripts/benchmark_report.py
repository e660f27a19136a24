#!/usr/bin/env python3
"""Benchmark of the occupancy report export, at the scale of a province.

Seeds a THROWAWAY database with SQL inserts (5 facilities, 10,000 stays,
2,000 vocational classes, 1,000,000 attendance lines by default), then times

- the export of one year for all facilities: the wizard's figures
  (``_compute_report``) and the workbook (``build_workbook``), and counts
  its SQL queries;
- the equivalent hand-written SQL queries (run in the same process, same
  data), which compute the same figures; the totals of both are compared.

Target: export time <= 3 x the hand-written SQL, and a query count that
does not depend on the number of stays (run it with ``--stays 1000`` too).

Usage, from the repository root (the database name must contain "bench";
``--create`` drops it, creates it and installs the addons without demo):

    .venv/bin/python addons/rehab_facility/scripts/benchmark_report.py \\
        -c /tmp/dev.conf -d rehab_bench --create

    # again on the seeded database, or at another scale:
    .venv/bin/python addons/rehab_facility/scripts/benchmark_report.py \\
        -c /tmp/dev.conf -d rehab_bench
    .venv/bin/python addons/rehab_facility/scripts/benchmark_report.py \\
        -c /tmp/dev.conf -d rehab_bench_small --create --stays 1000 \\
        --classes 200 --lines 100000

``ODOO_SRC`` (default /opt/odoo/18.0) is the Odoo source tree.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

BENCH_PREFIX = "BENCH "
YEAR = 2025


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--create", action="store_true", help="drop/create/install")
    parser.add_argument("--facilities", type=int, default=5)
    parser.add_argument("--stays", type=int, default=10_000)
    parser.add_argument("--classes", type=int, default=2_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if "bench" not in args.database:
        parser.error("the database name must contain 'bench': it gets seeded")
    return args


def create_database(args, odoo_src):
    subprocess.run(["dropdb", "--if-exists", args.database], check=True)
    subprocess.run(["createdb", args.database], check=True)
    subprocess.run(
        [
            sys.executable,
            os.path.join(odoo_src, "odoo-bin"),
            "-c",
            args.config,
            "-d",
            args.database,
            "-i",
            "rehab_facility,rehab_vocational",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


# ------------------------------------------------------------------ seeding
def seed(env, args):
    """Facilities, areas and beds (ORM), then people and history (SQL)."""
    cr = env.cr
    companies = env["res.company"].create(
        [{"name": f"{BENCH_PREFIX}Cơ sở {n + 1}"} for n in range(args.facilities)]
    )
    beds_per_area = {
        ("compulsory", "male", "adult"): 500,
        ("compulsory", "female", "adult"): 100,
        ("voluntary", "male", "adult"): 200,
        ("voluntary", "female", "adult"): 50,
        ("minor", "male", "minor"): 50,
        ("temporary", "male", "adult"): 100,
    }
    for company in companies:
        for (kind, sex, age_group), count in beds_per_area.items():
            area = env["rehab.area"].create(
                {
                    "name": f"Khu {kind} {sex}",
                    "kind": kind,
                    "sex": sex,
                    "age_group": age_group,
                    "company_id": company.id,
                }
            )
            room = env["rehab.room"].create({"name": "P1", "area_id": area.id})
            cr.execute(
                """
                INSERT INTO rehab_bed (name, room_id, area_id, company_id, area_kind,
                                       sex, age_group, condition, status, active,
                                       sequence)
                SELECT 'G' || g, %s, %s, %s, %s, %s, %s,
                       CASE WHEN g %% 50 = 0 THEN 'out_of_order' ELSE 'available' END,
                       CASE WHEN g %% 50 = 0 THEN 'out_of_order' ELSE 'free' END,
                       TRUE, 10
                  FROM generate_series(1, %s) g
                """,
                [room.id, area.id, company.id, kind, sex, age_group, count],
            )
    env.flush_all()
    ids = companies.ids
    relapses = args.stays // 12
    people = args.stays - relapses
    cr.execute(
        """
        INSERT INTO rehab_resident (name, company_id, sex, birthdate, birth_year,
                                    ethnicity, is_kinh, province_id, active,
                                    create_uid, write_uid, create_date, write_date)
        SELECT 'Học viên ' || g, c.ids[1 + g %% array_length(c.ids, 1)],
               CASE WHEN g %% 9 = 0 THEN 'female' ELSE 'male' END, b.birthdate,
               extract(year FROM b.birthdate)::int,
               CASE WHEN g %% 11 = 0 THEN 'Tày' ELSE 'Kinh' END, g %% 11 <> 0,
               CASE WHEN g %% 13 = 0 THEN NULL
                    ELSE p.ids[1 + g %% array_length(p.ids, 1)] END,
               TRUE, 1, 1, now(), now()
          FROM generate_series(1, %s) g
         CROSS JOIN (SELECT %s::int[] AS ids) c
         CROSS JOIN (SELECT array_agg(id ORDER BY code) AS ids FROM rehab_province) p
         CROSS JOIN LATERAL (SELECT CASE WHEN g %% 20 = 0
                 THEN date '2009-06-01' + (g * 37) %% 1500
                 ELSE date '1965-01-01' + (g * 7919) %% 13000 END AS birthdate) b
        """,
        [people, ids],
    )
    cr.execute("SELECT min(id) FROM rehab_resident WHERE name LIKE 'Học viên %'")
    first = cr.fetchone()[0]
    # Main stays: admitted 2023-01-01 .. 2026-10-31; minors compulsory_minor.
    cr.execute(
        """
        WITH base AS (
            SELECT r.id AS resident_id, r.company_id, r.sex, r.birthdate,
                   r.id - %(first)s + 1 AS g,
                   date '2023-01-01' + ((r.id * 7907) %% 1400) AS admission
              FROM rehab_resident r WHERE r.id >= %(first)s),
        typed AS (
            SELECT b.*,
                   CASE WHEN age(b.admission, b.birthdate) < interval '18 years'
                        THEN 'compulsory_minor'
                        WHEN b.g %% 100 < 58 THEN 'compulsory_adult'
                        WHEN b.g %% 100 < 85 THEN 'voluntary'
                        WHEN b.g %% 100 < 95 THEN 'pending'
                        ELSE 'temporary' END AS kind,
                   b.admission + 120 + (b.g * 31) %% 600 AS planned_release
              FROM base b)
        INSERT INTO rehab_stay (name, resident_id, company_id, state, order_kind,
                                order_type_id, regime, admission_date, release_date,
                                release_reason, is_relapse, sex, active, term_months,
                                create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/' || t.g, t.resident_id, t.company_id,
               CASE WHEN t.planned_release <= date '2026-11-20' THEN 'released'
                    ELSE 'in_rehab' END,
               t.kind, ot.id, ot.regime, t.admission,
               CASE WHEN t.planned_release <= date '2026-11-20'
                    THEN t.planned_release END,
               CASE WHEN t.planned_release > date '2026-11-20' THEN NULL
                    WHEN t.g %% 50 = 0 THEN 'death'
                    WHEN t.g %% 50 < 4 THEN 'transfer'
                    WHEN t.g %% 50 < 7 THEN 'hospital'
                    WHEN t.g %% 50 < 11 THEN 'court'
                    WHEN t.g %% 50 < 13 THEN 'escape'
                    ELSE 'completed' END,
               FALSE, t.sex, TRUE, 24, 1, 1, now(), now()
          FROM typed t
          JOIN rehab_order_type ot ON ot.kind = t.kind
           AND ot.date_from <= t.admission
           AND (ot.date_to IS NULL OR ot.date_to >= t.admission)
        """,
        {"first": first},
    )
    # Earlier stays of relapsing residents (released before the main stay).
    cr.execute(
        """
        INSERT INTO rehab_stay (name, resident_id, company_id, state, order_kind,
                                order_type_id, regime, admission_date, release_date,
                                release_reason, is_relapse, sex, active, term_months,
                                create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/R' || s.id, s.resident_id, s.company_id, 'released',
               'compulsory_adult', ot.id, ot.regime, s.admission_date - 800,
               s.admission_date - 70, 'completed', FALSE, s.sex, TRUE, 24,
               1, 1, now(), now()
          FROM rehab_stay s
          JOIN rehab_order_type ot ON ot.kind = 'compulsory_adult'
           AND ot.date_from <= s.admission_date - 800
           AND (ot.date_to IS NULL OR ot.date_to >= s.admission_date - 800)
         WHERE s.name LIKE 'BENCH/%%' AND s.order_kind = 'compulsory_adult'
         ORDER BY s.id LIMIT %s
        """,
        [relapses],
    )
    cr.execute(
        """
        UPDATE rehab_stay s SET is_relapse = TRUE
          FROM rehab_stay old
         WHERE old.name = 'BENCH/R' || s.id
        """
    )
    # Half the pending stays were made compulsory 20 to 60 days later.
    cr.execute(
        """
        WITH conv AS (
            SELECT s.id, s.order_type_id AS from_id,
                   s.admission_date + 20 + s.id % 40 AS day
              FROM rehab_stay s
             WHERE s.name LIKE 'BENCH/%' AND s.order_kind = 'pending'
               AND s.id % 2 = 0
               AND s.admission_date + 20 + s.id % 40
                   < COALESCE(s.release_date, date '2026-11-20')),
        ins AS (
            INSERT INTO rehab_stay_basis_change (stay_id, company_id, date,
                                                 from_order_type_id,
                                                 to_order_type_id, credit_days,
                                                 create_uid, write_uid,
                                                 create_date, write_date)
            SELECT c.id, s.company_id, c.day, c.from_id, ot.id,
                   c.day - s.admission_date, 1, 1, now(), now()
              FROM conv c JOIN rehab_stay s ON s.id = c.id
              JOIN rehab_order_type ot ON ot.kind = 'compulsory_adult'
               AND ot.date_from <= c.day
               AND (ot.date_to IS NULL OR ot.date_to >= c.day)
            RETURNING stay_id, to_order_type_id)
        UPDATE rehab_stay s SET order_kind = 'compulsory_adult',
                                order_type_id = ins.to_order_type_id
          FROM ins WHERE ins.stay_id = s.id
        """
    )
    # Escapes (6 %, most came back after 15 days) and hospital stays (2 %).
    cr.execute(
        """
        INSERT INTO rehab_stay_absence (stay_id, resident_id, company_id, kind,
                                        date_start, date_end, days_away, is_open,
                                        create_uid, write_uid, create_date,
                                        write_date)
        SELECT s.id, s.resident_id, s.company_id,
               CASE WHEN s.id % 50 < 3 THEN 'escape' ELSE 'suspension' END,
               (s.admission_date + 30)::timestamp + interval '3 hours',
               CASE WHEN s.id % 5 = 0 AND s.state <> 'released' THEN NULL
                    ELSE (s.admission_date + 45)::timestamp + interval '9 hours'
               END,
               15, s.id % 5 = 0 AND s.state <> 'released', 1, 1, now(), now()
          FROM rehab_stay s
         WHERE s.name LIKE 'BENCH/%' AND s.id % 50 < 4
           AND s.admission_date + 46 < COALESCE(s.release_date, date '2026-11-20')
        """
    )
    cr.execute(
        """
        UPDATE rehab_stay s
           SET state = CASE a.kind WHEN 'escape' THEN 'absent' ELSE 'suspended' END
          FROM rehab_stay_absence a
         WHERE a.stay_id = s.id AND a.date_end IS NULL AND s.state = 'in_rehab'
        """
    )
    # Beds of the residents in the facility now (one each, while beds last).
    cr.execute(
        """
        WITH open_stays AS (
            SELECT s.id, s.company_id, s.admission_date,
                   row_number() OVER (PARTITION BY s.company_id ORDER BY s.id) AS n
              FROM rehab_stay s
             WHERE s.name LIKE 'BENCH/%' AND s.state <> 'released'),
        free_beds AS (
            SELECT b.id, b.company_id, b.area_id,
                   row_number() OVER (PARTITION BY b.company_id ORDER BY b.id) AS n
              FROM rehab_bed b WHERE b.condition = 'available')
        INSERT INTO rehab_bed_assignment (bed_id, stay_id, company_id, area_id,
                                          date_from, create_uid, write_uid,
                                          create_date, write_date)
        SELECT f.id, o.id, o.company_id, f.area_id,
               o.admission_date::timestamp, 1, 1, now(), now()
          FROM open_stays o JOIN free_beds f
            ON f.company_id = o.company_id AND f.n = o.n
        """
    )
    cr.execute(
        """
        UPDATE rehab_bed b SET status = 'occupied', current_assignment_id = a.id,
               current_stay_id = a.stay_id, current_stay_state = s.state
          FROM rehab_bed_assignment a JOIN rehab_stay s ON s.id = a.stay_id
         WHERE a.bed_id = b.id AND a.date_to IS NULL
        """
    )
    # Incidents: about one per 4 stays, a few duplicates.
    cr.execute(
        """
        INSERT INTO rehab_incident (name, company_id, type_id, severity, state,
                                    description, date, month, active,
                                    create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/SC/' || g, c.ids[1 + g %% array_length(c.ids, 1)],
               t.ids[1 + g %% array_length(t.ids, 1)],
               (ARRAY['low', 'medium', 'high', 'critical'])[1 + g %% 4],
               CASE WHEN g %% 40 = 0 THEN 'duplicate' ELSE 'closed' END, 'bench',
               d.day::timestamp + interval '2 hours', date_trunc('month', d.day),
               TRUE, 1, 1, now(), now()
          FROM generate_series(1, %s) g
         CROSS JOIN (SELECT %s::int[] AS ids) c
         CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids
                       FROM rehab_incident_type) t
         CROSS JOIN LATERAL (SELECT date '2024-01-01' + (g * 13) %% 1050 AS day) d
        """,
        [args.stays // 4, ids],
    )
    if "rehab.training.class" in env:
        seed_vocational(env, args, ids)
    cr.execute("ANALYZE")
    return companies


def seed_vocational(env, args, company_ids):
    """Classes, 25 trainees each, sessions every 4 days, attendance lines."""
    cr = env.cr
    per_class = 25
    sessions = max(args.lines // (args.classes * per_class), 1)
    cr.execute(
        """
        INSERT INTO rehab_training_class (name, trade_id, company_id, capacity,
                                          certificate_level, state, date_start,
                                          date_end, required_hours,
                                          min_attendance_rate, is_theory, active,
                                          create_uid, write_uid, create_date,
                                          write_date)
        SELECT 'BENCH lớp ' || g, t.ids[1 + g %% array_length(t.ids, 1)],
               c.ids[1 + g %% array_length(c.ids, 1)], 35, 'elementary',
               CASE WHEN d.start + 90 < date '2026-11-20' THEN 'done'
                    ELSE 'running' END,
               d.start, d.start + 90, 300, 80, TRUE, TRUE, 1, 1, now(), now()
          FROM generate_series(1, %s) g
         CROSS JOIN (SELECT %s::int[] AS ids) c
         CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM rehab_trade) t
         CROSS JOIN LATERAL (SELECT date '2024-01-01' + (g * 17) %% 960 AS start) d
        """,
        [args.classes, company_ids],
    )
    cr.execute(
        """
        WITH residents AS (
            SELECT id, name, company_id,
                   row_number() OVER (PARTITION BY company_id ORDER BY id) - 1 AS n,
                   count(*) OVER (PARTITION BY company_id) AS total
              FROM rehab_resident WHERE name LIKE 'Học viên %%'),
        classes AS (
            SELECT id, company_id, trade_id, date_start, date_end, state,
                   row_number() OVER (PARTITION BY company_id ORDER BY id) AS n
              FROM rehab_training_class WHERE name LIKE 'BENCH lớp %%')
        INSERT INTO rehab_training_enrollment (class_id, company_id, trade_id,
                                               certificate_level, resident_id,
                                               resident_name, state, result,
                                               date_enrolled, certificate_number,
                                               certificate_date, create_uid,
                                               write_uid, create_date, write_date)
        SELECT c.id, c.company_id, c.trade_id, 'elementary', r.id, r.name,
               CASE WHEN c.state = 'done' THEN 'completed' ELSE 'enrolled' END,
               CASE WHEN c.state = 'done' AND k %% 3 = 0 THEN 'pass'
                    ELSE 'pending' END,
               c.date_start,
               CASE WHEN c.state = 'done' AND k %% 3 = 0
                    THEN 'BENCH-CC-' || c.id || '-' || k END,
               CASE WHEN c.state = 'done' AND k %% 3 = 0 THEN c.date_end END,
               1, 1, now(), now()
          FROM classes c CROSS JOIN generate_series(0, %s - 1) k
          JOIN residents r ON r.company_id = c.company_id
           AND r.n = (c.n * 7 + k * 157) %% r.total
        ON CONFLICT DO NOTHING
        """,
        [per_class],
    )
    cr.execute(
        """
        INSERT INTO rehab_training_session (class_id, company_id, trade_id, date,
                                            time_start, time_end, hours, state,
                                            create_uid, write_uid, create_date,
                                            write_date)
        SELECT c.id, c.company_id, c.trade_id, c.date_start + k * 4, 7.5, 11.5, 4,
               CASE WHEN c.date_start + k * 4 < date '2026-11-20' THEN 'confirmed'
                    ELSE 'draft' END, 1, 1, now(), now()
          FROM rehab_training_class c CROSS JOIN generate_series(0, %s - 1) k
         WHERE c.name LIKE 'BENCH lớp %%'
        """,
        [sessions],
    )
    cr.execute(
        """
        INSERT INTO rehab_attendance_line (session_id, class_id, company_id,
                                           trade_id, date, hours, session_state,
                                           enrollment_id, resident_id,
                                           resident_name, status, attended_hours,
                                           create_uid, write_uid, create_date,
                                           write_date)
        SELECT s.id, s.class_id, s.company_id, s.trade_id, s.date, 4, s.state,
               e.id, e.resident_id, e.resident_name, st.status,
               CASE WHEN st.status IN ('present', 'late') THEN 4 ELSE 0 END,
               1, 1, now(), now()
          FROM rehab_training_session s
          JOIN rehab_training_enrollment e ON e.class_id = s.class_id
         CROSS JOIN LATERAL (SELECT CASE WHEN (s.id + e.id) %% 20 < 16 THEN 'present'
                                         WHEN (s.id + e.id) %% 20 = 16 THEN 'late'
                                         WHEN (s.id + e.id) %% 20 = 17 THEN 'excused'
                                         ELSE 'absent' END AS status) st
         WHERE s.company_id = ANY(%s)
        """,
        [company_ids],
    )


# --------------------------------------------------------- hand-written SQL
HAND_SQL = {
    "population (closing and opening)": """
        WITH st AS (
            SELECT s.id, s.company_id, r.sex, r.birthdate, r.is_kinh, r.province_id,
                   s.admission_date, s.release_date, s.order_type_id
              FROM rehab_stay s JOIN rehab_resident r ON r.id = s.resident_id
             WHERE s.company_id = ANY(%(c)s) AND s.active AND s.state <> 'intake'),
        days(day) AS (VALUES (%(d2)s::date), (%(d0)s::date))
        SELECT d.day, t.kind, st.sex,
               width_bucket(extract(year FROM age(d.day, st.birthdate)),
                            ARRAY[14, 16, 18, 30]) AS band,
               st.is_kinh, st.province_id,
               (SELECT a.kind FROM rehab_stay_absence a JOIN res_company c
                     ON c.id = a.company_id
                 WHERE a.stay_id = st.id
                   AND (a.date_start AT TIME ZONE 'UTC' AT TIME ZONE c.rehab_tz)::date
                       <= d.day
                   AND (a.date_end IS NULL OR (a.date_end AT TIME ZONE 'UTC'
                        AT TIME ZONE c.rehab_tz)::date > d.day)
                 LIMIT 1) AS away,
               count(*)
          FROM st CROSS JOIN days d
          JOIN rehab_order_type t ON t.id = COALESCE(
               (SELECT b.to_order_type_id FROM rehab_stay_basis_change b
                 WHERE b.stay_id = st.id AND b.date <= d.day
                 ORDER BY b.date DESC, b.id DESC LIMIT 1),
               (SELECT b.from_order_type_id FROM rehab_stay_basis_change b
                 WHERE b.stay_id = st.id ORDER BY b.date, b.id LIMIT 1),
               st.order_type_id)
         WHERE st.admission_date <= d.day
           AND (st.release_date IS NULL OR st.release_date > d.day)
         GROUP BY 1, 2, 3, 4, 5, 6, 7""",
    "admissions": """
        SELECT s.company_id, t.kind, s.is_relapse, count(*)
          FROM rehab_stay s
          JOIN rehab_order_type t ON t.id = COALESCE(
               (SELECT b.from_order_type_id FROM rehab_stay_basis_change b
                 WHERE b.stay_id = s.id ORDER BY b.date, b.id LIMIT 1),
               s.order_type_id)
         WHERE s.company_id = ANY(%(c)s) AND s.active AND s.state <> 'intake'
           AND s.admission_date BETWEEN %(d1)s AND %(d2)s
         GROUP BY 1, 2, 3""",
    "releases": """
        SELECT s.company_id, t.kind, s.release_reason, count(*)
          FROM rehab_stay s
          JOIN rehab_order_type t ON t.id = COALESCE(
               (SELECT b.to_order_type_id FROM rehab_stay_basis_change b
                 WHERE b.stay_id = s.id AND b.date <= s.release_date
                 ORDER BY b.date DESC, b.id DESC LIMIT 1),
               (SELECT b.from_order_type_id FROM rehab_stay_basis_change b
                 WHERE b.stay_id = s.id ORDER BY b.date, b.id LIMIT 1),
               s.order_type_id)
         WHERE s.company_id = ANY(%(c)s) AND s.active AND s.state <> 'intake'
           AND s.release_date BETWEEN %(d1)s AND %(d2)s
         GROUP BY 1, 2, 3""",
    "conversions": """
        SELECT s.company_id, f.kind, t.kind, count(*)
          FROM rehab_stay_basis_change b JOIN rehab_stay s ON s.id = b.stay_id
          JOIN rehab_order_type f ON f.id = b.from_order_type_id
          JOIN rehab_order_type t ON t.id = b.to_order_type_id
         WHERE s.company_id = ANY(%(c)s) AND s.active AND s.state <> 'intake'
           AND b.date BETWEEN %(d1)s AND %(d2)s
         GROUP BY 1, 2, 3""",
    "escapes and returns": """
        SELECT a.company_id, a.kind,
               count(*) FILTER (WHERE (a.date_start AT TIME ZONE 'UTC'
                   AT TIME ZONE c.rehab_tz)::date BETWEEN %(d1)s AND %(d2)s),
               count(*) FILTER (WHERE (a.date_end AT TIME ZONE 'UTC'
                   AT TIME ZONE c.rehab_tz)::date BETWEEN %(d1)s AND %(d2)s)
          FROM rehab_stay_absence a JOIN res_company c ON c.id = a.company_id
          JOIN rehab_stay s ON s.id = a.stay_id
         WHERE a.company_id = ANY(%(c)s) AND s.active AND s.state <> 'intake'
         GROUP BY 1, 2""",
    "beds": """
        SELECT b.area_id, count(*),
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM rehab_bed_assignment a
                    WHERE a.bed_id = b.id AND a.date_from < %(eod)s
                      AND (a.date_to IS NULL OR a.date_to >= %(eod)s)))
          FROM rehab_bed b
         WHERE b.company_id = ANY(%(c)s) AND b.active
         GROUP BY 1""",
    "incidents": """
        SELECT i.type_id, i.severity, count(*)
          FROM rehab_incident i JOIN res_company c ON c.id = i.company_id
         WHERE i.company_id = ANY(%(c)s) AND i.active AND i.state <> 'duplicate'
           AND (i.date AT TIME ZONE 'UTC' AT TIME ZONE c.rehab_tz)::date
               BETWEEN %(d1)s AND %(d2)s
         GROUP BY 1, 2""",
    "vocational": """
        SELECT k.trade_id, count(*) FROM rehab_training_class k
         WHERE k.company_id = ANY(%(c)s) AND k.active
           AND k.state IN ('running', 'done')
           AND k.date_start <= %(d2)s AND k.date_end >= %(d1)s
         GROUP BY 1;
        SELECT count(DISTINCT e.resident_id) FROM rehab_training_enrollment e
          JOIN rehab_training_class k ON k.id = e.class_id
         WHERE k.company_id = ANY(%(c)s) AND k.active
           AND k.state IN ('running', 'done')
           AND k.date_start <= %(d2)s AND k.date_end >= %(d1)s
           AND e.date_enrolled <= %(d2)s
           AND (e.date_withdrawn IS NULL OR e.date_withdrawn >= %(d1)s);
        SELECT count(*) FROM rehab_training_session s
         WHERE s.company_id = ANY(%(c)s) AND s.state = 'confirmed'
           AND s.date BETWEEN %(d1)s AND %(d2)s;
        SELECT sum(l.attended_hours) / NULLIF(sum(l.hours), 0)
          FROM rehab_attendance_line l
         WHERE l.company_id = ANY(%(c)s) AND l.session_state = 'confirmed'
           AND l.date BETWEEN %(d1)s AND %(d2)s;
        SELECT count(*) FROM rehab_training_enrollment e
         WHERE e.company_id = ANY(%(c)s) AND e.certificate_number IS NOT NULL
           AND e.certificate_date BETWEEN %(d1)s AND %(d2)s""",
}


def run_hand_sql(cr, company_ids, vocational):
    from datetime import date, datetime

    params = {
        "c": company_ids,
        "d0": date(YEAR - 1, 12, 31),
        "d1": date(YEAR, 1, 1),
        "d2": date(YEAR, 12, 31),
        "eod": datetime(YEAR, 12, 31, 17),  # midnight, Vietnam time
    }
    results = {}
    for name, sql in HAND_SQL.items():
        if name == "vocational" and not vocational:
            continue
        rows = []
        for statement in sql.split(";"):
            cr.execute(statement, params)
            rows.append(cr.fetchall())
        results[name] = rows
    return results


def median_ms(samples):
    return statistics.median(samples) * 1000


def main():
    args = parse_args()
    odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo/18.0")
    if args.create:
        create_database(args, odoo_src)
    sys.path.insert(0, odoo_src)
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    from odoo.addons.rehab_facility.report import rehab_occupancy_xlsx as xlsx

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        companies = env["res.company"].search([("name", "=like", f"{BENCH_PREFIX}%")])
        if not companies:
            others = env["rehab.stay"].with_context(active_test=False).search_count([])
            if others:
                sys.exit("This database holds stays that are not benchmark data.")
            started = time.perf_counter()
            companies = seed(env, args)
            cr.commit()
            print(f"Seeded in {time.perf_counter() - started:.1f} s")
        vocational = "rehab.training.class" in env
        cr.execute(
            "SELECT count(*) FROM rehab_stay WHERE company_id = ANY(%s)",
            [companies.ids],
        )
        stays = cr.fetchone()[0]
        lines = classes = 0
        if vocational:
            cr.execute("SELECT count(*) FROM rehab_training_class")
            classes = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM rehab_attendance_line")
            lines = cr.fetchone()[0]
        env = env(context={"allowed_company_ids": companies.ids})
        wizard = env["rehab.report.export.wizard"].create(
            {"period_type": "year", "year": YEAR, "source": "live"}
        )
        export_times, workbook_times, sql_times, full_times = [], [], [], []
        queries = None
        for run in range(args.runs + 1):  # the first run warms the caches
            env.invalidate_all()
            count = cr.sql_log_count
            started = time.perf_counter()
            figures, __ = wizard._compute_report()
            computed = time.perf_counter()
            content = xlsx.build_workbook(figures)
            finished = time.perf_counter()
            queries = cr.sql_log_count - count
            started_sql = time.perf_counter()
            hand = run_hand_sql(cr, companies.ids, vocational)
            finished_sql = time.perf_counter()
            env.invalidate_all()
            count = cr.sql_log_count
            started_full = time.perf_counter()
            wizard.action_export()  # + export log and attachment
            finished_full = time.perf_counter()
            full_queries = cr.sql_log_count - count
            if run:
                export_times.append(finished - started)
                workbook_times.append(finished - computed)
                sql_times.append(finished_sql - started_sql)
                full_times.append(finished_full - started_full)
        hand_queries = sum(len(rows) for rows in hand.values())
        # Cross-check a few totals between the export and the hand-written SQL.
        closing = sum(figures["movements"]["lines"]["closing"].values())
        hand_closing = sum(
            row[-1]
            for row in hand["population (closing and opening)"][0]
            if row[0].year == YEAR
        )
        admissions = sum(
            sum(figures["movements"]["lines"].get(key, {}).values())
            for key in ("admission_first", "admission_relapse")
        )
        hand_admissions = sum(row[-1] for row in hand["admissions"][0])
        assert closing == hand_closing, (closing, hand_closing)
        assert admissions == hand_admissions, (admissions, hand_admissions)
        if vocational:
            hand_rate = float(hand["vocational"][3][0][0] or 0)
            assert abs(figures["vocational"]["attendance_rate"] - hand_rate) < 1e-9
        export_ms, sql_ms = median_ms(export_times), median_ms(sql_times)
        print()
        print(
            f"Data: {len(companies)} facilities, {stays:,} stays, {classes:,} classes,"
            f" {lines:,} attendance lines. Report: year {YEAR}, all facilities,"
            f" median of {args.runs} runs."
        )
        print(f"Closing count {closing:,}, admissions {admissions:,} (both ways).")
        print()
        print("| Step | Time (ms) | SQL queries |")
        print("|---|---:|---:|")
        print(f"| Export: figures + workbook | {export_ms:.0f} | {queries} |")
        workbook_ms = median_ms(workbook_times)
        print(f"| of which the workbook (xlsxwriter) | {workbook_ms:.0f} | 0 |")
        print(f"| Hand-written SQL, same figures | {sql_ms:.0f} | {hand_queries} |")
        full_ms = median_ms(full_times)
        print(f"| Full export (+ log, attachment) | {full_ms:.0f} | {full_queries} |")
        print(f"| Ratio export / SQL (target <= 3) | {export_ms / sql_ms:.2f} | |")
        print(f"| Ratio full export / SQL | {full_ms / sql_ms:.2f} | |")
        print(f"\nWorkbook: {len(content):,} bytes")
        cr.rollback()


if __name__ == "__main__":
    main()
