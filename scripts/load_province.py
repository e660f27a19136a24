#!/usr/bin/env python3
"""Load test: a province's busy hour against the production profile, on one machine.

Creates a throwaway database (its name must contain "load"; fresh install
without demo data as in production, or a copy of ``--template``), seeds N
facilities with demo-like data (scripts/load_seed.py), starts odoo-bin from
the venv with the settings of config/odoo.prod.conf (``--workers`` HTTP
workers, the gevent/websocket port, no cron threads) on free ports of
127.0.0.1, and lets real role users work at once over HTTP JSON-RPC, as
browsers do (scripts/load_roles.py): intake desks admitting, security
recording incidents (and gate visits when ``rehab.visit`` exists), 10+
instructors marking attendance sheets, a manager exporting the year's report,
the administrator running the nightly occupancy job. Every user also holds a
websocket open on the gevent port, as a browser tab does.

Prints throughput, p50/p95/max latency per operation, refusals, errors and
the serialization retries of the server log, then checks in the database
that nothing acknowledged was lost: every attendance mark and confirmed
sheet, every admitted stay with its bed and belongings, every incident with
its number (gapless per facility), every gate visit.

Exit status: 0 fine; 1 a lost write, a server error (HTTP 5xx, a JSON-RPC
error that is not a UserError/ValidationError refusal, an ERROR line in the
server log) or a failed operation; 2 bad arguments (a non-loopback URL);
3 the setup failed (install, seed, server start).

Bounded: the users stop at ``--duration`` or after ``--max-ops`` operations
each, every request has a timeout, and a watchdog ends everything (server
included) after ``--timeout`` seconds. Only loopback addresses are targets.

    .venv/bin/python scripts/load_province.py                 # 5 facilities, 10 min
    .venv/bin/python scripts/load_province.py --duration 20 --facilities 2 \\
        --template rehab_test                                 # short run (make test)
    .venv/bin/python scripts/load_province.py --url http://127.0.0.1:8069 \\
        --db rehab_load --gevent-port 8072                    # a server already running
"""

import argparse
import configparser
import ipaddress
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_roles  # noqa: E402

ODOO_SRC = Path(os.environ.get("ODOO_SRC", "/opt/odoo/18.0"))
MODULES = "rehab_facility,rehab_vocational"
# Odoo's retry lines (odoo/service/model.py, retrying) and PostgreSQL's message
RETRY_LINE = re.compile(
    r"(SERIALIZATION_FAILURE|DEADLOCK_DETECTED|LOCK_NOT_AVAILABLE), \d+ tries left"
    r"|could not serialize access",
    re.IGNORECASE,
)
CONFLICT = re.compile(
    r"could not obtain lock|could not serialize access|deadlock detected", re.I
)
GAVE_UP_LINE = re.compile(r"maximum number of tries reached", re.IGNORECASE)
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) ")


# ---------------------------------------------------------------- pure helpers
def loopback_url(url):
    """``url`` without a trailing slash if it points to this machine's loopback
    (127.0.0.0/8, ::1, localhost); ValueError otherwise. Never resolves a name."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = parsed.hostname
    if host != "localhost":
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise ValueError(
                f"refusing {host!r}: only loopback addresses (127.0.0.1, ::1, "
                "localhost) are load-test targets"
            ) from None
        if not address.is_loopback:
            raise ValueError(f"refusing {host}: not a loopback address")
    if parsed.username or parsed.password:
        raise ValueError("no credentials in the URL")
    return f"{parsed.scheme}://{parsed.netloc}".rstrip("/")


def percentile(values, q):
    """Nearest-rank percentile (q in 0..1) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def log_records(text):
    """The records of an Odoo log: (level, first line, whole text)."""
    level, lines = None, []
    for line in text.splitlines():
        match = LOG_RECORD.match(line)
        if match:
            if lines:
                yield level, lines[0], "\n".join(lines)
            level, lines = match.group(1), [line]
        elif lines:
            lines.append(line)
    if lines:
        yield level, lines[0], "\n".join(lines)


