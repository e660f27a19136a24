"""The users of scripts/load_province.py: an HTTP JSON-RPC client that logs in
and calls the models as the web client does, the per-operation statistics,
the acknowledged writes, and one loop per role.

Each role does what its screen does, through the public entry points only:
- intake desk: the intake wizard (create, ``action_search``, details, a bed
  among the fitting ones, ``action_confirm`` = register_person, open_stay,
  deposit_belongings, assign_bed, action_admit);
- security: ``rehab.incident`` create + ``action_report``; a gate visit
  (``rehab.visit`` book walk-in, ``check_in``, ``check_out``) when that model
  exists;
- instructor: the tablet sheet (``web_read`` of the session and its lines,
  one ``web_save`` with the tapped statuses, or *Everyone Present*, then
  ``action_confirm``);
- manager: the year's report (``rehab.report.export.wizard`` create +
  ``action_export``, then the download);
- admin: the nightly occupancy job (``ir.cron.method_direct_trigger``).
"""

import collections
import itertools
import random
import re
import threading
import time

import requests

# Refusals a user may meet in normal work (two desks pick the same bed, ...):
# counted and shown, not failures. Any other JSON-RPC error is a failure.
BUSINESS_ERRORS = frozenset(
    {"odoo.exceptions.UserError", "odoo.exceptions.ValidationError"}
)
ATTENDANCE_MIX = (("present", 85), ("late", 7), ("absent", 5), ("excused", 3))
RECORD_ID = re.compile(r"\((\d+),?\)")
FAILED = object()  # what Role.timed returns for a refused or failed operation


class RpcError(Exception):
    """A failed call: ``business`` (an expected refusal) or not."""

    def __init__(self, name, message, business):
        super().__init__(f"{name}: {message}")
        self.name, self.message, self.business = name, message, business


def classify_error(payload):
    """(name, message, business) of a JSON-RPC ``error`` member."""
    data = payload.get("data") or {}
    name = data.get("name") or payload.get("message") or "unknown"
    message = (data.get("message") or payload.get("message") or "").strip()
    return (
        name,
        message.splitlines()[0][:200] if message else "",
        (name in BUSINESS_ERRORS),
    )


class Client:
    """One browser: a session cookie, JSON-RPC calls, the user's context."""

    _ids = itertools.count(1)

    def __init__(self, base_url, db, timeout):
        self.base, self.db, self.timeout = base_url.rstrip("/"), db, timeout
        self.http = requests.Session()
        self.context = {}
        self.uid = None

    def _post(self, path, params):
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": next(self._ids),
        }
        try:
            reply = self.http.post(self.base + path, json=body, timeout=self.timeout())
        except requests.RequestException as error:
            raise RpcError(type(error).__name__, str(error)[:200], False) from error
        if reply.status_code != 200:
            raise RpcError(f"HTTP {reply.status_code}", reply.text[:200], False)
        payload = reply.json()
        if "error" in payload:
            raise RpcError(*classify_error(payload["error"]))
        return payload.get("result")

    def login(self, login, password, company_ids):
        info = self._post(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        )
        if not info or not info.get("uid"):
            raise RpcError("login", f"{login} could not log in", False)
        self.uid = info["uid"]
        self.context = dict(info.get("user_context") or {})
        self.context["allowed_company_ids"] = list(company_ids)
        return info

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, model, method, ids):
        return self._post(
            f"/web/dataset/call_button/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": [list(ids)],
                "kwargs": {"context": self.context},
            },
        )

    def download(self, path):
        try:
            reply = self.http.get(self.base + path, timeout=self.timeout())
        except requests.RequestException as error:
            raise RpcError(type(error).__name__, str(error)[:200], False) from error
        if reply.status_code != 200:
            raise RpcError(f"HTTP {reply.status_code}", path, False)
        return reply.content


