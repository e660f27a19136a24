#!/usr/bin/env python3
"""Benchmark of the intake duplicate search and the bed board, as the real users.

Seeds a THROWAWAY database with SQL inserts (5 facilities, 100,000 residents
with realistic Vietnamese names by default; facility 1 has 30 areas on its bed
board, facility 2 has 6), then, as the intake officer of a facility (ORM
environment of that user, record rules and field groups included), times and
counts the SQL queries of

- the duplicate search of the intake wizard (``_find_candidates``) for a few
  names, against the tightest hand-written SQL giving the same people
  (indexed trigram search of the facility's residents); the own-facility
  person planted for "Lê Văn Tùng" must come first although residents with a
  similar name exist in the other facilities;
- the bed board as the web client loads it (``web_read_group`` of the areas,
  ``read_progress_bar``, the open columns' cards), for 30 and for 6 areas,
  against one hand-written SQL query giving the same columns and cards; and
  the same columns loaded one ``web_search_read`` per column (what a plain
  grouped kanban does) for comparison.

Targets: duplicate search <= 2 x the SQL; bed board queries for 30 areas
<= those for 6 areas + 3.

Usage, from the repository root (the database name must contain "bench";
``--create`` drops it, creates it and installs the addons without demo):

    .venv/bin/python scripts/benchmark_intake.py \\
        -c .local/odoo.conf -d rehab_bench_intake --create

    # again on the seeded database:
    .venv/bin/python scripts/benchmark_intake.py \\
        -c .local/odoo.conf -d rehab_bench_intake

``ODOO_SRC`` (default /opt/odoo/18.0) is the Odoo source tree.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date

BENCH_PREFIX = "BENCH-INTAKE "
# Family names by frequency (out of 100; Nguyễn is about 38 % of Vietnamese).
FAMILY = (
    ["Nguyễn"] * 38 + ["Trần"] * 11 + ["Lê"] * 9 + ["Phạm"] * 7 + ["Hoàng"] * 4
    + ["Huỳnh"] * 2 + ["Phan"] * 4 + ["Vũ"] * 3 + ["Võ"] * 2 + ["Đặng"] * 2
    + ["Bùi"] * 2 + ["Đỗ"] * 2 + ["Hồ"] * 2 + ["Ngô"] * 2 + ["Dương"] * 2
    + ["Lý", "Đinh", "Trương", "Mai", "Đào", "Lương", "Tạ", "Cao"]
)  # fmt: skip
MIDDLE_MALE = (
    ["Văn"] * 10 + ["Đức"] * 2 + ["Minh"] * 2 + ["Hữu"] * 2 + ["Quang"] * 2
    + ["Công", "Thanh", "Xuân", "Ngọc", "Mạnh", "Duy", "Trọng", "Văn Minh",
       "Đình", "Bá", "Tiến", "Hoàng"]
)  # fmt: skip
MIDDLE_FEMALE = ["Thị"] * 8 + ["Ngọc", "Thu", "Thanh", "Kim", "Bích", "Thùy", "Thị Thu"]
GIVEN_MALE = [
    "Anh", "Tùng", "Giang", "Hùng", "Dũng", "Nam", "Long", "Hải", "Minh", "Tuấn",
    "Sơn", "Hiếu", "Phong", "Quân", "Khánh", "Bảo", "Hoàng", "Thành", "Trung",
    "Đức", "Việt", "Hưng", "Thắng", "Lâm", "Phúc", "Tài", "Toàn", "Cường", "Huy",
    "Vinh", "Quang", "Tiến", "Duy", "Kiên", "Tâm", "Lộc", "Phát", "Hậu", "Nghĩa",
    "Thịnh", "Bình", "Chiến", "Đạt", "Hòa", "Khoa", "Lợi", "Nhân", "Quý", "Tú",
]  # fmt: skip
GIVEN_FEMALE = [
    "Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Thảo", "Hà", "Ngọc", "Hằng",
    "Yến", "Nhung", "Phương", "Thủy", "Vân", "Huyền", "Nga", "Dung", "Oanh", "Loan",
]  # fmt: skip
# The probe: planted in facility 1; the searches typed at its intake desk.
PLANTED = ("Lê Văn Tùng", date(1990, 5, 12), "male")
SEARCHES = [
    ("Lê Văn Tùng", date(1990, 5, 12), "male"),
    ("Nguyen Van Hung", date(1985, 3, 3), "male"),
    ("Trần Thị Thu Hà", None, "female"),
    ("Pham Duc Anh", None, None),
]
BED_FIELDS_SQL = """b.id, b.status, b.current_stay_state, b.current_stay_gate_status,
                    r.name AS room_name, b.name, b.current_resident_id,
                    p.name AS resident_name, p.citizen_id"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--create", action="store_true", help="drop/create/install")
    parser.add_argument("--facilities", type=int, default=5)
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--areas", type=int, default=30, help="areas of facility 1")
    parser.add_argument("--small-areas", type=int, default=6, help="of facility 2")
    parser.add_argument("--beds-per-area", type=int, default=60)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    if "bench" not in args.database:
        parser.error("the database name must contain 'bench': it gets seeded")
    if args.facilities < 2:
        parser.error("at least 2 facilities")
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
            "--no-http",
        ],
        check=True,
    )