def scan_server_log(text):
    """(retries, gave_up, error_records) of an Odoo log.

    A query refused for a lock or a serialization conflict is logged as ERROR
    by odoo.sql_db and then retried by Odoo (odoo/service/model.py): counted
    with the retries, not as an error, unless the retries ran out.
    """
    retries = gave_up = 0
    errors = []
    for level, first, record in log_records(text):
        if RETRY_LINE.search(first):
            retries += 1
        if GAVE_UP_LINE.search(first):
            gave_up += 1
        if level not in ("ERROR", "CRITICAL"):
            continue
        if "odoo.sql_db: bad query" in first and CONFLICT.search(record):
            continue
        errors.append(first[:300])
    return retries, gave_up, errors


def gaps(numbers):
    """The numbers missing from 1..max(numbers), and those given twice."""
    seen, twice = set(), set()
    for number in numbers:
        (twice if number in seen else seen).add(number)
    missing = sorted(set(range(1, max(seen, default=0) + 1)) - seen)
    return missing, sorted(twice)


def find_lost(acks, found):
    """What the server acknowledged but the database does not hold.

    ``acks``: marks {line: status}, confirmed {session}, stays {stay: {bed_id,
    belongings}}, incidents {incident: {name, company_id}}, visits {visit}.
    ``found``: the same keys read back: lines {line: status}, sessions
    {session: state}, stays {stay: {state, bed_id, belongings}}, incidents
    {incident: {name, state}}, visits {visit: state}, and numbers {company:
    [incident sequence numbers]} of the facilities the run created.
    """
    lost = []
    for line, status in sorted(acks["marks"].items()):
        if found["lines"].get(line) != status:
            lost.append(
                f"attendance line {line}: acknowledged {status!r}, "
                f"database has {found['lines'].get(line)!r}"
            )
    for session in sorted(acks["confirmed"]):
        if found["sessions"].get(session) != "confirmed":
            lost.append(
                f"sheet {session}: confirmed, database has "
                f"{found['sessions'].get(session)!r}"
            )
    for stay, expected in sorted(acks["stays"].items()):
        row = found["stays"].get(stay)
        if not row:
            lost.append(f"stay {stay}: admitted, not in the database")
        elif row["state"] != "in_rehab" or row["bed_id"] != expected["bed_id"]:
            lost.append(
                f"stay {stay}: admitted in bed {expected['bed_id']}, "
                f"database has {row['state']!r} in bed {row['bed_id']}"
            )
        elif row["belongings"] != expected["belongings"]:
            lost.append(
                f"stay {stay}: {expected['belongings']} belongings "
                f"deposited, database has {row['belongings']}"
            )
    for incident, expected in sorted(acks["incidents"].items()):
        row = found["incidents"].get(incident)
        if not row or row["name"] != expected["name"] or row["state"] != "reported":
            lost.append(
                f"incident {incident} ({expected['name']}): reported, "
                f"database has {row!r}"
            )
    for visit in sorted(acks["visits"]):
        if found["visits"].get(visit) != "done":
            lost.append(
                f"visit {visit}: checked out, database has "
                f"{found['visits'].get(visit)!r}"
            )
    for company, numbers in sorted(found.get("numbers", {}).items()):
        missing, twice = gaps(numbers)
        if missing or twice:
            lost.append(
                f"incident numbers of facility {company}: missing "
                f"{missing[:10]}, twice {twice[:10]}"
            )
    return lost


# ---------------------------------------------------------------- database
def read_conf(path):
    parser = configparser.RawConfigParser()
    if not parser.read(path):
        raise SystemExit(
            f"load: cannot read {path} (run scripts/test.sh or make run once)"
        )
    return dict(parser.items("options"))


def pg_env(conf):
    env = dict(os.environ)
    for key, var in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        value = conf.get(key)
        if value and value != "False":
            env[var] = value
    return env


def run(cmd, conf, timeout, **kwargs):
    return subprocess.run(cmd, env=pg_env(conf), timeout=timeout, check=True, **kwargs)


