#!/usr/bin/env python3
"""Benchmark of the reporting stack (exports, dashboard, nightly job) on a
provincial database, against the tightest hand-written SQL, same run.

Seeds a THROWAWAY database (name must contain "bench") with SQL inserts:
5 facilities, 10,000 stays admitted over 5 years with their complete bed
history (every stay holds a bed from admission to release: moves when a
pending stay is made compulsory, stints in the infectious-disease area,
bed changes), escapes and hospital stays, legal basis changes, overdue and
intake stays, incidents, and (rehab_vocational) 2,000 classes with 1,000,000
attendance lines and the sessions' stored hour totals. Then the module's own
nightly job (``_record_day``, one commit per day, as the cron's user) records
the figures of 1,100 days (3 years), leaving yesterday for the nightly
benchmark. Seeding takes a few minutes, recording the figures longer (both
printed).

Then, as a real manager (``res.users`` in the manager group, the 5
facilities allowed), it measures the yearly and monthly exports
(``report_figures`` + ``create_xlsx``, and ``export`` with its log), the
three figure sources, the dashboard, and, as the cron's user, the nightly
job for 1 and for 5 facilities and a 90-day catch-up (memory, in a child
process). Each operation: its SQL queries, the median of ``--runs`` runs
after one warm-up run, and the median of the tightest SQL written by hand
for the same answer (set-based joins, stored current state where it gives
the same answer; not the module's queries). Every answer is compared with
the SQL's (closing counts, admissions, releases, beds, incidents,
attendance rate, visits and funeral leave, the stored rows of the nightly
job...): the script exits with status 1 when one disagrees. Ratios are
reported, not asserted. The blocks and tiles other modules add through the
hooks (``_extra_period_figures``, ``_extra_figures``) are timed apart: the
hand-written SQL covers rehab_facility's figures and the vocational ones.

Usage, from the repository root (``--create`` drops the database, creates
it and installs the addons without demo data):

    .venv/bin/python scripts/benchmark_report.py \\
        -c .local/odoo.conf -d rehab_bench --create
    # again on the seeded database (measures only):
    .venv/bin/python scripts/benchmark_report.py -c .local/odoo.conf -d rehab_bench
    # a quick run at a smaller scale:
    .venv/bin/python scripts/benchmark_report.py -c .local/odoo.conf \\
        -d rehab_bench_small --create --stays 1000 --classes 200 \\
        --lines 100000 --figures-days 60

``ODOO_SRC`` (default /opt/odoo/18.0) is the Odoo source tree. Do not run it
across midnight in Vietnam (17:00 UTC): "yesterday" would move.
"""

import argparse
import heapq
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

BENCH_PREFIX = "BENCH "
MANAGER_LOGIN = "bench_manager"
TZ_OFFSET = timedelta(hours=7)  # Asia/Ho_Chi_Minh, no daylight saving
KIND_AREA = {
    "compulsory_adult": "compulsory",
    "compulsory_minor": "minor",
    "voluntary": "voluntary",
    "pending": "temporary",
    "temporary": "temporary",
}
AREA_KINDS = ("compulsory", "voluntary", "minor", "temporary", "infectious")
# (kind, share of adults, term in months (choices), release reasons weights)
ADULT_KINDS = [
    ("compulsory_adult", 0.58, (12, 18, 24, 24)),
    ("voluntary", 0.27, (6, 9, 12)),
    ("pending", 0.10, (24,)),
    ("temporary", 0.05, (1,)),
]
EARLY_REASONS = [("court", 0.06), ("transfer", 0.03), ("hospital", 0.02)]
EARLY_REASONS += [("death", 0.005)]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--create", action="store_true", help="drop/create/install")
    parser.add_argument("--facilities", type=int, default=5)
    parser.add_argument("--stays", type=int, default=10_000)
    parser.add_argument("--years", type=float, default=5, help="of admissions")
    parser.add_argument("--classes", type=int, default=2_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument(
        "--figures-days",
        type=int,
        default=1_100,
        help="days recorded by the nightly job (ending the day before yesterday)",
    )
    parser.add_argument("--catch-up-days", type=int, default=90)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--catch-up-child", action="store_true", help=argparse.SUPPRESS)
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
            "--no-http",
            "--log-level=warn",
        ],
        check=True,
    )


# ------------------------------------------------------------------ seeding
def new_ids(cr, table, count):
    cr.execute(
        "SELECT nextval(%s) FROM generate_series(1, %s)", [f"{table}_id_seq", count]
    )
    return [row[0] for row in cr.fetchall()]


def insert_rows(cr, table, columns, rows):
    """Bulk insert (create/write uid and date added)."""
    from psycopg2.extras import execute_values

    names = ", ".join(
        (*columns, "create_uid", "write_uid", "create_date", "write_date")
    )
    execute_values(
        cr._obj,
        f"INSERT INTO {table} ({names}) VALUES %s",
        rows,
        template="(" + ", ".join(["%s"] * len(columns)) + ", 1, 1, now(), now())",
        page_size=2000,
    )


def utc(day, hour, minute=0):
    """Naive UTC datetime of a local (Vietnam) time of ``day``."""
    return (
        datetime.combine(day, datetime.min.time())
        + timedelta(hours=hour, minutes=minute)
        - TZ_OFFSET
    )


def seed_facilities(env, args):
    """The database's own company becomes facility 1 (the nightly job then
    covers exactly the bench facilities), the others are created; 10 areas
    each. Returns the companies and ``{(company, kind, sex): area id}``."""
    first = env["res.company"].browse(1)
    first.write({"name": f"{BENCH_PREFIX}Cơ sở 1", "rehab_tz": "Asia/Ho_Chi_Minh"})
    companies = first | env["res.company"].create(
        [
            {"name": f"{BENCH_PREFIX}Cơ sở {n + 1}", "rehab_tz": "Asia/Ho_Chi_Minh"}
            for n in range(1, args.facilities)
        ]
    )
    env.user.company_ids = [(6, 0, companies.ids)]
    areas = {}
    for company in companies:
        for kind in AREA_KINDS:
            for sex in ("male", "female"):
                areas[(company.id, kind, sex)] = (
                    env["rehab.area"]
                    .create(
                        {
                            "name": f"Khu {kind} {sex}",
                            "kind": kind,
                            "sex": sex,
                            "age_group": "minor" if kind == "minor" else "adult",
                            "company_id": company.id,
                        }
                    )
                    .id
                )
    group_ids = [
        env.ref("base.group_user").id,
        env.ref("rehab_facility.group_rehab_manager").id,
    ]
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "name": "Giám đốc (bench)",
            "login": MANAGER_LOGIN,
            "groups_id": [(6, 0, group_ids)],
            "company_id": companies[0].id,
            "company_ids": [(6, 0, companies.ids)],
        }
    )
    env.flush_all()
    return companies, areas


def order_types(cr):
    cr.execute("SELECT id, kind, regime, date_from, date_to FROM rehab_order_type")
    types = cr.fetchall()

    def type_on(kind, day):
        for type_id, type_kind, regime, start, end in types:
            if type_kind == kind and start <= day and (end is None or end >= day):
                return type_id, regime
        raise ValueError(f"no order type {kind} on {day}")

    return type_on