# ------------------------------------------------------------------ seeding
def seed(env, args):
    """Facilities, users, areas (ORM); beds, residents, stays (SQL)."""
    companies = env["res.company"].create(
        [{"name": f"{BENCH_PREFIX}Cơ sở {n + 1}"} for n in range(args.facilities)]
    )
    for index, company in enumerate(companies):
        areas = {0: args.areas, 1: args.small_areas}.get(index, 6)
        seed_beds(env, company, areas, args.beds_per_area)
        seed_users(env, company, index + 1)
    seed_residents(env, companies, args.names)
    seed_occupants(env, companies)
    env.cr.execute("ANALYZE")
    return companies


def seed_users(env, company, number):
    groups = {
        "intake": "rehab_facility.group_rehab_intake",
        "security": "rehab_facility.group_rehab_security",
    }
    for role, group in groups.items():
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": f"{BENCH_PREFIX}{role} {number}",
                "login": f"bench_{role}_{number}",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "groups_id": [
                    (6, 0, [env.ref("base.group_user").id, env.ref(group).id])
                ],
            }
        )


def seed_beds(env, company, count, beds_per_area):
    kinds = [
        ("compulsory", "male", "adult"),
        ("compulsory", "female", "adult"),
        ("voluntary", "male", "adult"),
        ("temporary", "male", "adult"),
        ("minor", "male", "minor"),
        ("infectious", "male", "adult"),
    ]
    for n in range(count):
        kind, sex, age_group = kinds[n % len(kinds)]
        area = env["rehab.area"].create(
            {
                "name": f"Khu {n + 1:02d}",
                "code": f"K{n + 1:02d}",
                "sequence": n,
                "kind": kind,
                "sex": sex,
                "age_group": age_group,
                "company_id": company.id,
            }
        )
        for room_number in (1, 2):
            room = env["rehab.room"].create(
                {"name": f"P{n + 1:02d}.{room_number}", "area_id": area.id}
            )
            env.cr.execute(
                """
                INSERT INTO rehab_bed (name, room_id, area_id, company_id, area_kind,
                                       sex, age_group, condition, status, active,
                                       sequence)
                SELECT 'G' || g, %s, %s, %s, %s, %s, %s,
                       CASE WHEN g %% 25 = 0 THEN 'out_of_order' ELSE 'available' END,
                       CASE WHEN g %% 25 = 0 THEN 'out_of_order' ELSE 'free' END,
                       TRUE, g
                  FROM generate_series(1, %s) g
                """,
                [
                    room.id,
                    area.id,
                    company.id,
                    kind,
                    sex,
                    age_group,
                    beds_per_area // 2,
                ],
            )
    env.flush_all()