def odoo_cmd(conf_path, *args, command=()):
    odoo_bin = [sys.executable, str(ODOO_SRC / "odoo-bin"), *command]
    return [*odoo_bin, "-c", str(conf_path), *args]


def drop_db(conf, db):
    run(["dropdb", "--if-exists", "--force", db], conf, 120)
    filestore = Path(conf["data_dir"]) / "filestore" / db
    if filestore.is_dir():
        subprocess.run(["rm", "-rf", "--", str(filestore)], check=False)


def prepare_db(args, conf, log):
    """A fresh production-like database, or a copy of ``--template``."""
    drop_db(conf, args.db)
    if args.template:
        log(f"copying {args.template} -> {args.db}")
        try:
            run(
                ["createdb", "-T", args.template, args.db],
                conf,
                300,
                stderr=subprocess.PIPE,
            )
        except subprocess.CalledProcessError:  # someone is connected to it
            run(
                [
                    "createdb",
                    "-T",
                    "template0",
                    "-E",
                    "UTF8",
                    "--lc-collate=C",
                    args.db,
                ],
                conf,
                60,
            )
            run(
                [
                    "psql",
                    "-X",
                    "-q",
                    "-d",
                    args.db,
                    "-c",
                    "CREATE EXTENSION IF NOT EXISTS unaccent; "
                    "ALTER FUNCTION unaccent(text) IMMUTABLE",
                ],
                conf,
                60,
            )
            dump = subprocess.Popen(
                ["pg_dump", "-Fc", "-d", args.template],
                stdout=subprocess.PIPE,
                env=pg_env(conf),
            )
            run(
                ["pg_restore", "--no-owner", "--single-transaction", "-d", args.db],
                conf,
                600,
                stdin=dump.stdout,
            )
            dump.wait(60)
        source = Path(conf["data_dir"]) / "filestore" / args.template
        if source.is_dir():
            target = Path(conf["data_dir"]) / "filestore" / args.db
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["cp", "-al", str(source), str(target)], check=False)
        return
    log(f"installing {MODULES} into {args.db} without demo data (production profile)")
    with open(args.workdir / "install.log", "w") as out:
        run(
            odoo_cmd(
                args.config,
                "-d",
                args.db,
                "-i",
                MODULES,
                "--without-demo=all",
                "--stop-after-init",
                "--no-http",
                "--log-level=warn",
            ),
            conf,
            900,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def seed(args, conf, password, log):
    per = [args.instructors // args.facilities] * args.facilities
    for i in range(args.instructors % args.facilities):
        per[i] += 1
    params = {
        "tag": args.tag,
        "seed": args.seed,
        "province_code": args.province_code,
        "facilities": args.facilities,
        "instructors_per_facility": per,
        "class_size": args.class_size,
        "sessions": args.sessions,
        "visit_stays": args.visit_stays,
        "intake_beds": args.intake_beds,
        "intake_per_facility": args.intake_per_facility,
        "security_per_facility": args.security_per_facility,
    }
    log(
        f"seeding {args.facilities} facilities, {args.instructors} instructors x "
        f"{args.class_size} residents x {args.sessions} sheets"
    )
    env = dict(
        pg_env(conf), LOAD_SEED_PARAMS=json.dumps(params), LOAD_PASSWORD=password
    )
    with open(REPO / "scripts/load_seed.py") as script:
        done = subprocess.run(
            odoo_cmd(
                args.config,
                "-d",
                args.db,
                "--no-http",
                "--log-level=warn",
                command=["shell"],
            ),
            stdin=script,
            capture_output=True,
            text=True,
            env=env,
            timeout=1200,
        )
    (args.workdir / "seed.log").write_text(done.stdout + done.stderr)
    for line in done.stdout.splitlines():
        if line.startswith("LOAD-SEED "):
            return json.loads(line[len("LOAD-SEED ") :])
    raise RuntimeError(
        f"seeding failed, see {args.workdir / 'seed.log'}:\n" + done.stderr[-2000:]
    )


def read_back(conf, db, acks, facility_ids):
    """The rows of the acknowledged writes, as stored (see find_lost)."""
    import psycopg2  # noqa: PLC0415  (the venv has it; the pure helpers do not need it)

    kwargs = {
        k[3:]: v
        for k, v in conf.items()
        if k in ("db_host", "db_port", "db_user", "db_password") and v != "False"
    }
    kwargs["dbname"] = db
    kwargs["user"] = kwargs.pop("user", None) or os.environ.get("USER")
    found = {}
    with psycopg2.connect(**kwargs) as cnx, cnx.cursor() as cr:

        def rows(sql, ids):
            cr.execute(sql, [list(ids)])
            return cr.fetchall()

        found["lines"] = dict(
            rows(
                "SELECT id, status FROM rehab_attendance_line " "WHERE id = ANY(%s)",
                acks.marks,
            )
        )
        found["sessions"] = dict(
            rows(
                "SELECT id, state FROM rehab_training_session " "WHERE id = ANY(%s)",
                acks.confirmed,
            )
        )
        found["stays"] = {
            sid: {"state": state, "bed_id": bed, "belongings": n}
            for sid, state, bed, n in rows(
                """SELECT s.id, s.state,
                          (SELECT a.bed_id FROM rehab_bed_assignment a
                            WHERE a.stay_id = s.id AND a.date_to IS NULL LIMIT 1),
                          (SELECT count(*) FROM rehab_belonging b
                            WHERE b.stay_id = s.id)
                     FROM rehab_stay s WHERE s.id = ANY(%s)""",
                acks.stays,
            )
        }
        found["incidents"] = {
            iid: {"name": name, "state": state}
            for iid, name, state in rows(
                "SELECT id, name, state FROM rehab_incident WHERE id = ANY(%s)",
                acks.incidents,
            )
        }
        found["visits"] = {}
        if acks.visits:
            found["visits"] = dict(
                rows(
                    "SELECT id, state FROM rehab_visit " "WHERE id = ANY(%s)",
                    acks.visits,
                )
            )
        found["numbers"] = {}
        for company, name in rows(
            "SELECT company_id, name FROM rehab_incident " "WHERE company_id = ANY(%s)",
            facility_ids,
        ):
            match = re.search(r"(\d+)$", name or "")
            found["numbers"].setdefault(company, []).append(
                int(match.group(1)) if match else 0
            )
    return found


# ---------------------------------------------------------------- server
def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """odoo-bin with the production profile, on loopback, in its own process group."""

    def __init__(self, args, conf, log):
        self.args, self.conf, self.log = args, conf, log
        self.proc = None
        self.logfile = args.workdir / "server.log"

    def write_conf(self, http_port, gevent_port):
        prod = read_conf(REPO / "config/odoo.prod.conf")
        prod.update(
            {
                key: self.conf[key]
                for key in (
                    "addons_path",
                    "data_dir",
                    "db_host",
                    "db_port",
                    "db_user",
                    "db_password",
                )
                if key in self.conf
            }
        )
        prod.update(
            db_name=self.args.db,
            dbfilter=f"^{re.escape(self.args.db)}$",
            workers=str(self.args.workers),
            max_cron_threads="0",
            http_interface="127.0.0.1",
            http_port=str(http_port),
            gevent_port=str(gevent_port),
            proxy_mode="False",  # no nginx in front here
            logfile=str(self.logfile),
            admin_passwd=secrets.token_urlsafe(24),
        )
        path = self.args.workdir / "odoo-load.conf"
        path.write_text(
            "[options]\n" + "".join(f"{k} = {v}\n" for k, v in prod.items())
        )
        path.chmod(0o600)
        return path

    def start(self):
        for _attempt in range(3):
            http_port, gevent_port = free_port(), free_port()
            conf_path = self.write_conf(http_port, gevent_port)
            self.log(
                f"starting odoo-bin: {self.args.workers} workers, http "
                f"127.0.0.1:{http_port}, gevent {gevent_port} (log {self.logfile})"
            )
            self.proc = subprocess.Popen(
                odoo_cmd(conf_path),
                start_new_session=True,
                env=pg_env(self.conf),
                stdout=subprocess.DEVNULL,
                stderr=open(self.args.workdir / "server.err", "w"),
            )
            base = f"http://127.0.0.1:{http_port}"
            if self.wait_ready(base, gevent_port):
                return base, f"ws://127.0.0.1:{gevent_port}"
            self.stop()
        raise RuntimeError(f"odoo-bin did not start, see {self.logfile}")

    def wait_ready(self, base, gevent_port, seconds=180):
        """/web/health answers and the gevent process (spawned by the master
        once the workers run) accepts connections."""
        import requests  # noqa: PLC0415

        end = time.monotonic() + seconds
        http_ok = False
        while time.monotonic() < end and self.proc.poll() is None:
            try:
                if not http_ok:
                    reply = requests.get(base + "/web/health", timeout=5)
                    http_ok = reply.status_code == 200
                if http_ok:
                    socket.create_connection(("127.0.0.1", gevent_port), 2).close()
                    return True
            except (requests.RequestException, OSError):
                pass
            time.sleep(0.5)
        return False

    def rss(self):
        """{pid: resident MiB} of the server's processes (Linux /proc)."""
        if self.proc is None:
            return {}
        out = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.proc.pid:  # process group
                out[int(stat.parent.name)] = (
                    int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 2**20
                )
        return out

    def stop(self):
        """SIGTERM to the server's process group (graceful), SIGKILL after 30 s."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                proc.wait(wait)
            except subprocess.TimeoutExpired:
                continue
            try:  # the master is gone; its workers must be too
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return


# ---------------------------------------------------------------- the run
class LoadRun:
    """What the role users share: where to go, until when, what they saw."""

    def __init__(self, args, base_url, ws_url, manifest, password):
        self.base_url, self.ws_url, self.db = base_url, ws_url, args.db
        self.password, self.seed = password, args.seed
        self.manifest = manifest
        self.stats, self.acks = load_roles.Stats(), load_roles.Acks()
        self.think, self.max_ops = args.think, args.max_ops
        self.report_every, self.cron_every = args.report_every, args.cron_every
        self.cron_at = args.duration * 0.25
        self.cron_id = manifest["cron_id"]
        self.has_visit = manifest["has_visit"]
        self.today = manifest["today"]
        self.year = int(self.today[:4])
        self.province_code = args.province_code
        self.duration = args.duration
        self.deadline = time.monotonic() + args.duration
        self.hard_deadline = args.hard_deadline
        self.sockets = []
        self.lock = threading.Lock()
        self.ready = threading.Semaphore(0)  # one release per user logged in
        self.begin = threading.Event()  # the measured window starts
        self._facilities = {f["id"]: f for f in manifest["facilities"]}
        self.rss_probe, self.rss_max, self.rss_total = None, 0.0, 0.0

    def sample_memory(self):
        """Peak resident memory of the largest server process and of all."""
        sizes = self.rss_probe() if self.rss_probe else {}
        if sizes:
            self.rss_max = max(self.rss_max, max(sizes.values()))
            self.rss_total = max(self.rss_total, sum(sizes.values()))

    def request_timeout(self):
        return max(5.0, min(120.0, self.hard_deadline - time.monotonic() - 30))

    def facility(self, company_id):
        return self._facilities[company_id]

    @staticmethod
    def person_name(rng):
        words = (
            "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ",
            "Văn Hữu Đức Minh Thị Ngọc",
            "An Bình Cường Dũng Giang Hải Hùng Khánh Long Nam Phúc Quân Sơn Tùng",
        )
        family, middle, given = (w.split() for w in words)
        return " ".join(
            [
                rng.choice(family),
                rng.choice(middle),
                rng.choice(given),
                rng.choice(given),
            ]
        )

    def open_websocket(self, role):
        """The browser tab's websocket on the gevent port (bus notifications)."""
        if not self.ws_url:
            return
        try:
            import websocket  # noqa: PLC0415  (websocket-client, requirements.txt)
        except ImportError:
            return
        cookie = role.client.http.cookies.get("session_id")
        start = time.monotonic()
        try:
            sock = websocket.create_connection(
                self.ws_url + "/websocket",
                timeout=10,
                origin=self.base_url,
                cookie=f"session_id={cookie}",
            )
            sock.send(
                json.dumps(
                    {"event_name": "subscribe", "data": {"channels": [], "last": 0}}
                )
            )
        except Exception as error:  # noqa: BLE001  (any failure is a finding)
            self.stats.error("websocket.connect", f"{type(error).__name__}: {error}")
            return
        self.stats.record("websocket.connect", time.monotonic() - start)
        with self.lock:
            self.sockets.append(sock)

    def users(self):
        users = list(self.manifest["users"])
        for desk, user in enumerate(u for u in users if u["role"] == "intake"):
            user["desk"] = desk
        admin = dict(
            self.manifest["admin"],
            role="admin",
            company_ids=[f["id"] for f in self.manifest["facilities"]],
        )
        return [*users, admin]

    def go(self):
        self.login_started = time.monotonic()
        threads = [
            threading.Thread(
                target=load_roles.ROLES[u["role"]](self, u),
                name=u["login"],
                daemon=True,
            )
            for u in self.users()
        ]
        for thread in threads:
            thread.start()
        # everyone logs in first (each worker loads the registry, each login
        # hashes a password): the measured window starts when all are in
        login_end = time.monotonic() + min(300.0, self.duration + 120)
        for _user in threads:
            if not self.ready.acquire(timeout=max(0.1, login_end - time.monotonic())):
                break
        self.logins_s = time.monotonic() - self.login_started
        self.stats.started = time.monotonic()
        self.deadline = self.stats.started + self.duration
        self.requests_before = next(load_roles.Client._ids)
        self.begin.set()
        for thread in threads:
            while thread.is_alive() and time.monotonic() < self.hard_deadline - 20:
                self.sample_memory()
                thread.join(5)
        self.sample_memory()
        self.elapsed = time.monotonic() - self.stats.started
        for sock in self.sockets:
            try:
                sock.close()
            except Exception:  # noqa: BLE001, S110
                pass
        return [t.name for t in threads if t.is_alive()]


def report(run, retries, gave_up, log_errors, lost, stuck):
    stats = run.stats
    warmup = ("login", "websocket.connect", "screen.open")
    ok_total = sum(len(v) for k, v in stats.latency.items() if k not in warmup)
    requests_sent = next(load_roles.Client._ids) - run.requests_before - 1
    print(
        f"\nlogins (warm-up, outside the figures): {len(stats.latency['login'])} "
        f"users in {run.logins_s:.0f} s"
    )
    print(
        f"load: {len(run.users())} users, {run.elapsed:.0f} s: {ok_total} operations "
        f"({ok_total / run.elapsed:.1f}/s), {requests_sent} JSON-RPC requests "
        f"({requests_sent / run.elapsed:.1f}/s)"
    )
    print(
        f"{'operation':32} {'ok':>6} {'/s':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8} {'refused':>8} {'errors':>7}"
    )
    ops = sorted(
        set(stats.latency) | set(stats.errors) | {op for op, _ in stats.refused}
    )
    rows = {}
    for op in ops:
        values = stats.latency.get(op, [])
        refused = sum(n for (o, _), n in stats.refused.items() if o == op)
        row = {
            "ok": len(values),
            "per_s": len(values) / run.elapsed,
            "p50_ms": 1000 * (percentile(values, 0.5) or 0),
            "p95_ms": 1000 * (percentile(values, 0.95) or 0),
            "max_ms": 1000 * max(values, default=0),
            "refused": refused,
            "errors": len(stats.errors.get(op, [])),
        }
        rows[op] = row
        print(
            f"{op:32} {row['ok']:6d} {row['per_s']:6.2f} {row['p50_ms']:8.0f} "
            f"{row['p95_ms']:8.0f} {row['max_ms']:8.0f} {refused:8d} {row['errors']:7d}"
        )
    for (op, message), count in sorted(stats.refused.items()):
        print(f"  refused {count}x {op}: {message}")
    for op, messages in sorted(stats.errors.items()):
        for message in sorted(set(messages))[:5]:
            print(f"  ERROR {messages.count(message)}x {op}: {message}")
    acks = run.acks
    print(f"serialization retries in the server log: {retries} ({gave_up} gave up)")
    if run.rss_total:
        print(
            f"server memory (peak RSS): largest process {run.rss_max:.0f} MiB, "
            f"all processes {run.rss_total:.0f} MiB"
        )
    print(
        f"acknowledged: {len(acks.marks)} attendance marks, {len(acks.confirmed)} "
        f"sheets confirmed, {len(acks.stays)} stays admitted, {len(acks.incidents)} "
        f"incidents, {len(acks.visits)} gate visits"
    )
    for line in log_errors[:10]:
        print(f"  server log: {line}")
    for line in lost[:20]:
        print(f"  LOST: {line}")
    if stuck:
        print(f"  users still busy at the end: {', '.join(stuck)}")
    return {
        "elapsed_s": run.elapsed,
        "logins_s": run.logins_s,
        "operations": ok_total,
        "requests": requests_sent,
        "ops": rows,
        "retries": retries,
        "rss_max_mib": run.rss_max,
        "rss_total_mib": run.rss_total,
        "gave_up": gave_up,
        "server_errors": log_errors,
        "lost": lost,
        "acknowledged": {
            "marks": len(acks.marks),
            "sheets": len(acks.confirmed),
            "stays": len(acks.stays),
            "incidents": len(acks.incidents),
            "visits": len(acks.visits),
        },
    }


# ---------------------------------------------------------------- main
def parse_args(argv=None):
    cores = os.cpu_count() or 2
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    p.add_argument(
        "--db", default="rehab_load", help="throwaway database (name with 'load')"
    )
    p.add_argument(
        "--template", help="copy this installed database instead of installing"
    )
    p.add_argument("--url", help="a running server (loopback only) serving --db")
    p.add_argument("--gevent-port", type=int, help="with --url: its websocket port")
    p.add_argument(
        "--server-log", type=Path, help="with --url: its log (retries, errors)"
    )
    p.add_argument(
        "-c",
        "--config",
        type=Path,
        default=REPO / ".local/odoo.conf",
        help="Odoo config giving the database connection and addons_path",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=2 * cores + 1,
        help="HTTP workers (default 2 x cores + 1)",
    )
    p.add_argument("--facilities", type=int, default=5)
    p.add_argument("--instructors", type=int, default=12, help="in all (10+)")
    p.add_argument("--intake-per-facility", type=int, default=2)
    p.add_argument("--security-per-facility", type=int, default=1)
    p.add_argument("--class-size", type=int, default=30)
    p.add_argument("--sessions", type=int, help="draft sheets per instructor")
    p.add_argument("--visit-stays", type=int, default=20, help="per facility")
    p.add_argument(
        "--intake-beds", type=int, default=200, help="free beds per facility"
    )
    p.add_argument("--duration", type=float, default=600, help="seconds of load")
    p.add_argument(
        "--think", type=float, default=1.0, help="mean pause between steps (s)"
    )
    p.add_argument(
        "--max-ops", type=int, default=5000, help="operations per user at most"
    )
    p.add_argument("--report-every", type=float, default=30.0)
    p.add_argument("--cron-every", type=float, default=300.0)
    p.add_argument("--timeout", type=float, help="hard limit of the whole run (s)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", action="store_true", help="keep the database")
    p.add_argument("--json", type=Path, help="write the figures here")
    args = p.parse_args(argv)
    if args.url:
        try:
            args.url = loopback_url(args.url)
        except ValueError as error:
            p.error(str(error))
    if "load" not in args.db or not re.fullmatch(r"[A-Za-z0-9_]+", args.db):
        p.error("the database name must contain 'load' (it is dropped and seeded)")
    if args.workers < 2 and not args.url:
        p.error("--workers must be 2 or more (multi-process, as in production)")
    if min(args.duration, args.facilities, args.instructors, args.class_size) <= 0:
        p.error(
            "--duration, --facilities, --instructors, --class-size must be positive"
        )
    if (
        args.sessions is None
    ):  # enough sheets for the whole run, a sheet takes 2-3 pauses
        args.sessions = max(
            3, min(200, math.ceil(args.duration / (2 * args.think)) + 2)
        )
    args.timeout = args.timeout or args.duration + 1200
    args.tag = f"{int(time.time()) % 100000:05d}"
    args.province_code = f"{secrets.randbelow(900) + 100}"
    return args


def main(argv=None):
    args = parse_args(argv)
    start = time.monotonic()
    args.hard_deadline = start + args.timeout

    def log(message):
        print(f"load [{time.monotonic() - start:5.0f} s] {message}", flush=True)

    conf = read_conf(args.config)
    # logs of the install, the seed and the server stay for reading afterwards
    args.workdir = REPO / ".local/logs" / args.db
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    server = Server(args, conf, log)

    def watchdog():
        log(f"TIMEOUT: the run exceeded {args.timeout:.0f} s; stopping the server")
        server.stop()
        (args.workdir / "odoo-load.conf").unlink(missing_ok=True)
        if not args.keep and not args.url:
            drop_db(conf, args.db)
        os._exit(3)

    timer = threading.Timer(args.timeout, watchdog)
    timer.daemon = True
    timer.start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    try:
        return _run(args, conf, server, log)
    finally:
        server.stop()
        timer.cancel()
        (args.workdir / "odoo-load.conf").unlink(missing_ok=True)  # master password
        if not args.keep and not args.url:
            try:
                drop_db(conf, args.db)
            except Exception as error:  # noqa: BLE001
                log(f"could not drop {args.db}: {error}")
        log(f"logs: {args.workdir.relative_to(REPO)}/")


def _run(args, conf, server, log):
    password = secrets.token_urlsafe(16)
    try:
        if not args.url:
            prepare_db(args, conf, log)
        manifest = seed(args, conf, password, log)
        if args.url:
            base_url = args.url
            ws_url = f"ws://127.0.0.1:{args.gevent_port}" if args.gevent_port else None
        else:
            base_url, ws_url = server.start()
    except (subprocess.SubprocessError, RuntimeError, OSError) as error:
        log(f"SETUP FAILED: {error}")
        for name in ("install.log", "server.log", "server.err"):
            path = args.workdir / name
            if path.exists():
                print("".join(path.read_text(errors="replace").splitlines(True)[-30:]))
        return 3
    log_path = args.server_log if args.url else server.logfile
    offset = log_path.stat().st_size if log_path and log_path.exists() else 0
    run = LoadRun(args, base_url, ws_url, manifest, password)
    run.rss_probe = None if args.url else server.rss
    log(
        f"{len(run.users())} users working for {args.duration:.0f} s against {base_url}"
        f"{' (websockets on ' + ws_url + ')' if ws_url else ''}"
    )
    stuck = run.go()
    text = ""
    if log_path and log_path.exists():
        with open(log_path, errors="replace") as handle:
            handle.seek(offset)
            text = handle.read()
    retries, gave_up, log_errors = scan_server_log(text)
    acks = run.acks
    facility_ids = [f["id"] for f in manifest["facilities"]]
    found = read_back(conf, args.db, acks, facility_ids)
    lost = find_lost(
        {
            "marks": acks.marks,
            "confirmed": acks.confirmed,
            "stays": acks.stays,
            "incidents": acks.incidents,
            "visits": acks.visits,
        },
        found,
    )
    figures = report(run, retries, gave_up, log_errors, lost, stuck)
    figures.update(
        workers=args.workers, facilities=args.facilities, cores=os.cpu_count()
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    errors = sum(len(v) for v in run.stats.errors.values())
    failed = lost or errors or log_errors or stuck or not figures["operations"]
    if failed:
        print(
            f"LOAD FAILED: {len(lost)} lost writes, {errors} failed operations, "
            f"{len(log_errors)} ERROR lines in the server log"
            f"{', users stuck' if stuck else ''}"
        )
        return 1
    print("LOAD OK: nothing acknowledged was lost, no server error")
    return 0


if __name__ == "__main__":
    sys.exit(main())