class Stats:
    """Latency and outcome of every operation, shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency = collections.defaultdict(list)
        self.refused = collections.Counter()
        self.errors = collections.defaultdict(list)
        self.started = time.monotonic()

    def record(self, op, seconds):
        with self.lock:
            self.latency[op].append(seconds)

    def refusal(self, op, message):
        with self.lock:
            self.refused[(op, message)] += 1

    def error(self, op, message):
        with self.lock:
            self.errors[op].append(message)


class Acks:
    """What the server acknowledged: checked against the database at the end."""

    def __init__(self):
        self.lock = threading.Lock()
        self.marks = {}  # attendance line id -> status
        self.confirmed = set()  # session ids
        self.stays = {}  # stay id -> {"bed_id", "belongings"}
        self.incidents = {}  # incident id -> {"name", "company_id"}
        self.visits = set()  # visit ids checked out

    def add(self, kind, key, value=True):
        with self.lock:
            target = getattr(self, kind)
            if isinstance(target, set):
                target.add(key)
            else:
                target[key] = value

    def update_marks(self, marks):
        with self.lock:
            self.marks.update(marks)


class Role:
    """One user's loop: do an operation, think, until the deadline."""

    def __init__(self, run, user):
        self.run, self.user = run, user
        self.rng = random.Random(f"{run.seed}-{user['login']}")
        self.client = Client(run.base_url, run.db, run.request_timeout)
        self.done = 0

    def timed(self, op, func, *args, **kwargs):
        """Run one operation; a refusal or an error is counted, not raised."""
        start = time.monotonic()
        try:
            result = func(*args, **kwargs)
        except RpcError as error:
            if error.business:
                self.run.stats.refusal(op, error.message)
            else:
                self.run.stats.error(op, f"{error.name}: {error.message}")
            return FAILED
        self.run.stats.record(op, time.monotonic() - start)
        return result

    def think(self):
        pause = self.rng.uniform(0.5, 1.5) * self.run.think
        time.sleep(max(0.0, min(pause, self.run.deadline - time.monotonic())))

    def more(self):
        return time.monotonic() < self.run.deadline and self.done < self.run.max_ops

    def __call__(self):
        user = self.user
        try:
            logged = self.timed(
                "login",
                self.client.login,
                user["login"],
                self.run.password,
                user["company_ids"],
            )
            if logged is not FAILED:
                self.run.open_websocket(self)
        finally:
            self.run.ready.release()
        self.run.begin.wait(max(0.0, self.run.hard_deadline - time.monotonic()))
        if logged is FAILED or not self.run.begin.is_set():
            return
        if self.timed("screen.open", self.start) is FAILED:
            return
        while self.more():
            self.step()
            self.done += 1
            self.think()

    def start(self):
        """Once logged in (read what the screen offers)."""

    def step(self):
        raise NotImplementedError


class IntakeDesk(Role):
    """Admits new people through the intake wizard, as the desk's screen does."""

    def start(self):
        desk = self.user["desk"] % 100  # 2 digits of the 6-digit serial
        self.serials = (f"{desk:02d}{n:04d}" for n in range(10000))

    def step(self):
        self.timed("intake.admit", self.admit)

    def admit(self):
        c, rng = self.client, self.rng
        sex = "female" if rng.random() < 0.2 else "male"
        year = rng.randint(1976, 2005)
        digit = (0 if year < 2000 else 2) + (sex == "female")
        citizen_id = f"{self.run.province_code}{digit}{year % 100:02d}"
        birthdate = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        wizard = c.call(
            "rehab.intake.wizard",
            "create",
            {
                "citizen_id": citizen_id + next(self.serials),
                "name": self.run.person_name(rng),
                "birthdate": birthdate,
                "sex": sex,
                "company_id": self.user["company_ids"][0],
            },
        )
        c.button("rehab.intake.wizard", "action_search", [wizard])
        step = c.call("rehab.intake.wizard", "read", [wizard], ["step"])[0]["step"]
        if step == "candidates":
            c.call(
                "rehab.intake.wizard",
                "write",
                [wizard],
                {"new_person_reason": "Khác người: khác CCCD"},
            )
            c.button("rehab.intake.wizard", "action_continue", [wizard])
        belongings = [
            {"name": name, "quantity": 1, "uom": "cái"}
            for name in rng.sample(["Điện thoại", "Ví", "Thắt lưng", "Áo khoác"], 2)
        ]
        c.call(
            "rehab.intake.wizard",
            "write",
            [wizard],
            {
                "order_kind": "voluntary",
                "weight_kg": rng.randint(45, 80),
                "height_cm": rng.randint(150, 180),
                "health_notes": "Tỉnh táo, không có vết thương",
                "belonging_ids": [(0, 0, line) for line in belongings],
            },
        )
        for _attempt in range(3):
            beds = c.call("rehab.intake.wizard", "read", [wizard], ["fitting_bed_ids"])[
                0
            ]["fitting_bed_ids"]
            if not beds:
                raise RpcError("odoo.exceptions.UserError", "no free bed", True)
            bed = rng.choice(beds[:10])
            c.call("rehab.intake.wizard", "write", [wizard], {"bed_id": bed})
            try:
                action = c.button("rehab.intake.wizard", "action_confirm", [wizard])
            except RpcError as error:
                if not error.business:
                    raise
                self.run.stats.refusal("intake.admit (retried)", error.message)
                continue
            self.run.acks.add(
                "stays",
                action["res_id"],
                {"bed_id": bed, "belongings": len(belongings)},
            )
            return action["res_id"]
        raise RpcError("odoo.exceptions.UserError", "no bed after 3 tries", True)