def seed_residents(env, companies, count):
    """``count`` people over the facilities; names drawn by frequency."""
    env.cr.execute(
        """
        WITH draw AS (
            SELECT g, (abs(hashtext(g || 's')) %% 100) < 92 AS male,
                   abs(hashtext(g || 'f')) AS hf, abs(hashtext(g || 'm')) AS hm,
                   abs(hashtext(g || 'g')) AS hg, abs(hashtext(g || 'b')) AS hb
              FROM generate_series(1, %(count)s) g),
        people AS (
            SELECT g, male,
                   %(family)s::text[] AS fam, %(mm)s::text[] AS mm,
                   %(mf)s::text[] AS mf, %(gm)s::text[] AS gm, %(gf)s::text[] AS gf,
                   hf, hm, hg,
                   date '1965-01-01' + (hb %% 15000)::int AS birthdate
              FROM draw)
        INSERT INTO rehab_resident (name, company_id, sex, birthdate, birth_year,
                                    citizen_id, ethnicity, is_kinh, active,
                                    create_uid, write_uid, create_date, write_date)
        SELECT fam[1 + hf %% array_length(fam, 1)] || ' ' ||
               CASE WHEN male THEN mm[1 + hm %% array_length(mm, 1)]
                    ELSE mf[1 + hm %% array_length(mf, 1)] END || ' ' ||
               CASE WHEN male THEN gm[1 + hg %% array_length(gm, 1)]
                    ELSE gf[1 + hg %% array_length(gf, 1)] END,
               (%(companies)s::int[])[1 + g %% %(n_companies)s],
               CASE WHEN male THEN 'male' ELSE 'female' END,
               birthdate, extract(year FROM birthdate)::int,
               CASE WHEN g %% 3 = 0 THEN NULL ELSE
                   lpad((1 + g %% 96)::text, 3, '0')
                   || (CASE WHEN birthdate >= date '2000-01-01' THEN 2 ELSE 0 END
                       + CASE WHEN male THEN 0 ELSE 1 END)::text
                   || to_char(birthdate, 'YY') || lpad(g::text, 6, '0') END,
               'Kinh', TRUE, TRUE, 1, 1, now(), now()
          FROM people
        """,
        {
            "count": count,
            "family": FAMILY,
            "mm": MIDDLE_MALE,
            "mf": MIDDLE_FEMALE,
            "gm": GIVEN_MALE,
            "gf": GIVEN_FEMALE,
            "companies": companies.ids,
            "n_companies": len(companies),
        },
    )
    name, birthdate, sex = PLANTED
    env.cr.execute(
        """INSERT INTO rehab_resident (name, company_id, sex, birthdate, birth_year,
                                       ethnicity, is_kinh, active, create_uid,
                                       write_uid, create_date, write_date)
           VALUES (%s, %s, %s, %s, %s, 'Kinh', TRUE, TRUE, 1, 1, now(), now())""",
        [name, companies[0].id, sex, birthdate, birthdate.year],
    )


def seed_occupants(env, companies):
    """Two beds in three occupied by a resident of the facility, in rehab."""
    cr = env.cr
    cr.execute(
        """
        WITH beds AS (
            SELECT b.id, b.company_id, b.sex,
                   row_number() OVER (PARTITION BY b.company_id, b.sex
                                      ORDER BY b.id) AS n
              FROM rehab_bed b
             WHERE b.condition = 'available' AND b.id %% 3 <> 0
               AND b.company_id = ANY(%(c)s)),
        people AS (
            SELECT r.id, r.company_id, r.sex,
                   row_number() OVER (PARTITION BY r.company_id, r.sex
                                      ORDER BY r.id) AS n
              FROM rehab_resident r
             WHERE r.company_id = ANY(%(c)s) AND r.birthdate < date '2007-01-01'),
        pairs AS (
            SELECT beds.id AS bed_id, people.id AS resident_id, beds.company_id,
                   people.sex
              FROM beds JOIN people USING (company_id, sex, n)),
        stays AS (
            INSERT INTO rehab_stay (name, resident_id, company_id, state, order_kind,
                                    order_type_id, regime, admission_date,
                                    is_relapse, sex, active, term_months,
                                    create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH-I/' || p.bed_id, p.resident_id, p.company_id, 'in_rehab',
                   'compulsory_adult', ot.id, ot.regime, date '2026-01-15', FALSE,
                   p.sex, TRUE, 24, 1, 1, now(), now()
              FROM pairs p
              JOIN rehab_order_type ot ON ot.kind = 'compulsory_adult'
               AND ot.date_from <= date '2026-01-15'
               AND (ot.date_to IS NULL OR ot.date_to >= date '2026-01-15')
            RETURNING id, resident_id, name)
        INSERT INTO rehab_bed_assignment (bed_id, stay_id, resident_id, company_id,
                                          area_id, date_from, create_uid, write_uid,
                                          create_date, write_date)
        SELECT b.id, s.id, s.resident_id, b.company_id, b.area_id,
               timestamp '2026-01-15 02:00', 1, 1, now(), now()
          FROM stays s JOIN rehab_bed b ON 'BENCH-I/' || b.id = s.name
        """,
        {"c": companies.ids},
    )
    cr.execute(
        """
        UPDATE rehab_bed b SET status = 'occupied', current_assignment_id = a.id,
               current_stay_id = a.stay_id, current_resident_id = a.resident_id,
               current_stay_state = 'in_rehab'
          FROM rehab_bed_assignment a
         WHERE a.bed_id = b.id AND a.date_to IS NULL AND b.company_id = ANY(%s)
        """,
        [companies.ids],
    )


