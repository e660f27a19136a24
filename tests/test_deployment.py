"""Safe-by-default deployment: no master password in the repository, no database
manager, Odoo on loopback unless the operator opts in, no outbound calls.

The plain functions read the shipped files; the Odoo cases check the test
database as our install left it (README, "Deploying safely").
"""

import configparser
import re
from pathlib import Path
from unittest.mock import patch

from odoo.exceptions import AccessDenied
from odoo.service import db as db_service
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

from odoo.addons.rehab_facility.hooks import (
    ALLOW_PARAM,
    OUTBOUND_CRONS,
    OUTBOUND_MODULES,
    enforce_no_outbound_calls,
)

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ("config/odoo.conf", "config/odoo.prod.conf")


def _options(path):
    # Odoo reads its configuration file with RawConfigParser (odoo/tools/config.py)
    parser = configparser.RawConfigParser()
    parser.read(ROOT / path)
    return dict(parser.items("options"))


def _services(path):
    """{service: its lines} of a compose file (no YAML parser: not a dependency)."""
    services, current = {}, None
    in_services = False
    for line in (ROOT / path).read_text().splitlines():
        if re.match(r"^\S", line):
            in_services = line.startswith("services:")
            current = None
            continue
        match = re.match(r"^  ([\w-]+):\s*$", line)
        if in_services and match:
            current = services.setdefault(match.group(1), [])
        elif in_services and current is not None:
            current.append(line)
    return services


def _published_ports(lines):
    ports, inside = [], False
    for line in lines:
        if line.strip().startswith("#"):
            continue
        if re.match(r"^    ports:", line):
            inside = True
        elif inside and re.match(r"^      - ", line):
            ports.append(line.split("- ", 1)[1].strip().strip("\"'"))
        elif inside:
            inside = False
    return ports


def test_shipped_configs_hold_no_master_password():
    for path in CONFIGS:
        options = _options(path)
        assert "admin_passwd" not in options, f"{path} commits a master password"
        assert options["list_db"] == "False", f"{path}: the database manager is on"
        assert options.get("dbfilter") or path.endswith("prod.conf"), path
        assert options["publisher_warranty_url"].startswith("http://127.0.0.1:")
    assert _options("config/odoo.conf")["proxy_mode"] == "False"
    prod = _options("config/odoo.prod.conf")
    assert prod["proxy_mode"] == "True"  # behind nginx, which sets X-Forwarded-*
    assert prod["without_demo"] == "all"
    assert int(prod["workers"]) > 0 and prod["max_cron_threads"] == "0"


def test_prod_connections_fit_postgresql():
    """Every process's pool fits in max_connections (README, "Hardware and sizing");
    the gevent process, which serves every tab's websocket, has a pool of its own."""
    prod = _options("config/odoo.prod.conf")
    maxconn, gevent = int(prod["db_maxconn"]), int(prod["db_maxconn_gevent"])
    assert gevent > maxconn  # 8 was exhausted by a burst of handshakes (load test)
    compose = (ROOT / "docker-compose.prod.yml").read_text()
    max_connections = int(re.search(r"max_connections=(\d+)", compose).group(1))
    cron = re.search(r'"--workers=(\d+)", "--max-cron-threads=(\d+)"', compose)
    cron_processes = int(cron.group(1)) + int(cron.group(2))
    used = int(prod["workers"]) * maxconn + gevent + cron_processes * maxconn + gevent
    assert used < max_connections, (used, max_connections)


def test_gevent_worker_finds_its_distributions():
    """gevent (the websocket process of --workers) loads its plugins through
    pkg_resources, which must find zope.interface and zope.event: with the
    normalised dist-info names of zope.interface 8 it raised DistributionNotFound."""
    import pkg_resources  # noqa: PLC0415  (deprecated, but what gevent 22.10 uses)

    pkg_resources.require("gevent")
    pins = (ROOT / "requirements.txt").read_text()
    for name in ("zope.interface==", "zope.event==", "setuptools=="):
        assert re.search(rf"^{re.escape(name)}", pins, re.M), name


def test_no_master_password_anywhere_in_deployment_files():
    files = [
        *CONFIGS,
        "docker-compose.yml",
        "docker-compose.prod.yml",
        ".env.example",
        "config/docker-entrypoint.sh",
    ]
    for path in files:
        text = (ROOT / path).read_text()
        assert "change-me" not in text, path
        assert not re.search(r"^\s*admin_passwd\s*=\s*\S", text, re.M), path
    # every secret of .env.example is empty: the operator fills them in
    for line in (ROOT / ".env.example").read_text().splitlines():
        if re.match(r"^[A-Z_]*(PASSWD|PASSWORD|PASSPHRASE)=", line):
            assert line.endswith("="), line


