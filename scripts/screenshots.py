#!/usr/bin/env python3
"""Screenshots of the daily screens for the docs, from a running server.

    make run                                   # or any server with demo data
    .venv/bin/python scripts/screenshots.py --url http://localhost:8069 --db rehab

Logs each demo user in (/web/session/authenticate), drives headless Chromium
through the DevTools protocol (a 1280×800 viewport, or a 390×844 phone for the
phone_* shots; the facility's time zone) and writes PNGs to
docs/screenshots/. Nothing is saved in the database: the intake wizard shown
is a transient record.

    --only intake_wizard,bed_board     some shots only
    --homes                            also each demo user's landing screen
                                       (home_<login>.png): a newcomer must land
                                       on a populated screen, not an empty one
    --out DIR                          elsewhere than docs/screenshots/
"""

import argparse
import base64
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import requests
import websocket

REPO = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1280, 800
# (width, height, mobile): the tablet/desktop screens and a phone.
DESKTOP = (WIDTH, HEIGHT, False)
PHONE = (390, 844, True)
TIMEZONE = "Asia/Ho_Chi_Minh"
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    f"--window-size={WIDTH},{HEIGHT}",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]
# The view (or dialog) is rendered and nothing is loading.
READY = """(() => {
    const busy = document.querySelector('.o_loading_indicator, .o_blockUI, .o-loading');
    const view = document.querySelector(
        '.o_action_manager .o_view_controller, .o_action_manager .o_form_view,'
        + ' .o-mail-Discuss');
    return Boolean(view) && !busy && document.readyState === 'complete';
})()"""
DIALOG_READY = """(() => Boolean(document.querySelector('.modal .o_form_view'))
    && !document.querySelector('.o_loading_indicator'))()"""


class Odoo:
    """JSON-RPC as one user: the session cookie is what Chromium gets."""

    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        response = self.session.post(
            f"{self.url}/web/session/authenticate",
            json={"params": {"db": db, "login": login, "password": password}},
            timeout=30,
        )
        response.raise_for_status()
        if response.json().get("error") or not response.json().get("result"):
            sys.exit(f"login {login!r} refused on {db}: {response.text[:300]}")
        self.sid = self.session.cookies["session_id"]

    def call(self, model, method, *args, **kwargs):
        response = self.session.post(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            json={
                "params": {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": kwargs,
                }
            },
            timeout=60,
        )
        response.raise_for_status()
        payload = response.json()
        if "error" in payload:
            raise RuntimeError(payload["error"]["data"]["message"])
        return payload["result"]