# --------------------------------------------------------- hand-written SQL
SEARCH_SQL = """
    SELECT r.id
      FROM rehab_resident r
     WHERE r.company_id = ANY(%(c)s)
       AND rehab_unaccent_lower(%(given)s) <<%% rehab_unaccent_lower(r.name)
       AND (NOT %(words)s OR (
            similarity(split_part(rehab_unaccent_lower(r.name), ' ', -1),
                       rehab_unaccent_lower(%(given)s)) >= 0.5
            AND similarity(split_part(rehab_unaccent_lower(r.name), ' ', 1),
                           rehab_unaccent_lower(%(family)s)) >= 0.5))
       AND (similarity(rehab_unaccent_lower(r.name), rehab_unaccent_lower(%(name)s))
                >= 0.45
            OR (r.birthdate = %(birthdate)s
                AND similarity(rehab_unaccent_lower(r.name),
                               rehab_unaccent_lower(%(name)s)) >= 0.3))
     ORDER BY similarity(rehab_unaccent_lower(r.name), rehab_unaccent_lower(%(name)s))
              + CASE WHEN r.birthdate = %(birthdate)s THEN 0.5
                     WHEN r.birth_year = %(year)s THEN 0.15 ELSE 0 END
              + CASE WHEN r.sex = %(sex)s THEN 0.1 ELSE 0 END DESC, r.id
     LIMIT 20
"""
# Same filter, other facilities: how many similar names the officer does not see.
ELSEWHERE_SQL = SEARCH_SQL.replace("r.company_id = ANY", "NOT r.company_id = ANY")
ELSEWHERE_SQL = "SELECT count(*) FROM (" + ELSEWHERE_SQL.replace("LIMIT 20", "") + ") x"

BOARD_SQL = f"""
    WITH beds AS (
        SELECT b.*, count(*) OVER (PARTITION BY b.area_id) AS area_count,
               row_number() OVER (PARTITION BY b.area_id
                                  ORDER BY r.sequence, r.name, b.sequence, b.name)
                   AS position
          FROM rehab_bed b JOIN rehab_room r ON r.id = b.room_id
         WHERE b.company_id = ANY(%(c)s) AND b.active),
    columns AS (
        SELECT a.id AS area_id, a.name, min(beds.area_count) AS bed_count,
               count(*) FILTER (WHERE beds.status = 'occupied') AS occupied,
               count(*) FILTER (WHERE beds.status = 'free') AS free,
               count(*) FILTER (WHERE beds.status = 'out_of_order') AS out_of_order,
               row_number() OVER (ORDER BY a.sequence, a.name) AS column_number
          FROM beds JOIN rehab_area a ON a.id = beds.area_id
         GROUP BY a.id)
    SELECT c.area_id, c.name, c.bed_count, c.occupied, c.free, c.out_of_order,
           {BED_FIELDS_SQL}
      FROM columns c
      LEFT JOIN beds b ON b.area_id = c.area_id AND b.position <= 40
           AND c.column_number <= 10
      LEFT JOIN rehab_room r ON r.id = b.room_id
      LEFT JOIN rehab_resident p ON p.id = b.current_resident_id
     ORDER BY c.column_number, b.position
"""