def plan_stay(rng, today, resident, admission, relapse):
    """One stay: its kind, dates, reason, conversion, absence and bed moves."""
    age = (admission - resident["birthdate"]).days / 365.25
    if age < 18:
        kind, terms = "compulsory_minor", (12, 18, 24)
    else:
        pick, kind, terms = rng.random(), None, None
        for kind, share, terms in ADULT_KINDS:  # noqa: B007
            pick -= share
            if pick < 0:
                break
    term = rng.choice(terms)
    stay = {
        "resident": resident,
        "admission": admission,
        "kind": kind,
        "term": term,
        "relapse": relapse,
        "reason": "completed",
        "conversion": None,
        "absence": None,
        "moves": [],
    }
    length = round(term * 30.4) + rng.randint(-3, 3)
    if kind == "temporary":
        length = rng.randint(3, 15)
    elif kind == "pending" and rng.random() < 0.5:
        length, stay["reason"] = rng.randint(15, 60), "court"
    elif kind == "pending":
        stay["conversion"] = rng.randint(20, 60)
        length = stay["conversion"] + round(rng.choice((12, 18, 24)) * 30.4)
    else:
        pick = rng.random()
        for reason, share in EARLY_REASONS:
            pick -= share
            if pick < 0:
                length = max(10, round(length * rng.uniform(0.2, 0.8)))
                stay["reason"] = reason
                break
    if length >= 60 and rng.random() < 0.085:  # escapes (6 %), hospital (2.5 %)
        start = rng.randint(15, length - 10)
        escape = rng.random() < 0.7
        days = rng.randint(1, 40) if escape else rng.randint(3, 25)
        returned = not escape or rng.random() < 0.85
        if not returned:
            length, stay["reason"], days = start + 30, "escape", None
        elif start + days >= length - 2:
            days = length - 3 - start
        stay["absence"] = ("escape" if escape else "suspension", start, days)
    if length > 60 and not stay["conversion"] and rng.random() < 0.03:
        start = rng.randint(10, 30)
        stay["moves"] += [(start, "infectious"), (start + rng.randint(20, 40), None)]
    if length > 90 and rng.random() < 0.12:
        stay["moves"].append((rng.randint(length // 2, length - 5), None))
    stay["length"] = length
    release = admission + timedelta(days=length)
    stay["expected"] = release
    # 2 % of the releases of the last 3 weeks are late (still open).
    late = today - timedelta(days=21) <= release < today and rng.random() < 0.02
    stay["release"] = release if release < today and not late else None
    return stay


def plan_people(args, rng, today, start, company_ids, province_ids):
    residents, stays = [], []
    span = (today - start).days
    ethnicities = ("Tày", "Thái", "Mường", "H'Mông", "Khmer", "Nùng")
    while len(stays) < args.stays:
        n = len(residents)
        company = company_ids[n % len(company_ids)]
        admission = start + timedelta(days=rng.randrange(span))
        minor = rng.random() < 0.05
        age_days = (
            rng.randint(13 * 365 + 100, 17 * 365 + 300)
            if minor
            else rng.randint(18 * 365 + 30, 55 * 365)
        )
        kinh = rng.random() < 0.88
        home = rng.random()
        resident = {
            "company": company,
            "name": f"Học viên {n + 1}",
            "sex": "female" if rng.random() < 0.11 else "male",
            "birthdate": admission - timedelta(days=age_days),
            "ethnicity": "Kinh" if kinh else rng.choice(ethnicities),
            "kinh": kinh,
            "province": None
            if home < 0.05
            else province_ids[company_ids.index(company) % len(province_ids)]
            if home < 0.65
            else rng.choice(province_ids),
        }
        residents.append(resident)
        stay = plan_stay(rng, today, resident, admission, False)
        stays.append(stay)
        if stay["release"] and rng.random() < 0.1 and len(stays) < args.stays:
            again = stay["release"] + timedelta(days=rng.randint(30, 400))
            if again < today:
                stays.append(plan_stay(rng, today, resident, again, True))
    return residents, stays


def bed_segments(stay, today):
    """``[(area kind, date_from, date_to)]`` of a stay (UTC), in order."""
    adm, kind = stay["admission"], KIND_AREA[stay["kind"]]
    end = stay["release"]
    events = []
    if stay["conversion"]:
        events.append((stay["conversion"], "compulsory"))
    events += stay["moves"]
    home, current = kind, kind
    segments = []
    since = utc(adm, 9, len(segments) * 7 % 60)
    for offset, target in sorted(events, key=lambda event: event[0]):
        day = adm + timedelta(days=offset)
        if day >= today or (end and day >= end):
            break
        if target == "compulsory":
            home = "compulsory"
        moment = utc(day, 15)
        segments.append((current, since, moment))
        current, since = target or home, moment
    segments.append((current, since, utc(end, 12) if end else None))
    return segments


def allocate_beds(segments):
    """Greedy interval colouring: ``[(segment index, bed number)]`` and the
    number of beds used. A bed held until ``t`` is free from ``t``."""
    order = sorted(range(len(segments)), key=lambda i: segments[i][1])
    busy, free, used, result = [], [], 0, {}
    for index in order:
        start, end = segments[index][1], segments[index][2]
        while busy and busy[0][0] <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            bed = heapq.heappop(free)
        else:
            bed, used = used, used + 1
        result[index] = bed
        heapq.heappush(busy, (end or datetime.max, bed))
    return result, used


def seed(env, args):
    """Facilities, people, stays and their history; returns the companies."""
    cr = env.cr
    rng = random.Random(20261125)
    companies, areas = seed_facilities(env, args)
    ids = companies.ids
    today = companies[0].rehab_today()
    start = today - timedelta(days=round(args.years * 365.25))
    cr.execute("SELECT MIN(date_from) FROM rehab_order_type")
    start = max(start, cr.fetchone()[0])  # no order type before (Law 73/2021)
    cr.execute("SELECT id FROM rehab_province ORDER BY code")
    residents, stays = plan_people(
        args, rng, today, start, ids, [row[0] for row in cr.fetchall()]
    )
    insert_people(cr, residents, stays, order_types(cr), today)
    insert_beds(cr, stays, areas, today)
    insert_incidents(cr, args, ids, start, today)
    if "rehab.training.class" in env:
        seed_vocational(env, args, ids, start, today)
    cr.execute("ANALYZE")
    return companies


def insert_people(cr, residents, stays, type_on, today):
    for resident, rid in zip(
        residents, new_ids(cr, "rehab_resident", len(residents)), strict=True
    ):
        resident["id"] = rid
    insert_rows(
        cr,
        "rehab_resident",
        ("id", "name", "company_id", "sex", "birthdate", "birth_year", "ethnicity")
        + ("is_kinh", "province_id", "active"),
        [
            (r["id"], r["name"], r["company"], r["sex"], r["birthdate"])
            + (r["birthdate"].year, r["ethnicity"], r["kinh"], r["province"], True)
            for r in residents
        ],
    )
    stay_rows, changes, absences = [], [], []
    for n, (stay, sid) in enumerate(
        zip(stays, new_ids(cr, "rehab_stay", len(stays)), strict=True)
    ):
        stay["id"] = sid
        resident, adm = stay["resident"], stay["admission"]
        type_id, regime = type_on(stay["kind"], adm)
        kind = stay["kind"]
        if stay["conversion"] and adm + timedelta(days=stay["conversion"]) < (
            stay["release"] or today
        ):
            day = adm + timedelta(days=stay["conversion"])
            to_id, regime = type_on("compulsory_adult", day)
            changes.append((sid, resident["company"], day, type_id, to_id))
            changes[-1] += ((day - adm).days,)
            type_id, kind = to_id, "compulsory_adult"
        state = "released" if stay["release"] else "in_rehab"
        if stay["absence"]:
            absence_kind, offset, days = stay["absence"]
            away = adm + timedelta(days=offset)
            if away < today:
                back = (
                    utc(away + timedelta(days=days), 10)
                    if days is not None
                    else utc(stay["release"], 12)
                    if stay["release"]
                    else None
                )
                if back and back.date() >= today:
                    back = None
                absences.append(
                    (sid, resident["id"], resident["company"], absence_kind)
                    + (utc(away, (n * 5) % 24, n % 60), back, back is None)
                )
                if back is None and state != "released":
                    state = "absent" if absence_kind == "escape" else "suspended"
        stay["state"] = state
        stay_rows.append(
            (sid, f"BENCH/{n + 1}", resident["id"], resident["company"], state, kind)
            + (type_id, regime, adm, stay["release"])
            + (stay["reason"] if stay["release"] else None, stay["relapse"])
            + (resident["sex"], True, stay["term"], adm, stay["expected"])
        )
    # A few stays at the intake desk today (not counted), a few archived.
    open_ids = {s["resident"]["id"] for s in stays if not s["release"]}
    idle = [r for r in residents if r["id"] not in open_ids][:10]
    for n, resident in enumerate(idle):
        type_id, regime = type_on("voluntary", today)
        stay_rows.append(
            (new_ids(cr, "rehab_stay", 1)[0], f"BENCH/I{n}", resident["id"])
            + (resident["company"], "intake", "voluntary", type_id, regime, today)
            + (None, None, False, resident["sex"], True, 6, today, None)
        )
    insert_rows(
        cr,
        "rehab_stay",
        ("id", "name", "resident_id", "company_id", "state", "order_kind")
        + ("order_type_id", "regime", "admission_date", "release_date")
        + ("release_reason", "is_relapse", "sex", "active", "term_months")
        + ("term_start_date", "expected_release_date"),
        stay_rows,
    )
    cr.execute(
        "UPDATE rehab_stay SET active = FALSE WHERE id IN (SELECT id FROM rehab_stay"
        " WHERE state = 'released' AND release_date < %s ORDER BY id DESC LIMIT %s)",
        [today - timedelta(days=400), max(len(stays) // 300, 1)],
    )
    insert_rows(
        cr,
        "rehab_stay_basis_change",
        ("stay_id", "company_id", "date", "from_order_type_id", "to_order_type_id")
        + ("credit_days",),
        changes,
    )
    insert_rows(
        cr,
        "rehab_stay_absence",
        ("stay_id", "resident_id", "company_id", "kind", "date_start", "date_end")
        + ("is_open",),
        absences,
    )


def insert_beds(cr, stays, areas, today):
    """Rooms, beds (what the history needs, 10 % spare, 2 % out of order) and
    the bed history of every stay."""
    by_area = defaultdict(list)  # area id: [(stay, segment)]
    for stay in stays:
        resident = stay["resident"]
        for kind, since, until in bed_segments(stay, today):
            area = areas[(resident["company"], kind, resident["sex"])]
            by_area[area].append((stay, since, until))
    cr.execute("SELECT id, company_id, kind, sex, age_group FROM rehab_area")
    area_rows = {row[0]: row for row in cr.fetchall()}
    assignments, current = [], {}
    bed_rows = []
    for area_id in sorted(set(areas.values())):
        segments = by_area.get(area_id, [])
        placed, used = allocate_beds(segments)
        total = used + max(2, used // 10)
        broken = max(1, total // 50)
        bed_ids = new_ids(cr, "rehab_bed", total + broken)
        __, company_id, kind, sex, age_group = area_rows[area_id]
        room_ids = new_ids(cr, "rehab_room", (total + broken) // 20 + 1)
        insert_rows(
            cr,
            "rehab_room",
            ("id", "name", "area_id", "company_id", "sequence", "active"),
            [
                (rid, f"P{n + 1}", area_id, company_id, 10, True)
                for n, rid in enumerate(room_ids)
            ],
        )
        for n, bed_id in enumerate(bed_ids):
            condition = "out_of_order" if n >= total else "available"
            bed_rows.append(
                (bed_id, f"G{n + 1}", room_ids[n // 20], area_id, company_id, kind)
                + (sex, age_group, condition, condition if n >= total else "free")
                + (True, 10)
            )
        for index, (stay, since, until) in enumerate(segments):
            bed_id = bed_ids[placed[index]]
            assignment = (bed_id, stay["id"], stay["resident"]["id"], company_id)
            assignments.append(assignment + (area_id, since, until, "bench"))
            if until is None:
                current[bed_id] = stay
    insert_rows(
        cr,
        "rehab_bed",
        ("id", "name", "room_id", "area_id", "company_id", "area_kind", "sex")
        + ("age_group", "condition", "status", "active", "sequence"),
        bed_rows,
    )
    insert_rows(
        cr,
        "rehab_bed_assignment",
        ("bed_id", "stay_id", "resident_id", "company_id", "area_id", "date_from")
        + ("date_to", "reason"),
        assignments,
    )
    cr.execute(
        """
        UPDATE rehab_bed b SET status = 'occupied', current_assignment_id = a.id,
               current_stay_id = a.stay_id, current_resident_id = a.resident_id,
               current_stay_state = s.state
          FROM rehab_bed_assignment a JOIN rehab_stay s ON s.id = a.stay_id
         WHERE a.bed_id = b.id AND a.date_to IS NULL;
        UPDATE rehab_stay s SET current_bed_id = b.id, current_area_id = b.area_id
          FROM rehab_bed b WHERE b.current_stay_id = s.id
        """
    )


def insert_incidents(cr, args, company_ids, start, today):
    """About one incident per 4 stays; 2.5 % duplicates, 1 % archived."""
    cr.execute(
        """
        INSERT INTO rehab_incident (name, company_id, type_id, severity, state,
                                    description, date, month, active,
                                    create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/SC/' || g, c.ids[1 + g %% array_length(c.ids, 1)],
               t.ids[1 + (g * 7) %% array_length(t.ids, 1)],
               (ARRAY['low', 'low', 'medium', 'medium', 'high', 'critical'])
                   [1 + (g * 3) %% 6],
               CASE WHEN g %% 40 = 0 THEN 'duplicate'
                    WHEN d.at > %(recent)s THEN 'reported' ELSE 'closed' END,
               'bench', d.at, date_trunc('month', d.at + interval '7 hours')::date,
               g %% 100 <> 0, 1, 1, now(), now()
          FROM generate_series(1, %(count)s) g
         CROSS JOIN (SELECT %(companies)s::int[] AS ids) c
         CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids
                       FROM rehab_incident_type) t
         CROSS JOIN LATERAL (
               SELECT %(start)s::timestamp
                      + ((g * 7919) %% (%(span)s * 24)) * interval '1 hour'
                      + (g %% 60) * interval '1 minute' AS at) d
        """,
        {
            "count": args.stays // 4,
            "companies": company_ids,
            "recent": datetime.combine(today, datetime.min.time()) - timedelta(days=20),
            "start": start,
            "span": (today - start).days,
        },
    )


def seed_vocational(env, args, company_ids, start, today):
    """Classes of 90 days, 25 residents in the facility at the start, a
    session every 3 days, the attendance sheet of every session."""
    cr = env.cr
    per_class = 25
    sessions = min(29, -(-args.lines * 100 // (args.classes * per_class * 88)))
    span = (today - start).days - 70
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
               CASE WHEN d.start + 90 < %(today)s THEN 'done' ELSE 'running' END,
               d.start, d.start + 90, 300, 80, TRUE, TRUE, 1, 1, now(), now()
          FROM generate_series(1, %(classes)s) g
         CROSS JOIN (SELECT %(companies)s::int[] AS ids) c
         CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM rehab_trade) t
         CROSS JOIN LATERAL (
               SELECT %(first)s::date + (g * 7907) %% %(span)s AS start) d
        """,
        {
            "today": today,
            "classes": args.classes,
            "companies": company_ids,
            "first": start + timedelta(days=60),
            "span": span,
        },
    )
    cr.execute(
        """
        WITH picked AS (
            SELECT k.id AS class_id, k.company_id, k.trade_id, k.state AS class_state,
                   k.date_start, k.date_end, s.id AS stay_id, s.resident_id,
                   s.release_date,
                   row_number() OVER (PARTITION BY k.id
                                      ORDER BY md5(k.id || '/' || s.id)) AS n
              FROM rehab_training_class k
              JOIN rehab_stay s ON s.company_id = k.company_id AND s.active
               AND s.state <> 'intake' AND s.admission_date <= k.date_start
               AND (s.release_date IS NULL OR s.release_date > k.date_start + 7)
             WHERE k.name LIKE 'BENCH lớp %%')
        INSERT INTO rehab_training_enrollment (class_id, company_id, trade_id,
                    certificate_level, resident_id, resident_name, stay_id, state,
                    result, date_enrolled, date_withdrawn, withdraw_reason,
                    class_state, class_date_start, class_date_end,
                    certificate_number, certificate_date, result_date,
                    create_uid, write_uid, create_date, write_date)
        SELECT p.class_id, p.company_id, p.trade_id, 'elementary', p.resident_id,
               r.name, p.stay_id, x.state,
               CASE WHEN x.state = 'completed' AND p.n %% 4 <> 0 THEN 'pass'
                    WHEN x.state = 'completed' THEN 'fail' ELSE 'pending' END,
               p.date_start,
               CASE WHEN x.state = 'withdrawn' THEN p.release_date END,
               CASE WHEN x.state = 'withdrawn' THEN 'released' END,
               p.class_state, p.date_start, p.date_end,
               CASE WHEN x.state = 'completed' AND p.n %% 4 <> 0
                     AND p.date_end + 7 < %(today)s
                    THEN 'BENCH-CC-' || p.class_id || '-' || p.n END,
               CASE WHEN x.state = 'completed' AND p.n %% 4 <> 0
                     AND p.date_end + 7 < %(today)s THEN p.date_end + 7 END,
               CASE WHEN x.state = 'completed' THEN p.date_end END,
               1, 1, now(), now()
          FROM picked p JOIN rehab_resident r ON r.id = p.resident_id
         CROSS JOIN LATERAL (
               SELECT CASE WHEN p.release_date <= p.date_end THEN 'withdrawn'
                           WHEN p.class_state = 'done' THEN 'completed'
                           ELSE 'enrolled' END AS state) x
         WHERE p.n <= %(per_class)s
        ON CONFLICT DO NOTHING
        """,
        {"per_class": per_class, "today": today},
    )
    cr.execute(
        """
        INSERT INTO rehab_training_session (class_id, company_id, trade_id, date,
                    time_start, time_end, hours, datetime_start, datetime_end,
                    state, confirmed_date, create_uid, write_uid, create_date,
                    write_date)
        SELECT k.id, k.company_id, k.trade_id, x.day, 7.5, 11.5, 4,
               x.day + interval '30 minutes', x.day + interval '4 hours 30 minutes',
               CASE WHEN x.day >= %(today)s THEN 'draft'
                    WHEN (k.id + g) %% 50 = 0 THEN 'cancelled' ELSE 'confirmed' END,
               CASE WHEN x.day < %(today)s AND (k.id + g) %% 50 <> 0 THEN x.day END,
               1, 1, now(), now()
          FROM rehab_training_class k CROSS JOIN generate_series(0, %(n)s - 1) g
         CROSS JOIN LATERAL (SELECT k.date_start + g * 3 AS day) x
         WHERE k.name LIKE 'BENCH lớp %%'
        """,
        {"n": sessions, "today": today},
    )
    cr.execute(
        """
        INSERT INTO rehab_attendance_line (session_id, class_id, company_id,
                    trade_id, date, hours, session_state, enrollment_id,
                    resident_id, resident_name, status, attended_hours,
                    create_uid, write_uid, create_date, write_date)
        SELECT s.id, s.class_id, s.company_id, s.trade_id, s.date, s.hours, s.state,
               e.id, e.resident_id, e.resident_name, st.status,
               CASE WHEN st.status IN ('present', 'late') THEN s.hours ELSE 0 END,
               1, 1, now(), now()
          FROM rehab_training_session s
          JOIN rehab_training_enrollment e ON e.class_id = s.class_id
           AND (e.date_withdrawn IS NULL OR s.date < e.date_withdrawn)
         CROSS JOIN LATERAL (
               SELECT CASE WHEN (s.id * 31 + e.id) %% 20 < 16 THEN 'present'
                           WHEN (s.id * 31 + e.id) %% 20 = 16 THEN 'late'
                           WHEN (s.id * 31 + e.id) %% 20 = 17 THEN 'excused'
                           ELSE 'absent' END AS status) st
         WHERE s.company_id = ANY(%s)
        """,
        [company_ids],
    )
    # The sessions' stored resident-hour totals, written by the module itself.
    Session = env["rehab.training.session"]
    if "attended_hours_total" in Session._fields:
        cr.execute("SELECT id FROM rehab_training_session")
        Session.browse([row[0] for row in cr.fetchall()])._refresh_hour_totals()


def record_figures(registry, company_ids, first, last):
    """The module's nightly job, day by day (one commit per day), as the
    cron's user; days already recorded are skipped by the job itself."""
    import odoo

    started, day, done = time.perf_counter(), first, 0
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Snapshot = env["rehab.occupancy.snapshot"]
        while day <= last:
            done += bool(Snapshot._record_day(company_ids, day))
            cr.commit()
            if done and done % 100 == 0:
                print(f"  recorded {done} days, up to {day}", flush=True)
            day += timedelta(days=1)
    return done, time.perf_counter() - started


# --------------------------------------------------------- hand-written SQL
# The tightest SQL a person would write for each answer. Order type on a day:
# each stay's basis changes as date ranges (one window scan of the changes),
# joined by range; absences and beds at the end of a local day: one hash join
# on the rows held at that moment (timestamps compared, not converted); the
# dashboard reads the stored current state (stay state, current bed).
SEGMENTS = """
    seg AS (
        SELECT b.stay_id, b.to_order_type_id AS type_id,
               daterange(b.date, lead(b.date) OVER (PARTITION BY b.stay_id
                                                    ORDER BY b.date, b.id)) AS span
          FROM rehab_stay_basis_change b
        UNION ALL
        (SELECT DISTINCT ON (b.stay_id) b.stay_id, b.from_order_type_id,
                daterange(NULL, b.date)
           FROM rehab_stay_basis_change b ORDER BY b.stay_id, b.date, b.id))"""
COUNTED = "s.company_id = ANY(%(c)s) AND s.active AND s.state <> 'intake'"
AGE_BANDS = (
    ("lt14", "r.birthdate > {d} - interval '14 years'"),
    ("14_16", "r.birthdate > {d} - interval '16 years'"),
    ("16_18", "r.birthdate > {d} - interval '18 years'"),
    ("18_30", "r.birthdate > {d} - interval '30 years'"),
)


def age_band_case(day):
    whens = " ".join(f"WHEN {cond.format(d=day)} THEN '{b}'" for b, cond in AGE_BANDS)
    return f"CASE {whens} ELSE '30p' END"


TIGHT_POPULATION = f"""
    WITH days(day) AS (SELECT unnest(%(days)s::date[])),
    {SEGMENTS},
    away AS (
        SELECT DISTINCT ON (a.stay_id, k.day) a.stay_id, k.day, a.kind
          FROM rehab_stay_absence a
          JOIN (SELECT c.id, d.day, ((d.day + 1)::timestamp AT TIME ZONE c.rehab_tz)
                       AT TIME ZONE 'UTC' AS eod
                  FROM res_company c CROSS JOIN days d WHERE c.id = ANY(%(c)s)) k
            ON k.id = a.company_id
         WHERE a.kind IN ('escape', 'suspension') AND a.date_start < k.eod
           AND (a.date_end IS NULL OR a.date_end >= k.eod)
         ORDER BY a.stay_id, k.day, a.date_start DESC),
    here AS (
        SELECT d.day, s.id, s.company_id, s.order_type_id, s.resident_id
          FROM rehab_stay s JOIN days d ON s.admission_date <= d.day
           AND (s.release_date IS NULL OR s.release_date > d.day)
         WHERE {COUNTED}),
    people AS (
        SELECT h.day, h.company_id, t.kind, r.sex, r.province_id, w.kind AS away,
               {age_band_case("h.day")} AS band, COALESCE(r.is_kinh, FALSE) AS kinh
          FROM here h JOIN rehab_resident r ON r.id = h.resident_id
          LEFT JOIN seg ON seg.stay_id = h.id AND seg.span @> h.day
          JOIN rehab_order_type t ON t.id = COALESCE(seg.type_id, h.order_type_id)
          LEFT JOIN away w ON w.stay_id = h.id AND w.day = h.day)
    SELECT day, company_id, GROUPING(province_id) = 0 AS by_province, kind, sex,
           province_id, COUNT(*) AS total,
           COUNT(*) FILTER (WHERE away IS NULL) AS present,
           COUNT(*) FILTER (WHERE away = 'escape') AS escaped,
           COUNT(*) FILTER (WHERE away = 'suspension') AS hospital,
           COUNT(*) FILTER (WHERE band = 'lt14') AS lt14,
           COUNT(*) FILTER (WHERE band = '14_16') AS "14_16",
           COUNT(*) FILTER (WHERE band = '16_18') AS "16_18",
           COUNT(*) FILTER (WHERE band = '18_30') AS "18_30",
           COUNT(*) FILTER (WHERE band = '30p') AS "30p",
           COUNT(*) FILTER (WHERE kinh) AS kinh
      FROM people
     GROUP BY GROUPING SETS ((day, company_id, kind, sex),
                             (day, company_id, sex, province_id))"""

TIGHT_MOVEMENTS = f"""
    WITH {SEGMENTS},
    k AS (SELECT id, rehab_tz AS tz,
                 (%(d1)s::timestamp AT TIME ZONE rehab_tz) AT TIME ZONE 'UTC' AS t1,
                 ((%(d2)s::date + 1)::timestamp AT TIME ZONE rehab_tz)
                     AT TIME ZONE 'UTC' AS t2
            FROM res_company WHERE id = ANY(%(c)s))
    SELECT s.company_id, 'admission' AS movement, t.id AS order_type_id,
           t.kind AS order_kind, r.sex, s.is_relapse, NULL::varchar AS release_reason,
           COUNT(*) AS count
      FROM rehab_stay s JOIN rehab_resident r ON r.id = s.resident_id
      LEFT JOIN seg ON seg.stay_id = s.id AND lower_inf(seg.span)
      JOIN rehab_order_type t ON t.id = COALESCE(seg.type_id, s.order_type_id)
     WHERE {COUNTED} AND s.admission_date BETWEEN %(d1)s AND %(d2)s
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    UNION ALL
    SELECT s.company_id, 'release', t.id, t.kind, r.sex, NULL::boolean,
           s.release_reason,
           COUNT(*)
      FROM rehab_stay s JOIN rehab_resident r ON r.id = s.resident_id
      LEFT JOIN seg ON seg.stay_id = s.id AND seg.span @> s.release_date
      JOIN rehab_order_type t ON t.id = COALESCE(seg.type_id, s.order_type_id)
     WHERE {COUNTED} AND s.release_date BETWEEN %(d1)s AND %(d2)s
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    UNION ALL
    SELECT s.company_id, m.movement, t.id, t.kind, r.sex, NULL::boolean, NULL,
           COUNT(*)
      FROM rehab_stay_basis_change b JOIN rehab_stay s ON s.id = b.stay_id
      JOIN rehab_resident r ON r.id = s.resident_id
     CROSS JOIN LATERAL (VALUES ('conversion_in', b.to_order_type_id),
                                ('conversion_out', b.from_order_type_id))
           m(movement, type_id)
      JOIN rehab_order_type t ON t.id = m.type_id
     WHERE {COUNTED} AND b.date BETWEEN %(d1)s AND %(d2)s
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    UNION ALL
    SELECT s.company_id, e.movement, t.id, t.kind, r.sex, NULL::boolean, NULL,
           COUNT(*)
      FROM rehab_stay_absence a JOIN k ON k.id = a.company_id
     CROSS JOIN LATERAL (VALUES
           (a.date_start, CASE a.kind WHEN 'escape' THEN 'escape'
                                      ELSE 'suspension' END),
           (a.date_end, CASE a.kind WHEN 'escape' THEN 'return'
                                    ELSE 'suspension_return' END)) e(at, movement)
      JOIN rehab_stay s ON s.id = a.stay_id
      JOIN rehab_resident r ON r.id = s.resident_id
      LEFT JOIN seg ON seg.stay_id = s.id
       AND seg.span @> ((e.at AT TIME ZONE 'UTC') AT TIME ZONE k.tz)::date
      JOIN rehab_order_type t ON t.id = COALESCE(seg.type_id, s.order_type_id)
     WHERE a.kind IN ('escape', 'suspension') AND e.at >= k.t1 AND e.at < k.t2
       AND {COUNTED}
     GROUP BY 1, 2, 3, 4, 5, 6, 7"""

TIGHT_BEDS = """
    WITH k AS (SELECT id, ((%(d2)s::date + 1)::timestamp AT TIME ZONE rehab_tz)
                          AT TIME ZONE 'UTC' AS eod
                 FROM res_company WHERE id = ANY(%(c)s)),
    held AS (SELECT DISTINCT a.bed_id FROM rehab_bed_assignment a
               JOIN k ON k.id = a.company_id
              WHERE a.date_from < k.eod AND (a.date_to IS NULL OR a.date_to >= k.eod))
    SELECT b.company_id, b.area_id, COUNT(*) AS capacity, COUNT(h.bed_id) AS occupied,
           COUNT(*) FILTER (WHERE h.bed_id IS NULL AND b.condition <> 'available')
               AS unavailable,
           COUNT(*) FILTER (WHERE h.bed_id IS NULL AND b.condition = 'available')
               AS free
      FROM rehab_bed b LEFT JOIN held h ON h.bed_id = b.id
     WHERE b.company_id = ANY(%(c)s) AND b.active
     GROUP BY 1, 2"""

TIGHT_INCIDENTS = """
    SELECT i.type_id, i.severity, COUNT(*) FROM rehab_incident i
      JOIN res_company c ON c.id = i.company_id
     WHERE i.company_id = ANY(%(c)s) AND i.active AND i.state <> 'duplicate'
       AND i.date >= (%(d1)s::timestamp AT TIME ZONE c.rehab_tz) AT TIME ZONE 'UTC'
       AND i.date < ((%(d2)s::date + 1)::timestamp AT TIME ZONE c.rehab_tz)
                    AT TIME ZONE 'UTC'
     GROUP BY 1, 2"""

TIGHT_VOCATIONAL = (
    """
    SELECT k.trade_id, COUNT(DISTINCT k.id) AS classes,
           COUNT(DISTINCT e.resident_id) AS trainees
      FROM rehab_training_class k
      LEFT JOIN rehab_training_enrollment e ON e.class_id = k.id
       AND e.date_enrolled <= %(d2)s
       AND (e.date_withdrawn IS NULL OR e.date_withdrawn >= %(d1)s)
     WHERE k.company_id = ANY(%(c)s) AND k.active AND k.state IN ('running', 'done')
       AND k.date_start <= %(d2)s AND k.date_end >= %(d1)s
     GROUP BY ROLLUP (k.trade_id)""",
    """
    SELECT trade_id, COUNT(*) AS sessions, SUM(attended_hours_total) AS attended,
           NULLIF(SUM(held_hours_total), 0) AS held
      FROM rehab_training_session
     WHERE company_id = ANY(%(c)s) AND state = 'confirmed'
       AND date BETWEEN %(d1)s AND %(d2)s
     GROUP BY ROLLUP (trade_id)""",
    """
    SELECT trade_id, COUNT(*) AS certificates FROM rehab_training_enrollment
     WHERE company_id = ANY(%(c)s) AND certificate_number IS NOT NULL
       AND certificate_date BETWEEN %(d1)s AND %(d2)s
     GROUP BY ROLLUP (trade_id)""",
)
# Visits and funeral leave (sheet 6, the gate tiles): one UNION.
TIGHT_GATE = """
    SELECT 'visit:' || kind AS measure, COUNT(*) AS value FROM rehab_visit
     WHERE company_id = ANY(%(c)s) AND state = 'done'
       AND visit_date BETWEEN %(d1)s AND %(d2)s GROUP BY kind
    UNION ALL
    SELECT 'visitors', COUNT(*) FROM rehab_visit_visitor vv
      JOIN rehab_visit v ON v.id = vv.visit_id
     WHERE v.company_id = ANY(%(c)s) AND v.state = 'done'
       AND v.visit_date BETWEEN %(d1)s AND %(d2)s
    UNION ALL
    SELECT CASE WHEN i.contraband THEN 'contraband' ELSE 'confiscated' END, COUNT(*)
      FROM rehab_visit_item i JOIN rehab_visit v ON v.id = i.visit_id
     WHERE v.company_id = ANY(%(c)s) AND i.outcome = 'confiscated'
       AND v.visit_date BETWEEN %(d1)s AND %(d2)s GROUP BY 1
    UNION ALL
    SELECT CASE WHEN l.state = 'escaped' OR l.date_return > l.due_back_at
                THEN 'late' ELSE 'departed' END, COUNT(*)
      FROM rehab_funeral_leave l JOIN res_company c ON c.id = l.company_id
     WHERE l.company_id = ANY(%(c)s)
       AND l.date_departure >= (%(d1)s::timestamp AT TIME ZONE c.rehab_tz)
                               AT TIME ZONE 'UTC'
       AND l.date_departure < ((%(d2)s::date + 1)::timestamp AT TIME ZONE c.rehab_tz)
                              AT TIME ZONE 'UTC'
     GROUP BY 1"""
# Not timed: the rate from the attendance lines themselves checks the totals.
LINES_RATE = """
    SELECT SUM(attended_hours) / NULLIF(SUM(hours), 0) AS rate
      FROM rehab_attendance_line
     WHERE company_id = ANY(%(c)s) AND session_state = 'confirmed'
       AND date BETWEEN %(d1)s AND %(d2)s"""

TIGHT_ANOMALY = f"""
    SELECT s.id FROM rehab_stay s
     WHERE {COUNTED} AND s.admission_date <= %(d2)s
       AND ((s.state = 'released') <> (s.release_date IS NOT NULL)
            OR s.release_date < s.admission_date)
     LIMIT 1"""

RECORDED = (
    """
    SELECT COUNT(*), MAX(create_date) FROM rehab_occupancy_day
     WHERE company_id = ANY(%(c)s) AND date BETWEEN %(d0)s AND %(d2)s""",
    """
    SELECT date AS day, company_id, line_type = 'residence' AS by_province,
           order_kind AS kind, sex, province_id, SUM(resident_count) AS total,
           SUM(resident_count) FILTER (WHERE presence = 'present') AS present,
           SUM(resident_count) FILTER (WHERE presence = 'escaped') AS escaped,
           SUM(resident_count) FILTER (WHERE presence = 'hospital') AS hospital,
           SUM(resident_count) FILTER (WHERE age_band = 'lt14') AS lt14,
           SUM(resident_count) FILTER (WHERE age_band = '14_16') AS "14_16",
           SUM(resident_count) FILTER (WHERE age_band = '16_18') AS "16_18",
           SUM(resident_count) FILTER (WHERE age_band = '18_30') AS "18_30",
           SUM(resident_count) FILTER (WHERE age_band = '30p') AS "30p",
           SUM(resident_count) FILTER (WHERE is_kinh) AS kinh
      FROM rehab_occupancy_snapshot
     WHERE company_id = ANY(%(c)s) AND date IN (%(d0)s, %(d2)s)
       AND line_type IN ('population', 'residence')
     GROUP BY 1, 2, 3, 4, 5, 6""",
    """
    SELECT company_id, movement, order_kind, is_relapse, release_reason,
           SUM(resident_count) AS count
      FROM rehab_occupancy_snapshot
     WHERE company_id = ANY(%(c)s) AND date BETWEEN %(d1)s AND %(d2)s
       AND line_type = 'movement'
     GROUP BY 1, 2, 3, 4, 5""",
    """
    SELECT company_id, area_id, SUM(bed_capacity) AS capacity,
           SUM(bed_occupied) AS occupied, SUM(bed_unavailable) AS unavailable,
           SUM(bed_free) AS free
      FROM rehab_occupancy_snapshot
     WHERE company_id = ANY(%(c)s) AND date = %(d2)s AND line_type = 'beds'
     GROUP BY 1, 2""",
)

TIGHT_DASHBOARD = (
    """
    SELECT current_area_id, state,
           COUNT(*) FILTER (WHERE state <> 'intake' AND admission_date <= %(today)s)
               AS here,
           COUNT(*) FILTER (WHERE state <> 'intake'
                              AND expected_release_date BETWEEN %(today)s
                                  AND %(today)s::date + 30) AS due,
           COUNT(*) FILTER (WHERE expected_release_date < %(today)s) AS overdue
      FROM rehab_stay
     WHERE company_id = ANY(%(c)s) AND active
       AND state IN ('intake', 'in_rehab', 'absent', 'suspended')
     GROUP BY 1, 2""",
    """
    SELECT area_id, COUNT(*) AS capacity, COUNT(current_assignment_id) AS occupied,
           COUNT(*) FILTER (WHERE current_assignment_id IS NULL
                              AND condition = 'available') AS free
      FROM rehab_bed WHERE company_id = ANY(%(c)s) AND active GROUP BY 1""",
    """
    SELECT COUNT(*) FILTER (WHERE admission_date >= %(month)s) AS admissions,
           COUNT(*) FILTER (WHERE release_date BETWEEN %(month)s AND %(today)s)
               AS releases
      FROM rehab_stay
     WHERE company_id = ANY(%(c)s) AND active AND state <> 'intake'
       AND (admission_date BETWEEN %(month)s AND %(today)s
            OR release_date BETWEEN %(month)s AND %(today)s)""",
    """
    SELECT COUNT(*) AS total,
           COUNT(*) FILTER (WHERE i.severity IN ('high', 'critical')) AS serious
      FROM rehab_incident i JOIN res_company c ON c.id = i.company_id
     WHERE i.company_id = ANY(%(c)s) AND i.active AND i.state <> 'duplicate'
       AND i.date >= (%(month)s::timestamp AT TIME ZONE c.rehab_tz) AT TIME ZONE 'UTC'
       AND i.date < ((%(today)s::date + 1)::timestamp AT TIME ZONE c.rehab_tz)
                    AT TIME ZONE 'UTC'""",
)
TIGHT_DASHBOARD_VOCATIONAL = """
    SELECT COUNT(*) AS sessions, SUM(attended_hours_total) AS attended,
           SUM(held_hours_total) AS held
      FROM rehab_training_session
     WHERE company_id = ANY(%(c)s) AND state = 'confirmed'
       AND date BETWEEN %(week)s AND %(today)s"""

# The nightly job: the same rows written for the day (one header per
# facility, both population families, movements, corrections, beds).
NIGHTLY_HEADERS = """
    INSERT INTO rehab_occupancy_day (company_id, date, resident_count, create_uid,
                                     create_date, write_uid, write_date)
    SELECT unnest(%(c)s::int[]), %(day)s, 0, %(uid)s, now(), %(uid)s, now()
    ON CONFLICT (company_id, date) DO NOTHING RETURNING id"""
SNAPSHOT_COLUMNS = (
    "line_type, area_id, order_type_id, order_kind, sex, age_band, is_kinh, "
    "province_id, presence, movement, is_relapse, release_reason, resident_count, "
    "bed_capacity, bed_occupied, bed_unavailable, bed_free"
)
NIGHTLY_INSERT = f"""
    INSERT INTO rehab_occupancy_snapshot (day_id, date, company_id,
                {SNAPSHOT_COLUMNS}, create_uid, create_date, write_uid, write_date)
    SELECT d.id, d.date, d.company_id, {{columns}}, %(uid)s, now(), %(uid)s, now()
      FROM ({{select}}) x{{join}}
      JOIN rehab_occupancy_day d ON d.company_id = x.company_id
       AND d.id = ANY(%(new)s)"""
NIGHTLY_POPULATION = NIGHTLY_INSERT.format(
    join="",
    columns="x.line_type, x.area_id, x.order_type_id, x.order_kind, x.sex, "
    "x.age_band, x.is_kinh, x.province_id, x.presence, NULL, NULL, NULL, x.n, "
    "NULL, NULL, NULL, NULL",
    select=f"""
    WITH {SEGMENTS},
    k AS (SELECT id, ((%(day)s::date + 1)::timestamp AT TIME ZONE rehab_tz)
                     AT TIME ZONE 'UTC' AS eod
            FROM res_company WHERE id = ANY(%(c)s)),
    away AS (SELECT DISTINCT ON (a.stay_id) a.stay_id, a.kind
               FROM rehab_stay_absence a JOIN k ON k.id = a.company_id
              WHERE a.kind IN ('escape', 'suspension') AND a.date_start < k.eod
                AND (a.date_end IS NULL OR a.date_end >= k.eod)
              ORDER BY a.stay_id, a.date_start DESC),
    bed AS (SELECT DISTINCT ON (a.stay_id) a.stay_id, a.area_id
              FROM rehab_bed_assignment a JOIN k ON k.id = a.company_id
             WHERE a.date_from < k.eod AND (a.date_to IS NULL OR a.date_to >= k.eod)
             ORDER BY a.stay_id, a.date_from DESC),
    pop AS (
        SELECT s.company_id, bed.area_id, t.id AS order_type_id,
               t.kind AS order_kind, r.sex, {age_band_case("%(day)s::date")}
                   AS age_band, COALESCE(r.is_kinh, FALSE) AS is_kinh,
               r.province_id, CASE w.kind WHEN 'escape' THEN 'escaped'
                   WHEN 'suspension' THEN 'hospital' ELSE 'present' END AS presence
          FROM rehab_stay s JOIN rehab_resident r ON r.id = s.resident_id
          LEFT JOIN seg ON seg.stay_id = s.id AND seg.span @> %(day)s::date
          JOIN rehab_order_type t ON t.id = COALESCE(seg.type_id, s.order_type_id)
          LEFT JOIN away w ON w.stay_id = s.id
          LEFT JOIN bed ON bed.stay_id = s.id
         WHERE {COUNTED} AND s.admission_date <= %(day)s
           AND (s.release_date IS NULL OR s.release_date > %(day)s))
    SELECT company_id, CASE WHEN GROUPING(province_id) = 0 THEN 'residence'
                            ELSE 'population' END AS line_type,
           area_id, order_type_id, order_kind, sex, age_band, is_kinh, province_id,
           presence, COUNT(*) AS n
      FROM pop
     GROUP BY GROUPING SETS ((company_id, area_id, order_type_id, order_kind, sex,
                              age_band, is_kinh, presence),
                             (company_id, order_type_id, order_kind, sex,
                              province_id))""",
)
NIGHTLY_MOVEMENTS = NIGHTLY_INSERT.format(
    join="",
    columns="'movement', NULL, x.order_type_id, x.order_kind, x.sex, NULL, NULL, "
    "NULL, NULL, x.movement, x.is_relapse, x.release_reason, x.count, "
    "NULL, NULL, NULL, NULL",
    select=TIGHT_MOVEMENTS,
)
NIGHTLY_CORRECTIONS = NIGHTLY_INSERT.format(
    columns="'movement', NULL, x.order_type_id, t.kind, x.sex, NULL, NULL, NULL, "
    "NULL, 'correction', NULL, NULL, x.n, NULL, NULL, NULL, NULL",
    select=f"""
    WITH {SEGMENTS},
    live AS (
        SELECT s.company_id, COALESCE(seg.type_id, s.order_type_id) AS order_type_id,
               r.sex, COUNT(*) AS n
          FROM rehab_stay s JOIN rehab_resident r ON r.id = s.resident_id
          LEFT JOIN seg ON seg.stay_id = s.id AND seg.span @> %(before)s::date
         WHERE {COUNTED} AND s.admission_date <= %(before)s
           AND (s.release_date IS NULL OR s.release_date > %(before)s)
         GROUP BY 1, 2, 3),
    recorded AS (
        SELECT company_id, order_type_id, sex, -SUM(resident_count) AS n
          FROM rehab_occupancy_snapshot
         WHERE company_id = ANY(%(c)s) AND date = %(before)s
           AND line_type = 'population'
         GROUP BY 1, 2, 3)
    SELECT x.company_id, x.order_type_id, x.sex, SUM(x.n) AS n
      FROM (SELECT * FROM live UNION ALL SELECT * FROM recorded) x
     WHERE EXISTS (SELECT 1 FROM rehab_occupancy_day b
                    WHERE b.company_id = x.company_id AND b.date = %(before)s)
     GROUP BY 1, 2, 3 HAVING SUM(x.n) <> 0""",
    join="\n      JOIN rehab_order_type t ON t.id = x.order_type_id",
)
NIGHTLY_BEDS = NIGHTLY_INSERT.format(
    join="",
    columns="'beds', x.area_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
    "NULL, NULL, NULL, x.capacity, x.occupied, x.unavailable, x.free",
    select=TIGHT_BEDS,
)
NIGHTLY_COUNT = """
    UPDATE rehab_occupancy_day d SET resident_count = x.n
      FROM (SELECT day_id, SUM(resident_count) AS n FROM rehab_occupancy_snapshot
             WHERE day_id = ANY(%(new)s) AND line_type = 'population'
             GROUP BY 1) x
     WHERE d.id = x.day_id"""


# ------------------------------------------------------------- measuring
def run_sql(cr, statements, params):
    """Run hand-written statements; ``[rows as dicts or None]``."""
    results = []
    for statement in statements:
        cr.execute(statement, params)
        results.append(cr.dictfetchall() if cr.description else None)
    return results


def measure(env, runs, module, tight, setup=None, reset=None):
    """Alternate ``module()`` and ``tight()`` (one warm-up run each, then
    ``runs``): ``(queries, median s, SQL median s, module result, SQL result)``.
    ``setup`` / ``reset`` run around each call (savepoints), untimed."""
    cr = env.cr
    times, sql_times, queries = [], [], 0
    result = sql_result = None
    for run in range(runs + 1):
        for fn, samples in ((module, times), (tight, sql_times)):
            if fn is None:
                continue
            if setup:
                setup()
            env.invalidate_all()
            count, started = cr.sql_log_count, time.perf_counter()
            value = fn()
            elapsed = time.perf_counter() - started
            if fn is module:
                result, queries = value, cr.sql_log_count - count
            else:
                sql_result = value
            if reset:
                reset()
            if run:
                samples.append(elapsed)
    sql_median = statistics.median(sql_times) if sql_times else None
    return queries, statistics.median(times), sql_median, result, sql_result


def savepoint(cr):
    return (
        lambda: cr.execute("SAVEPOINT bench"),
        lambda: cr.execute("ROLLBACK TO SAVEPOINT bench"),
    )


def nonzero(mapping):
    """A dict without its zero values (and empty sub-dicts), recursively."""
    out = {}
    for key, value in mapping.items():
        value = nonzero(value) if isinstance(value, dict) else value
        if value:
            out[key] = value
    return out


class Checks:
    def __init__(self):
        self.failures = []

    def equal(self, what, got, expected):
        if got != expected:
            self.failures.append(what)
            print(f"  MISMATCH {what}:\n    module {got}\n    SQL    {expected}")


class Tight:
    """The hand-written SQL's answers, shaped like the module's figures."""

    def __init__(self, env, company_ids):
        cr = env.cr
        self.cr, self.ids = cr, company_ids
        cr.execute("SELECT id, name FROM res_company")
        self.companies = dict(cr.fetchall())
        cr.execute("SELECT id, code FROM rehab_province")
        self.provinces = dict(cr.fetchall())
        lang = env["rehab.occupancy.figures"]._report_lang()
        areas = env["rehab.area"].with_context(active_test=False).search([])
        self.areas = {area.id: area.name for area in areas}
        types = env["rehab.incident.type"].with_context(lang=lang, active_test=False)
        self.types = {t.id: t.name for t in types.search([])}
        if "rehab.trade" in env:
            trades = env["rehab.trade"].with_context(lang=lang, active_test=False)
            self.trades = {t.id: t.name for t in trades.search([])}

    @staticmethod
    def occupancy(pop, day, company=None):
        by_kind_sex = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        provinces = defaultdict(lambda: defaultdict(int))
        for row in pop:
            if row["day"] != day or company not in (None, row["company_id"]):
                continue
            total = int(row["total"] or 0)
            if row["by_province"]:
                provinces[row["province_id"]][row["sex"]] += total
                continue
            cell = by_kind_sex[row["kind"]][row["sex"]]
            for key in ("total", "present", "escaped", "hospital", "lt14", "14_16"):
                cell[key] += int(row[key] or 0)
            for key in ("16_18", "18_30", "30p", "kinh"):
                cell[key] += int(row[key] or 0)
            cell["other"] += total - int(row["kinh"] or 0)
        return nonzero(by_kind_sex), nonzero(provinces)

    @staticmethod
    def lines(pop, movements, d0, d2, company=None):
        lines = defaultdict(lambda: defaultdict(int))
        for row in pop:
            if row["by_province"] or company not in (None, row["company_id"]):
                continue
            key = "opening" if row["day"] == d0 else "closing"
            lines[key][row["kind"]] += int(row["total"] or 0)
        for row in movements:
            if company not in (None, row["company_id"]):
                continue
            movement = row["movement"]
            if movement == "admission":
                relapse = "relapse" if row["is_relapse"] else "first"
                movement = f"admission_{relapse}"
            elif movement == "release":
                movement = f"release_{row['release_reason'] or 'completed'}"
            lines[movement][row["order_kind"]] += int(row["count"] or 0)
        return nonzero(lines)

    def beds(self, rows):
        return {
            (self.companies[row["company_id"]], self.areas.get(row["area_id"], "")): (
                int(row["capacity"]),
                int(row["occupied"]),
                int(row["unavailable"]),
                int(row["free"]),
            )
            for row in rows
        }

    def vocational(self, classes, sessions, certificates):
        """``{trade name or "*" (all): {measure: value}}``."""
        out = defaultdict(dict)
        for row in classes + sessions + certificates:
            cell = out[self.trades.get(row.pop("trade_id"), "*")]
            held, attended = row.pop("held", None), row.pop("attended", None)
            if held is not None:
                cell["attendance_rate"] = round(float(attended or 0) / held, 9)
            cell.update(row)
        return nonzero(out)


def module_shape(figures):
    """The module's figures in the shapes of ``Tight``."""
    occupancy = figures["occupancy"]
    provinces = {
        row["code"]: {"male": row["male"], "female": row["female"]}
        for row in occupancy["provinces"]
    }
    beds = {
        (row["facility"], row["area"]): (
            row["capacity"],
            row["occupied"],
            row["unavailable"],
            row["free"],
        )
        for row in figures["beds"]
    }
    return nonzero(occupancy["by_kind_sex"]), nonzero(provinces), beds


def gate_shape(rows):
    """The gate block (``_gate_figures``) from ``TIGHT_GATE``'s rows."""
    counts = {row["measure"]: int(row["value"]) for row in rows}
    return {
        "visits": {k[6:]: v for k, v in counts.items() if k.startswith("visit:")},
        "visitors": counts.get("visitors", 0),
        "items_confiscated": counts.get("confiscated", 0) + counts.get("contraband", 0),
        "contraband": counts.get("contraband", 0),
        "leaves_departed": counts.get("departed", 0) + counts.get("late", 0),
        "leaves_late": counts.get("late", 0),
    }


def check_period(checks, label, tight, figures, sql, period):
    """Compare an export's figures with the hand-written SQL's answer."""
    d0, d1, d2 = period
    pop, movements, beds = sql["population"], sql["movements"], sql["beds"]
    by_kind_sex, provinces, module_beds = module_shape(figures)
    expected, expected_provinces = tight.occupancy(pop, d2)
    expected_provinces = {
        tight.provinces.get(pid, ""): value for pid, value in expected_provinces.items()
    }
    checks.equal(f"{label}: residents at the end", by_kind_sex, expected)
    checks.equal(f"{label}: residents by province", provinces, expected_provinces)
    lines = nonzero(figures["movements"]["lines"])
    checks.equal(f"{label}: movements", lines, tight.lines(pop, movements, d0, d2))
    checks.equal(f"{label}: beds", module_beds, tight.beds(beds))
    incidents = {
        row["type"]: nonzero(row["by_severity"]) for row in figures["incidents"]
    }
    expected = defaultdict(dict)
    for row in sql["incidents"]:
        expected[tight.types[row["type_id"]]][row["severity"]] = row["count"]
    checks.equal(f"{label}: incidents", incidents, dict(expected))
    if "gate" in sql:
        checks.equal(f"{label}: gate", figures["gate"], gate_shape(sql["gate"]))
    for sheet in figures.get("facilities") or ():
        company = next(k for k, v in tight.companies.items() if v == sheet["facility"])
        name = f"{label}: {sheet['facility']}"
        expected, __ = tight.occupancy(pop, d2, company)
        checks.equal(name, nonzero(sheet["occupancy"]["by_kind_sex"]), expected)
        expected = tight.lines(pop, movements, d0, d2, company)
        checks.equal(name, nonzero(sheet["movements"]["lines"]), expected)
    if "vocational" in figures:
        voc = figures["vocational"]
        got = {"*": {k: voc[k] for k in ("classes", "trainees", "sessions")}}
        got["*"]["certificates"] = voc["certificates"]
        got["*"]["attendance_rate"] = round(voc["attendance_rate"], 9)
        for row in voc["trades"]:
            got[row["trade"]] = {k: v for k, v in row.items() if k != "trade"}
            got[row["trade"]]["attendance_rate"] = round(row["attendance_rate"], 9)
        checks.equal(f"{label}: vocational", nonzero(got), sql["vocational"])
        lines_rate = float(sql["lines_rate"] or 0)
        checks.equal(
            f"{label}: attendance rate from the lines",
            round(voc["attendance_rate"], 9),
            round(lines_rate, 9),
        )
    checks.equal(f"{label}: recorded vs current", figures["differences"] or [], [])


class Table:
    def __init__(self):
        self.rows = []

    def add(self, name, queries, seconds, sql_seconds=None, limit=None):
        """``limit``: the target ratio (None: reported only)."""
        ratio = seconds / sql_seconds if sql_seconds else None
        status = (
            ""
            if limit is None or ratio is None
            else ("PASS" if ratio <= limit else "FAIL")
        )
        self.rows.append(
            (
                name,
                str(queries),
                f"{seconds * 1000:.0f}",
                f"{sql_seconds * 1000:.0f}" if sql_seconds else "",
                f"{ratio:.2f}" if ratio else "",
                f"≤ {limit}×" if limit else "",
                status,
            )
        )

    def note(self, name, queries, value, target, passed):
        self.rows.append((name, str(queries), value, "", "", target, passed))

    def print(self, runs):
        print(
            f"\n| Operation | Queries | Median ms ({runs} runs after warm-up) "
            "| SQL ms | Ratio | Target | Result |"
        )
        print("|---|---:|---:|---:|---:|---|---|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


# The blocks of rehab_facility's report_figures (and vocational, which the SQL
# covers); other modules' blocks are timed apart (no hand-written SQL here).
CORE_BLOCKS = {"occupancy", "movements", "beds", "meta", "incidents", "gate"}
CORE_BLOCKS |= {"differences", "annex", "facilities", "vocational"}


def bench_period(env, args, checks, table, tight, period_type, d1, d2):
    """Exports of one period for the manager's facilities."""
    ids = env.companies.ids
    d0 = d1 - timedelta(days=1)
    label = f"{period_type} {d1:%m/%Y}" if period_type == "month" else f"year {d1.year}"
    params = {"period_type": period_type, "date_from": d1, "date_to": d2}
    params.update(recipient="PC04, Công an tỉnh", include_annex=False)
    sql_params = {"c": ids, "d0": d0, "d1": d1, "d2": d2, "days": [d0, d2]}
    Report = env["rehab.occupancy.report"]
    xlsx = env["report.rehab_facility.occupancy_xlsx"]
    Figures = env["rehab.occupancy.figures"]
    cr = env.cr
    vocational = "rehab.training.class" in env

    def live_sql():
        found = run_sql(cr, (TIGHT_POPULATION, TIGHT_MOVEMENTS, TIGHT_BEDS), sql_params)
        return dict(zip(("population", "movements", "beds"), found, strict=True))

    def recorded_sql():
        return run_sql(cr, RECORDED, sql_params)

    def export_sql():
        found = live_sql()
        run_sql(cr, (TIGHT_ANOMALY,), sql_params)
        found["recorded"] = recorded_sql()
        found["incidents"] = run_sql(cr, (TIGHT_INCIDENTS,), sql_params)[0]
        found["gate"] = run_sql(cr, (TIGHT_GATE,), sql_params)[0]
        if vocational:
            found["vocational"] = run_sql(cr, TIGHT_VOCATIONAL, sql_params)
        return found

    def export(source):
        def run():
            figures = Report.report_figures(env.companies, {**params, "source": source})
            return figures, xlsx.create_xlsx(figures)

        return run

    queries, seconds, sql_seconds, (figures, content), sql = measure(
        env, args.runs, export("auto"), export_sql
    )
    source = figures["meta"]["source"]
    table.add(
        f"Export {label} (figures + workbook), auto → {source}",
        queries,
        seconds,
        sql_seconds,
        1.5,
    )
    if vocational:
        sql["vocational"] = tight.vocational(*sql["vocational"])
        sql["lines_rate"] = run_sql(cr, (LINES_RATE,), sql_params)[0][0]["rate"]
    check_period(checks, label, tight, figures, sql, (d0, d1, d2))
    recorded = sql["recorded"]
    complete = recorded[0][0]["count"] == len(ids) * ((d2 - d0).days + 1)
    if complete:
        rows = {"population": recorded[1], "movements": recorded[2]}
        rows.update(beds=recorded[3], incidents=sql["incidents"], gate=sql["gate"])
        if vocational:
            rows.update(vocational=sql["vocational"], lines_rate=sql["lines_rate"])
        check_period(checks, f"{label} (recorded)", tight, figures, rows, (d0, d1, d2))
    checks.equal(f"{label}: source used", source, "snapshot" if complete else "live")
    for source in ("snapshot", "live"):
        if source == "snapshot" and not complete:
            table.note(f"Export {label}, source snapshot", "", "not recorded", "", "")
            continue
        queries, seconds, sql_seconds, (figures, __), ___ = measure(
            env, args.runs, export(source), export_sql
        )
        table.add(
            f"Export {label}, source {source}", queries, seconds, sql_seconds, 1.5
        )
    log_queries, log_seconds, *__ = measure(
        env,
        args.runs,
        lambda: Report.export(env.companies, {**params, "source": "auto"}),
        None,
    )
    table.add(
        f"Export {label}: full `export` (+ log, attachment)",
        log_queries,
        log_seconds,
        sql_seconds,
    )
    queries, seconds, sql_seconds, *__ = measure(
        env,
        args.runs,
        lambda: Report.report_figures(env.companies, {**params, "source": "auto"}),
        export_sql,
    )
    table.add(
        "  of which the figures (`report_figures`)", queries, seconds, sql_seconds
    )
    extra = sorted(set(figures) - CORE_BLOCKS)
    queries, seconds, sql_seconds, *__ = measure(
        env,
        args.runs,
        lambda: Figures._extra_period_figures(ids, d1, d2),
        (lambda: run_sql(cr, TIGHT_VOCATIONAL, sql_params)) if vocational else None,
    )
    table.add(
        f"  of which `_extra_period_figures` ({', '.join(extra)}; SQL: vocational)",
        queries,
        seconds,
        sql_seconds,
    )
    parts = (
        ("live figures (`_period_rows` live)", "live", live_sql),
        ("recorded figures (`_period_rows` snapshot)", "snapshot", recorded_sql),
    )
    for name, source, tight_fn in parts:
        if source == "snapshot" and not complete:
            continue
        queries, seconds, sql_seconds, *__ = measure(
            env,
            args.runs,
            lambda source=source: Figures._period_rows(ids, d1, d2, source),
            tight_fn,
        )
        table.add(f"  of which {name}", queries, seconds, sql_seconds)
    queries, seconds, *__ = measure(
        env, args.runs, lambda: xlsx.create_xlsx(figures), None
    )
    table.add(f"  of which the workbook ({len(content):,} bytes)", queries, seconds)


# rehab_facility's own dashboard fields that are not counts the SQL gives.
DASHBOARD_OWN = {"today", "facility_names", "occupancy_rate", "area_table"}


def bench_dashboard(env, args, checks, table):
    Dashboard = env["rehab.dashboard"]
    names = [
        name
        for name, field in Dashboard._fields.items()
        if field.compute == "_compute_figures"
    ]
    today = env.company.rehab_today()
    params = {"c": env.companies.ids, "today": today, "month": today.replace(day=1)}
    params["week"] = today - timedelta(days=today.weekday())
    params.update(d1=params["month"], d2=today)
    statements = (*TIGHT_DASHBOARD, TIGHT_GATE)
    if "sessions_week_count" in names:
        statements += (TIGHT_DASHBOARD_VOCATIONAL,)
    queries, seconds, sql_seconds, values, sql = measure(
        env,
        args.runs,
        lambda: Dashboard.create({}).read(names)[0],
        lambda: run_sql(env.cr, statements, params),
    )
    table.add(
        "Dashboard (create + compute, 5 facilities)", queries, seconds, sql_seconds, 1.5
    )
    stays, beds, month, incidents, gate = sql[:5]
    gate = gate_shape(gate)
    here = defaultdict(int)
    for row in stays:
        here[row["state"]] += row["here"]
    expected = {
        "in_facility_count": sum(here.values()),
        "present_count": here["in_rehab"],
        "escaped_count": here["absent"],
        "hospital_count": here["suspended"],
        "bed_capacity": sum(row["capacity"] for row in beds),
        "bed_occupied": sum(row["occupied"] for row in beds),
        "bed_free": sum(row["free"] for row in beds),
        "releases_due_count": sum(row["due"] for row in stays),
        "release_overdue_count": sum(row["overdue"] for row in stays),
        "admissions_month_count": month[0]["admissions"],
        "releases_month_count": month[0]["releases"],
        "incidents_month_count": incidents[0]["total"],
        "serious_incidents_month_count": incidents[0]["serious"],
        "visits_month_count": sum(gate["visits"].values()),
        "confiscated_month_count": gate["items_confiscated"],
        "leaves_late_month_count": gate["leaves_late"],
    }
    if "sessions_week_count" in names:
        week = sql[5][0]
        expected["sessions_week_count"] = week["sessions"]
        expected["attendance_week_rate"] = round(
            100.0 * float(week["attended"] or 0) / week["held"]
            if week["held"]
            else 0.0,
            1,
        )  # the field has 1 decimal
        values["attendance_week_rate"] = round(values["attendance_week_rate"], 1)
    checks.equal("dashboard", {key: values[key] for key in expected}, expected)
    dates = (params["today"], params["month"], params["week"])
    extra = sorted(
        name for name in names if name not in expected and name not in DASHBOARD_OWN
    )
    queries, seconds, sql_seconds, *__ = measure(
        env,
        args.runs,
        lambda: Dashboard.new({})._extra_figures(env.companies.ids, *dates),
        (lambda: run_sql(env.cr, statements[5:], params))
        if len(statements) > 5
        else None,
    )
    table.add(
        f"  of which `_extra_figures` ({', '.join(extra)}; SQL: the week's "
        "attendance)",
        queries,
        seconds,
        sql_seconds,
    )
    return values


def nightly_sql(cr, company_ids, day, uid):
    cr.execute(NIGHTLY_HEADERS, {"c": company_ids, "day": day, "uid": uid})
    new = [row[0] for row in cr.fetchall()]
    params = {"c": company_ids, "new": new, "day": day, "uid": uid}
    params.update(before=day - timedelta(days=1), d1=day, d2=day, days=[day])
    for statement in (NIGHTLY_POPULATION, NIGHTLY_MOVEMENTS, NIGHTLY_CORRECTIONS):
        cr.execute(statement, params)
    cr.execute(NIGHTLY_BEDS, params)
    cr.execute(NIGHTLY_COUNT, params)


def stored_rows(cr, company_ids, day):
    cr.execute(
        f"SELECT company_id, {SNAPSHOT_COLUMNS} FROM rehab_occupancy_snapshot"
        " WHERE company_id = ANY(%s) AND date = %s",
        [company_ids, day],
    )
    rows = sorted(cr.fetchall(), key=repr)
    cr.execute(
        "SELECT company_id, resident_count FROM rehab_occupancy_day"
        " WHERE company_id = ANY(%s) AND date = %s ORDER BY 1",
        [company_ids, day],
    )
    return rows, cr.fetchall()


def bench_nightly(env, args, checks, table):
    """The nightly job for yesterday (not recorded), 1 then 5 facilities, as
    the cron's user; rolled back after each run."""
    cr, ids = env.cr, env["res.company"].search([]).ids
    Snapshot = env["rehab.occupancy.snapshot"]
    day = min(c.rehab_today() for c in env["res.company"].browse(ids))
    day -= timedelta(days=1)
    cr.execute("SELECT COUNT(*) FROM rehab_occupancy_day WHERE date = %s", [day])
    if cr.fetchone()[0]:
        print(f"  {day} is recorded already: the nightly job would do nothing.")
        return
    begin, rollback = savepoint(cr)
    counts = {}
    for name, recorded in (("1 facility", ids[1:]), (f"{len(ids)} facilities", [])):
        todo = [cid for cid in ids if cid not in recorded]

        def setup(recorded=recorded):
            begin()
            if recorded:
                Snapshot._record_day(recorded, day)

        queries, seconds, sql_seconds, *__ = measure(
            env,
            args.runs,
            Snapshot._cron_snapshot,
            lambda todo=todo: nightly_sql(cr, todo, day, env.uid),
            setup,
            rollback,
        )
        counts[name] = queries
        table.add(
            f"Nightly job (`_cron_snapshot`), {name}", queries, seconds, sql_seconds, 2
        )
        found = []
        for fn in (Snapshot._cron_snapshot, lambda t=todo: nightly_sql(cr, t, day, 1)):
            setup()
            fn()
            found.append(stored_rows(cr, todo, day))
            rollback()
        checks.equal(f"nightly job, {name}: stored rows", found[0], found[1])
    one, many = counts.values()
    table.note(
        f"Nightly job: queries for {len(ids)} vs 1 facility",
        f"{many} vs {one}",
        "",
        f"≤ {one} + {len(ids)}",
        "PASS" if many <= one + len(ids) else "FAIL",
    )
    env.invalidate_all()


def rss_mb():
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def catch_up_child(args, registry):
    """Delete the last recorded days, let the job catch them up as the
    scheduler runs it (31 days a run, a commit per day), measure the memory,
    then put the database back as it was (same figures re-recorded)."""
    import gc

    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Snapshot = env["rehab.occupancy.snapshot"]
        cron = env.ref("rehab_facility.ir_cron_rehab_occupancy_snapshot")
        today = min(company.rehab_today() for company in env["res.company"].search([]))
        first = today - timedelta(days=args.catch_up_days)
        # Keep one recorded day before the deleted ones: the job catches up
        # from the last recorded day (with none, it records yesterday only).
        cr.execute("SELECT MIN(date) FROM rehab_occupancy_day")
        oldest = cr.fetchone()[0]
        if oldest and first <= oldest:
            first = oldest + timedelta(days=1)
        sql = "SELECT company_id, date, resident_count, id FROM rehab_occupancy_day"
        cr.execute(sql + " WHERE date >= %s", [first])
        before = {(c, d): n for c, d, n, __ in cr.fetchall()}
        cr.execute("DELETE FROM rehab_occupancy_day WHERE date >= %s", [first])
        cr.commit()
        Snapshot._days_to_record(400)  # warm the code paths
        gc.collect()
        rss0, started, count, runs = rss_mb(), time.perf_counter(), cr.sql_log_count, 0
        while Snapshot._days_to_record(400):
            __, progress = cron._add_progress()
            Snapshot.with_context(ir_cron_progress_id=progress.id)._cron_snapshot()
            cr.commit()
            runs += 1
        seconds, queries = time.perf_counter() - started, cr.sql_log_count - count
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rss1 = rss_mb()
        cr.execute(sql + " WHERE date >= %s", [first])
        after = {(c, d): (n, rid) for c, d, n, rid in cr.fetchall()}
        same = all(after.get(key, (None,))[0] == n for key, n in before.items())
        extra = [rid for key, (__, rid) in after.items() if key not in before]
        cr.execute("DELETE FROM rehab_occupancy_day WHERE id = ANY(%s)", [extra])
        cr.commit()
    days = len({day for __, day in after})
    print(
        json.dumps(
            {
                "days": days,
                "runs": runs,
                "seconds": seconds,
                "queries": queries,
                "rss_before": rss0,
                "rss_after": rss1,
                "peak": peak,
                "same": same,
            }
        )
    )


def bench_catch_up(args, checks, table):
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "-c", args.config, "-d"]
        + [args.database, "--catch-up-child", "--catch-up-days"]
        + [str(args.catch_up_days)],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode:
        print(child.stdout, child.stderr)
        checks.failures.append("catch-up")
        return
    found = json.loads(child.stdout.strip().splitlines()[-1])
    growth = max(found["peak"], found["rss_after"]) - found["rss_before"]
    print(
        f"\nCatch-up of {found['days']} days ({found['runs']} run(s) of the job, "
        f"{time.perf_counter() - started:.0f} s with the child's start): "
        f"{found['seconds']:.1f} s, {found['seconds'] / found['days'] * 1000:.0f} "
        f"ms a day; RSS {found['rss_before']:.0f} MB before, "
        f"{found['rss_after']:.0f} MB after, peak {found['peak']:.0f} MB."
    )
    table.note(
        f"Nightly job: {found['days']}-day catch-up, memory growth",
        str(found["queries"]),
        f"{found['seconds'] * 1000:.0f} (total); +{growth:.0f} MB peak",
        "≤ 150 MB",
        "PASS" if growth <= 150 else "FAIL",
    )
    checks.equal("catch-up: the same figures re-recorded", found["same"], True)


def describe(cr, company_ids):
    """What the database holds (printed with the results)."""
    queries = {
        "stays": "SELECT COUNT(*) FROM rehab_stay WHERE company_id = ANY(%(c)s)",
        "released": "SELECT COUNT(*) FROM rehab_stay WHERE company_id = ANY(%(c)s)"
        " AND state = 'released'",
        "first admission": "SELECT MIN(admission_date) FROM rehab_stay"
        " WHERE company_id = ANY(%(c)s)",
        "bed assignments": "SELECT COUNT(*) FROM rehab_bed_assignment"
        " WHERE company_id = ANY(%(c)s)",
        "stays without bed history": "SELECT COUNT(*) FROM rehab_stay s"
        " WHERE s.company_id = ANY(%(c)s) AND s.state <> 'intake' AND NOT EXISTS"
        " (SELECT 1 FROM rehab_bed_assignment a WHERE a.stay_id = s.id)",
        "released stays with an open bed": "SELECT COUNT(*) FROM rehab_stay s"
        " JOIN rehab_bed_assignment a ON a.stay_id = s.id"
        " WHERE s.company_id = ANY(%(c)s) AND s.state = 'released'"
        " AND a.date_to IS NULL",
        "beds": "SELECT COUNT(*) FROM rehab_bed WHERE company_id = ANY(%(c)s)",
        "absences": "SELECT COUNT(*) FROM rehab_stay_absence"
        " WHERE company_id = ANY(%(c)s)",
        "basis changes": "SELECT COUNT(*) FROM rehab_stay_basis_change"
        " WHERE company_id = ANY(%(c)s)",
        "incidents": "SELECT COUNT(*) FROM rehab_incident"
        " WHERE company_id = ANY(%(c)s)",
        "recorded days": "SELECT COUNT(*) || ' (' || MIN(date) || ' to ' || MAX(date)"
        " || ')' FROM rehab_occupancy_day WHERE company_id = ANY(%(c)s)",
        "recorded rows": "SELECT COUNT(*) FROM rehab_occupancy_snapshot"
        " WHERE company_id = ANY(%(c)s)",
    }
    cr.execute("SELECT to_regclass('rehab_attendance_line') IS NOT NULL")
    if cr.fetchone()[0]:
        queries["classes"] = "SELECT COUNT(*) FROM rehab_training_class"
        queries["sessions"] = "SELECT COUNT(*) FROM rehab_training_session"
        queries["attendance lines"] = "SELECT COUNT(*) FROM rehab_attendance_line"
    found = {}
    for name, sql in queries.items():
        cr.execute(sql, {"c": company_ids})
        value = cr.fetchone()[0]
        found[name] = f"{value:,}" if isinstance(value, int) else value
    return found


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
    if args.catch_up_child:
        catch_up_child(args, registry)
        return
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
            print(f"Seeded in {time.perf_counter() - started:.0f} s", flush=True)
        ids = companies.ids
        yesterday = min(c.rehab_today() for c in companies) - timedelta(days=1)
    last = yesterday - timedelta(days=1)  # yesterday: for the nightly benchmark
    first = last - timedelta(days=args.figures_days - 1)
    done, seconds = record_figures(registry, ids, first, last)
    if done:
        print(
            f"The nightly job recorded {done} days ({first} to {last}) for "
            f"{len(ids)} facilities in {seconds:.0f} s "
            f"({seconds / done * 1000:.0f} ms a day, a commit per day)"
        )
    checks, table = Checks(), Table()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        data = describe(cr, ids)
        manager = env["res.users"].search([("login", "=", MANAGER_LOGIN)])
        env = odoo.api.Environment(
            cr, manager.id, {"allowed_company_ids": ids, "lang": "en_US"}
        )
        tight = Tight(env(su=True), ids)
        today = yesterday + timedelta(days=1)
        year = today.year - 1
        bench_period(
            env,
            args,
            checks,
            table,
            tight,
            "year",
            date(year, 1, 1),
            date(year, 12, 31),
        )
        month_end = today.replace(day=1) - timedelta(days=1)
        bench_period(
            env,
            args,
            checks,
            table,
            tight,
            "month",
            month_end.replace(day=1),
            month_end,
        )
        bench_dashboard(env, args, checks, table)
        bench_nightly(
            odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), args, checks, table
        )
        cr.rollback()
    bench_catch_up(args, checks, table)
    print("\nData: " + "; ".join(f"{name} {value}" for name, value in data.items()))
    print(
        f"Roles: exports and dashboard as {MANAGER_LOGIN} (manager group, "
        f"{len(ids)} facilities allowed); nightly job as the cron's user."
    )
    table.print(args.runs)
    if checks.failures:
        print(f"\nDISAGREES with the SQL: {', '.join(checks.failures)}")
        sys.exit(1)
    print("\nEvery answer agrees with the hand-written SQL.")


if __name__ == "__main__":
    main()