class Chrome:
    """A headless Chromium driven over the DevTools protocol."""

    def __init__(self, executable):
        self.profile = tempfile.mkdtemp(prefix="rehab_shots_")
        self.proc = subprocess.Popen(
            [executable, *CHROME_FLAGS, f"--user-data-dir={self.profile}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        for _ in range(100):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        else:
            self.close()
            sys.exit("Chromium did not open its DevTools port")
        port = int(port_file.read_text().split()[0])
        pages = requests.get(f"http://127.0.0.1:{port}/json", timeout=10).json()
        page = next(target for target in pages if target["type"] == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True
        )
        self.ids = itertools.count(1)
        self.send("Page.enable")
        self.send("Network.enable")
        self.viewport(DESKTOP)
        self.send("Emulation.setTimezoneOverride", timezoneId=TIMEZONE)

    def viewport(self, size):
        """A desktop window or a phone (touch, mobile layout of Odoo)."""
        width, height, mobile = size
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=2 if mobile else 1,
            mobile=mobile,
        )
        self.send("Emulation.setTouchEmulationEnabled", enabled=mobile)

    def send(self, method, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        return result.get("result", {}).get("value")

    def wait(self, expression, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.25)
        return False

    def login(self, base_url, sid):
        self.send("Network.clearBrowserCookies")
        self.send("Network.setCookie", name="session_id", value=sid, url=base_url)

    def goto(self, url):
        self.send("Page.navigate", url=url)

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        if getattr(self, "ws", None):
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


# ------------------------------------------------------------------- the shots
def intake_wizard(odoo):
    """The intake wizard's admission step, filled as at the desk."""
    today = date.today()
    bed_ids = odoo.call(
        "rehab.bed",
        "search",
        [
            ("status", "=", "free"),
            ("area_kind", "=", "compulsory"),
            ("sex", "=", "male"),
        ],
        limit=1,
    )
    wizard_id = odoo.call(
        "rehab.intake.wizard",
        "create",
        {
            "step": "details",
            "citizen_id": "022090777001",
            "name": "Kiều Xuân Bách",
            "birthdate": "1990-04-02",
            "sex": "male",
            "order_kind": "compulsory_adult",
            "decision_number": "301/2026/QĐ-TA",
            "decision_date": str(today - timedelta(days=3)),
            "decision_authority": "Tòa án nhân dân khu vực 1 - Quảng Ninh",
            "bed_id": bed_ids[0] if bed_ids else False,
        },
    )
    # Over the stays list, as when opened from the Intake menu.
    return f"/odoo/rehab-stays/rehab-intake/{wizard_id}", {
        "wait": DIALOG_READY,
        "then": "document.querySelector('.modal a.nav-link[name=order]').click()",
    }


def escape_stay(odoo):
    """A stay whose resident escaped and was brought back (demo stay_05)."""
    stay_ids = odoo.call(
        "rehab.stay",
        "search",
        [("absence_ids.kind", "=", "escape"), ("absence_ids.date_end", "!=", False)],
        limit=1,
        order="id",
    )
    if not stay_ids:
        sys.exit("no stay with a returned escape: is this a database with demo data?")
    return f"/odoo/rehab-stays/{stay_ids[0]}", {
        # The term, the breakdown with the escape's ledger line, the escape.
        "then": "document.querySelector('a.nav-link[name=absences]').click();"
        "document.querySelector('.o_field_widget[name=admission_date]')"
        ".scrollIntoView({block: 'start'})",
    }


def instructor_sheet(odoo):
    """The sheet of the instructor's latest session still to mark, two
    residents tapped absent (not saved: the form is discarded afterwards)."""
    session_ids = odoo.call(
        "rehab.training.session", "search", [("state", "=", "draft")], order="date desc"
    )
    sessions = odoo.call(
        "rehab.training.session", "read", session_ids, ["can_mark", "is_future"]
    )
    markable = [s["id"] for s in sessions if s["can_mark"] and not s["is_future"]]
    if not markable:
        sys.exit("the instructor has no sheet to mark: is this a demo database?")
    tap = (
        "const rows = document.querySelectorAll("
        "  '.o_rehab_attendance_sheet .o_data_row');"
        "for (const i of [1, 4]) {"
        "  rows[i]?.querySelector('.o_selection_badge.o_rehab_status_absent')?.click();"
        "}"
    )
    return f"/odoo/my-sessions/{markable[0]}", {
        "then": tap,
        "after": "document.querySelector('.o_form_button_cancel')?.click()",
    }


def plain(path):
    return lambda odoo: (path, {})


def phone(path):
    """``path`` on a 390×844 phone."""
    return lambda odoo: (path, {"viewport": PHONE})


SHOTS = {
    # name: (login, how to get there)
    "intake_wizard": ("intake", intake_wizard),
    "bed_board": ("intake", plain("/odoo/rehab-beds")),
    "security_incidents": ("security", plain("/odoo/rehab-incidents")),
    "security_escape": ("security", escape_stay),
    "instructor_sheet": ("instructor", instructor_sheet),
    "manager_dashboard": ("manager", plain("/odoo/rehab-dashboard")),
    # The phone layouts of security and managers (cards, key fields first).
    "phone_stays": ("security", phone("/odoo/rehab-stays")),
    "phone_residents": ("manager", phone("/odoo/rehab-residents")),
    "phone_incidents": ("security", phone("/odoo/rehab-incidents")),
}
DEMO_LOGINS = ("intake", "security", "medical", "instructor", "manager", "auditor")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="rehab")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--only", help="comma-separated shot names")
    parser.add_argument("--homes", action="store_true")
    parser.add_argument("--chrome", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()

    wanted = args.only.split(",") if args.only else list(SHOTS)
    unknown = set(wanted) - set(SHOTS)
    if unknown:
        sys.exit(f"unknown shots {sorted(unknown)}; known: {sorted(SHOTS)}")
    plan = [(name, *SHOTS[name]) for name in wanted]
    if args.homes:
        plan += [(f"home_{login}", login, plain("/odoo")) for login in DEMO_LOGINS]

    args.out.mkdir(parents=True, exist_ok=True)
    sessions = {}
    chrome = Chrome(args.chrome)
    failed = []
    try:
        for name, login, how in plan:
            if login not in sessions:
                sessions[login] = Odoo(args.url, args.db, login, login)
            odoo = sessions[login]
            path, options = how(odoo)
            chrome.viewport(options.get("viewport", DESKTOP))
            chrome.login(odoo.url, odoo.sid)
            chrome.goto(odoo.url + path)
            time.sleep(1)
            ready = chrome.wait(options.get("wait", READY))
            if options.get("then"):
                chrome.evaluate(options["then"])
                chrome.wait(READY)
            time.sleep(1.5)  # images, fonts, transitions
            target = args.out / f"{name}.png"
            chrome.screenshot(target)
            if options.get("after"):
                chrome.evaluate(options["after"])
                chrome.wait(READY)
            if not ready:
                failed.append(name)
            url = chrome.evaluate("location.pathname")
            print(f"{'ok  ' if ready else 'SLOW'} {target} ({login} at {url})")
    finally:
        chrome.close()
    if failed:
        sys.exit(f"not ready in time (look at the PNGs): {', '.join(failed)}")


if __name__ == "__main__":
    main()