# ---------------------------------------------------------------- measuring
def measure(env, runs, operation):
    """Median time (s), query count and result of ``operation()``, cold ORM cache."""
    cr = env.cr
    times, queries, result = [], None, None
    for run in range(runs + 1):  # the first run warms the caches
        env.invalidate_all()
        count = cr.sql_log_count
        started = time.perf_counter()
        result = operation()
        elapsed = time.perf_counter() - started
        if run:
            times.append(elapsed)
            queries = cr.sql_log_count - count
    return statistics.median(times), queries, result


def measure_sql(cr, runs, sql, params):
    times, rows = [], None
    for run in range(runs + 1):
        started = time.perf_counter()
        cr.execute("SET LOCAL pg_trgm.strict_word_similarity_threshold = 0.5")
        cr.execute(sql, params)
        rows = cr.fetchall()
        if run:
            times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def user_env(env, login):
    user = env["res.users"].search([("login", "=", login)])
    return env(user=user.id, context={"allowed_company_ids": user.company_ids.ids})


def bench_search(env, args, company):
    officer = user_env(env, "bench_intake_1")
    residents = officer["rehab.resident"]
    rows = []
    for name, birthdate, sex in SEARCHES:
        seconds, queries, found = measure(
            officer,
            args.runs,
            lambda n=name, b=birthdate, s=sex: residents._find_similar(n, b, s).ids,
        )
        params = {
            "name": name,
            "c": company.ids,
            "birthdate": birthdate,
            "year": birthdate.year if birthdate else None,
            "sex": sex,
            "words": len(name.split()) > 1,
            "given": name.split()[-1],
            "family": name.split()[0],
        }
        sql_seconds, hand = measure_sql(env.cr, args.runs, SEARCH_SQL, params)
        assert found == [row[0] for row in hand], (name, found, hand)
        env.cr.execute("SET LOCAL pg_trgm.strict_word_similarity_threshold = 0.5")
        env.cr.execute(ELSEWHERE_SQL, params)
        elsewhere = env.cr.fetchone()[0]
        first = residents.browse(found[:1]).name if found else "-"
        rows.append((name, birthdate, len(found), elsewhere, first, seconds, queries,
                     sql_seconds))  # fmt: skip
    planted = env["rehab.resident"].search(
        [("name", "=", PLANTED[0]), ("birthdate", "=", PLANTED[1])], limit=1
    )
    wizard_found = (
        officer["rehab.intake.wizard"]
        .create({"name": PLANTED[0], "birthdate": PLANTED[1], "sex": PLANTED[2]})
        ._find_candidates()
    )
    assert wizard_found[:1] == planted.with_env(officer), "planted person not first"
    return rows


def board_requests(bed_model, groups, limit=40):
    """The open columns' requests, as the web client makes them (10 at most)."""
    return [
        {
            "domain": group["__domain"],
            "offset": 0,
            "limit": limit,
            "order": "",
            "count_limit": 10_001,
        }
        for group in groups
        if group["area_id_count"]
    ][:10]


def board_specification(bed_model):
    """The fields of the bed board's kanban view, as this user's client reads them."""
    views = bed_model.get_views([(False, "kanban")])
    fields = views["models"]["rehab.bed"]["fields"]
    return {
        name: {"fields": {"display_name": {}}} if field["type"] == "many2one" else {}
        for name, field in fields.items()
    }


def board_load(bed_model, specification, one_call=True):
    groups = bed_model.web_read_group(
        [], [], ["area_id"], limit=None, orderby="", lazy=True
    )["groups"]
    progress = bed_model.read_progress_bar(
        [],
        "area_id",
        {"field": "status", "colors": {"occupied": "success", "free": "info"}},
    )
    requests = board_requests(bed_model, groups)
    if one_call:
        columns = bed_model.web_search_read_columns(requests, specification)
    else:
        columns = [
            bed_model.web_search_read(
                r["domain"], specification, limit=r["limit"], count_limit=10_001
            )
            for r in requests
        ]
    return groups, progress, columns