def test_entrypoint_never_leaves_the_master_password_unset():
    script = (ROOT / "config/docker-entrypoint.sh").read_text()
    assert "exec /entrypoint.sh" in script
    assert "/run/secrets/odoo_admin_passwd" in script
    assert "ODOO_ADMIN_PASSWD" in script
    assert "refusing an empty master password" in script


def test_local_config_is_safe_too():
    lib = (ROOT / "scripts/lib.sh").read_text()
    body = lib[lib.index("write_odoo_conf() {") :]
    body = body[: body.index("\n}\n")]
    assert "list_db = False" in body
    assert "admin_passwd = admin" not in body
    assert "http_interface = ${HTTP_INTERFACE:-127.0.0.1}" in body


def test_demo_compose_publishes_on_loopback_by_default():
    services = _services("docker-compose.yml")
    ports = [port for lines in services.values() for port in _published_ports(lines)]
    assert ports, "docker-compose.yml publishes nothing?"
    for port in ports:
        assert port.startswith(("${ODOO_BIND:-127.0.0.1}:", "127.0.0.1:")), port


def test_prod_compose_publishes_only_the_tls_proxy():
    services = _services("docker-compose.prod.yml")
    assert {"db", "odoo", "odoo-cron", "nginx", "backup"} <= set(services)
    for name, lines in services.items():
        ports = _published_ports(lines)
        if name == "nginx":
            assert sorted(p.rsplit(":", 1)[1] for p in ports) == ["443", "80"]
        else:
            assert not ports, f"{name} publishes {ports}"
    text = (ROOT / "docker-compose.prod.yml").read_text()
    # the backend network has no way out; secrets have no default
    assert re.search(r"^  backend:\n    internal: true$", text, re.M)
    assert "${POSTGRES_PASSWORD:?" in text
    assert not re.search(r"POSTGRES_PASSWORD:-", text)


@tagged("post_install", "-at_install")
class TestNoOutboundCalls(TransactionCase):
    def test_iap_modules_are_not_installed(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", OUTBOUND_MODULES)]
        )
        self.assertTrue(modules, "Odoo's IAP modules are not even known?")
        installed = modules.filtered(
            lambda m: m.state in ("installed", "to upgrade", "to install")
        )
        self.assertFalse(installed, f"calls out: {installed.mapped('name')}")
        self.assertFalse(
            self.env["ir.module.module"].search(
                [
                    ("state", "=", "installed"),
                    ("dependencies_id.name", "in", OUTBOUND_MODULES),
                ]
            ),
            "an installed module depends on IAP",
        )
        self.assertNotIn("iap.account", self.env)

    def test_outbound_scheduled_actions_are_inactive(self):
        for xmlid in OUTBOUND_CRONS:
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            self.assertTrue(cron, xmlid)
            self.assertFalse(cron.active, f"{xmlid} reports to odoo.com")
        active = self.env["ir.cron"].search([("active", "=", True)])
        for cron in active:
            code = cron.code or ""
            with self.subTest(cron=cron.name):
                self.assertNotRegex(code, r"update_notification|iap|start_sync")

    def test_link_previews_are_off(self):
        # a posted URL would otherwise be fetched by the server
        self.assertFalse(self.env["mail.link.preview"]._is_link_preview_enabled())

    def test_database_manager_refuses_everything(self):
        """list_db = False blocks dump, restore, drop, copy and the master password
        change in Odoo 18 itself (check_db_management_enabled), whatever the
        password."""
        dbname = self.env.cr.dbname
        with patch.dict(config.options, {"list_db": False}):
            for call in (
                lambda: db_service.dump_db(dbname, None),
                lambda: db_service.exp_drop(dbname),
                lambda: db_service.restore_db("rehab_never", "/nonexistent"),
                lambda: db_service.exp_duplicate_database(dbname, "rehab_never"),
                lambda: db_service.exp_change_admin_password("x"),
            ):
                with (
                    self.assertLogs("odoo.service.db", "ERROR"),
                    self.assertRaises(AccessDenied),
                ):
                    call()

    def test_policy_uninstalls_iap_again_and_can_be_opted_out(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("iap", "iap_mail", "partner_autocomplete"))]
        )
        cron = self.env.ref(OUTBOUND_CRONS[0])
        # as if a later install had brought them back
        modules.write({"state": "installed"})
        cron.active = True
        enforce_no_outbound_calls(self.env)
        self.assertEqual(set(modules.mapped("state")), {"to remove"})
        self.assertFalse(cron.active)

        modules.write({"state": "installed"})
        cron.active = True
        self.env["ir.config_parameter"].sudo().set_param(ALLOW_PARAM, "True")
        enforce_no_outbound_calls(self.env)
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertTrue(cron.active)