class Security(Role):
    """Records incidents; checks visitors in and out at the gate."""

    def start(self):
        self.visits = list(self.user.get("visits") or []) if self.run.has_visit else []

    def step(self):
        if self.visits and self.done % 2:
            self.timed("gate.visit", self.visit, *self.visits.pop())
        else:
            self.timed("security.incident", self.incident)

    def incident(self):
        c, facility = self.client, self.run.facility(self.user["company_ids"][0])
        incident = c.call(
            "rehab.incident",
            "create",
            {
                "type_id": facility["incident_type_id"],
                "severity": "low",
                "area_id": facility["area_id"],
                "company_id": facility["id"],
                "description": "Hai học viên cãi nhau trong giờ ăn",
                "immediate_action": "Tách hai học viên, nhắc nhở",
            },
        )
        c.button("rehab.incident", "action_report", [incident])
        name = c.call("rehab.incident", "read", [incident], ["name"])[0]["name"]
        self.run.acks.add(
            "incidents", incident, {"name": name, "company_id": facility["id"]}
        )

    def visit(self, stay_id, visitor_id, citizen_id):
        c = self.client
        booked = c.call(
            "rehab.visit",
            "book",
            {
                "stay_id": stay_id,
                "kind": "regular",
                "walk_in": True,
                "visitor_ids": [visitor_id],
            },
        )
        match = RECORD_ID.search(str(booked))
        if not match:
            raise RpcError("book", f"unexpected answer {booked!r}"[:200], False)
        visit = int(match.group(1))
        c.call("rehab.visit", "check_in", [visit], [citizen_id])
        c.call("rehab.visit", "check_out", [visit])
        self.run.acks.add("visits", visit)


class Instructor(Role):
    """Marks the draft sheets of their class one after the other (tablet)."""

    SPEC = {"state": {}, "line_ids": {"fields": {"status": {}, "resident_name": {}}}}

    def start(self):
        self.sheets = list(self.user.get("sessions") or [])
        reasons = (
            self.client.call(
                "rehab.absence.reason", "search_read", [], ["counts_as_excused"]
            )
            or []
        )
        self.excused = [r["id"] for r in reasons if r["counts_as_excused"]]

    def step(self):
        if not self.sheets:
            self.done = self.run.max_ops  # nothing left to mark
            return
        session = self.sheets.pop()
        sheet = self.timed(
            "attendance.open",
            self.client.call,
            "rehab.training.session",
            "web_read",
            [session],
            self.SPEC,
        )
        if sheet is FAILED:
            return
        lines = sheet[0]["line_ids"]
        self.think()
        if self.rng.random() < 0.2:
            ok = self.timed(
                "attendance.everyone_present",
                self.client.button,
                "rehab.training.session",
                "action_mark_all_present",
                [session],
            )
            marks = {line["id"]: "present" for line in lines}
        else:
            marks, commands = self.taps(lines)
            ok = self.timed(
                "attendance.save",
                self.client.call,
                "rehab.training.session",
                "web_save",
                [session],
                {"line_ids": commands},
                specification=self.SPEC,
            )
        if ok is FAILED:
            return
        self.run.acks.update_marks(marks)
        if (
            self.timed(
                "attendance.confirm",
                self.client.button,
                "rehab.training.session",
                "action_confirm",
                [session],
            )
            is not FAILED
        ):
            self.run.acks.add("confirmed", session)

    def taps(self, lines):
        statuses, weights = zip(*ATTENDANCE_MIX, strict=True)
        marks, commands = {}, []
        for line in lines:
            status = self.rng.choices(statuses, weights)[0]
            if status == "excused" and not self.excused:
                status = "absent"
            marks[line["id"]] = status
            if status != line["status"]:
                values = {"status": status}
                if status == "excused":
                    values["reason_id"] = self.excused[0]
                commands.append((1, line["id"], values))
        return marks, commands


class Manager(Role):
    """Exports the year's report to the provincial authority, now and then."""

    def step(self):
        self.timed("report.export_year_to_date", self.export)
        # a manager exports a few times an hour, not in a loop
        time.sleep(
            max(0.0, min(self.run.report_every, self.run.deadline - time.monotonic()))
        )

    def export(self):
        """The year so far (a year still running is refused as a whole)."""
        c = self.client
        wizard = c.call(
            "rehab.report.export.wizard",
            "create",
            {
                "period_type": "custom",
                "date_from": f"{self.run.year}-01-01",
                "date_to": self.run.today,
            },
        )
        action = c.button("rehab.report.export.wizard", "action_export", [wizard])
        content = c.download(action["url"])
        if not content.startswith(b"PK"):
            raise RpcError("report", "the download is not an xlsx workbook", False)


class NightlyJob(Role):
    """The administrator runs the occupancy snapshot job by hand."""

    def step(self):
        wait = self.run.cron_at - (time.monotonic() - self.run.stats.started)
        if self.done == 0 and wait > 0:
            time.sleep(min(wait, max(0.0, self.run.deadline - time.monotonic())))
        if time.monotonic() >= self.run.deadline:
            return
        self.timed(
            "cron.occupancy_snapshot",
            self.client.call,
            "ir.cron",
            "method_direct_trigger",
            [self.run.cron_id],
        )
        time.sleep(
            max(0.0, min(self.run.cron_every, self.run.deadline - time.monotonic()))
        )


ROLES = {
    "intake": IntakeDesk,
    "security": Security,
    "instructor": Instructor,
    "manager": Manager,
    "admin": NightlyJob,
}