def bench_board(env, args, companies):
    rows = []
    for number, login in ((1, "bench_intake_1"), (2, "bench_intake_2"),
                          (1, "bench_security_1")):  # fmt: skip
        user = user_env(env, login)
        beds = user["rehab.bed"]
        specification = board_specification(beds)
        seconds, queries, (groups, __, columns) = measure(
            user, args.runs, lambda b=beds, s=specification: board_load(b, s)
        )
        old_seconds, old_queries, (__, __, old_columns) = measure(
            user, args.runs, lambda b=beds, s=specification: board_load(b, s, False)
        )
        assert columns == old_columns
        sql_seconds, hand = measure_sql(
            env.cr, args.runs, BOARD_SQL, {"c": companies[number - 1].ids}
        )
        # Same columns (order, bed counts) and the same cards in each.
        hand_counts = {row[0]: row[2] for row in hand}
        assert [g["area_id"][0] for g in groups] == list(hand_counts), (
            [g["area_id"] for g in groups],
            list(hand_counts),
        )
        assert [g["area_id_count"] for g in groups] == list(hand_counts.values())
        hand_cards = [row[6] for row in hand if row[6] is not None]
        assert hand_cards == [r["id"] for c in columns for r in c["records"]]
        rows.append((login, len(groups), len(columns), seconds, queries,
                     old_seconds, old_queries, sql_seconds))  # fmt: skip
    return rows


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
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        companies = env["res.company"].search(
            [("name", "=like", f"{BENCH_PREFIX}%")], order="id"
        )
        if not companies:
            if env["rehab.resident"].with_context(active_test=False).search_count([]):
                sys.exit("This database holds residents that are not benchmark data.")
            started = time.perf_counter()
            companies = seed(env, args)
            cr.commit()
            print(f"Seeded in {time.perf_counter() - started:.1f} s")
        # The index as autovacuum leaves it: bulk inserts wait in its pending list.
        cr.execute("SELECT gin_clean_pending_list('rehab_resident_name_trgm_idx')")
        cr.commit()
        cr.execute("SELECT count(*) FROM rehab_resident")
        names = cr.fetchone()[0]
        search_rows = bench_search(env, args, companies[0])
        board_rows = bench_board(env, args, companies)
        cr.rollback()
    report(args, len(companies), names, search_rows, board_rows)


SEARCH_HEADER = [
    "Name typed",
    "Birth date",
    "Offered",
    "Similar elsewhere (not shown)",
    "First offered",
    "Search (ms)",
    "Queries",
    "SQL (ms)",
    "Ratio (target ≤ 2)",
]
BOARD_HEADER = [
    "User",
    "Areas",
    "Open columns",
    "Board (ms)",
    "Queries",
    "One web_search_read per column (ms)",
    "Its queries",
    "SQL (ms)",
    "Ratio",
]


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


def report(args, facilities, names, search_rows, board_rows):
    print(
        f"\nData: {facilities} facilities, {names:,} residents; median of "
        f"{args.runs} runs (cold ORM cache, warm database)."
    )
    print("\nDuplicate search, as the intake officer of facility 1:\n")
    table(
        SEARCH_HEADER,
        [
            (name, birth or "-", offered, elsewhere, first, f"{secs * 1000:.1f}",
             queries, f"{sql_secs * 1000:.1f}", f"**{secs / sql_secs:.2f}**")
            for name, birth, offered, elsewhere, first, secs, queries, sql_secs
            in search_rows
        ],
    )  # fmt: skip
    print("\nBed board (web_read_group + read_progress_bar + open columns' cards):\n")
    table(
        BOARD_HEADER,
        [
            (login, areas, columns, f"{secs * 1000:.1f}", f"**{queries}**",
             f"{old_secs * 1000:.1f}", old_queries, f"{sql_secs * 1000:.1f}",
             f"{secs / sql_secs:.2f}")
            for login, areas, columns, secs, queries, old_secs, old_queries, sql_secs
            in board_rows
        ],
    )  # fmt: skip


if __name__ == "__main__":
    main()
