"""The pieces of scripts/load_province.py that need no server: the loopback
guard, the error classes, the server-log scan and the lost-write check."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _load(name):
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


load = _load("load_province")
roles = _load("load_roles")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8069",
        "http://127.0.0.1:8069/",
        "http://127.1.2.3:8069",
        "http://localhost:8069",
        "https://[::1]:8443",
    ],
)
def test_loopback_urls_are_accepted(url):
    assert load.loopback_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5:8069",
        "http://192.168.1.10:8069",
        "http://172.16.0.1",
        "http://8.8.8.8",
        "http://example.com",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "http://0.0.0.0:8069",
        "http://[::ffff:10.0.0.1]",
        "ftp://127.0.0.1",
        "127.0.0.1:8069",
        "http://user:pw@127.0.0.1",
    ],
)
def test_anything_else_is_refused(url):
    with pytest.raises(ValueError):
        load.loopback_url(url)


def test_command_line_refuses_a_remote_url(capsys):
    with pytest.raises(SystemExit) as exit_:
        load.parse_args(["--url", "http://192.168.1.10:8069"])
    assert exit_.value.code == 2
    assert "loopback" in capsys.readouterr().err


def test_command_line_wants_a_throwaway_database_and_workers():
    with pytest.raises(SystemExit):
        load.parse_args(["--db", "rehab"])  # a real name: it would be dropped
    with pytest.raises(SystemExit):
        load.parse_args(["--workers", "1"])
    args = load.parse_args(["--duration", "20"])
    assert args.db == "rehab_load" and args.workers >= 2
    assert args.sessions >= 3 and args.timeout > args.duration


def test_business_refusals_and_failures_are_told_apart():
    refusal = {"data": {"name": "odoo.exceptions.UserError", "message": "No bed"}}
    assert roles.classify_error(refusal) == (
        "odoo.exceptions.UserError",
        "No bed",
        True,
    )
    for name in (
        "odoo.exceptions.AccessError",
        "psycopg2.errors.SerializationFailure",
        "builtins.KeyError",
        "odoo.http.SessionExpiredException",
    ):
        failure = {"data": {"name": name, "message": "boom\ntraceback"}}
        assert roles.classify_error(failure) == (name, "boom", False)


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert load.percentile(values, 0.5) == 50
    assert load.percentile(values, 0.95) == 95
    assert load.percentile([7], 0.95) == 7
    assert load.percentile([], 0.5) is None


LOG = """\
2026-12-02 20:44:29,794 4431 ERROR db odoo.sql_db: bad query: b'SELECT number_next FROM ir_sequence WHERE id=1 FOR UPDATE NOWAIT'
ERROR: could not obtain lock on row in relation "ir_sequence"

2026-12-02 20:44:29,795 4431 INFO db odoo.service.model: LOCK_NOT_AVAILABLE, 4 tries left, try again in 1.8485 sec...
2026-12-02 20:44:30,100 4432 INFO db odoo.service.model: SERIALIZATION_FAILURE, 3 tries left, try again in 0.5 sec...
2026-12-02 20:44:31,000 4433 INFO db odoo.service.model: SERIALIZATION_FAILURE, maximum number of tries reached!
2026-12-02 20:44:32,000 4434 ERROR db odoo.http: Exception during request handling.
Traceback (most recent call last):
psycopg2.pool.PoolError: The Connection Pool Is Full
2026-12-02 20:44:33,000 4434 WARNING db odoo.http: a refused write
"""  # noqa: E501


def test_server_log_scan_counts_retries_and_real_errors():
    retries, gave_up, errors = load.scan_server_log(LOG)
    assert retries == 2
    assert gave_up == 1
    # the lock conflict that Odoo retried is not an error; the pool error is
    assert len(errors) == 1 and "Exception during request handling" in errors[0]


def _acks():
    return {
        "marks": {1: "present", 2: "late"},
        "confirmed": {10},
        "stays": {100: {"bed_id": 7, "belongings": 2}},
        "incidents": {50: {"name": "SC/2026/0002", "company_id": 3}},
        "visits": {70},
    }


def _found():
    return {
        "lines": {1: "present", 2: "late"},
        "sessions": {10: "confirmed"},
        "stays": {100: {"state": "in_rehab", "bed_id": 7, "belongings": 2}},
        "incidents": {50: {"name": "SC/2026/0002", "state": "reported"}},
        "visits": {70: "done"},
        "numbers": {3: [1, 2]},
    }


def test_nothing_lost_when_the_database_holds_every_acknowledged_write():
    assert load.find_lost(_acks(), _found()) == []


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda f: f["lines"].update({2: "present"}), "attendance line 2"),
        (lambda f: f["lines"].pop(1), "attendance line 1"),
        (lambda f: f["sessions"].update({10: "draft"}), "sheet 10"),
        (lambda f: f["stays"].pop(100), "stay 100: admitted, not in the database"),
        (lambda f: f["stays"][100].update(bed_id=8), "in bed 7"),
        (lambda f: f["stays"][100].update(state="intake"), "in bed 7"),
        (lambda f: f["stays"][100].update(belongings=1), "2 belongings"),
        (lambda f: f["incidents"].pop(50), "incident 50"),
        (lambda f: f["incidents"][50].update(state="draft"), "incident 50"),
        (lambda f: f["visits"].update({70: "in_progress"}), "visit 70"),
        (lambda f: f["numbers"].update({3: [1, 3]}), "missing [2]"),
        (lambda f: f["numbers"].update({3: [1, 2, 2]}), "twice [2]"),
    ],
)
def test_each_lost_or_changed_write_is_reported(damage, expected):
    found = _found()
    damage(found)
    lost = load.find_lost(_acks(), found)
    assert len(lost) == 1 and expected in lost[0], lost


def test_gaps():
    assert load.gaps([1, 2, 3]) == ([], [])
    assert load.gaps([3, 1]) == ([2], [])
    assert load.gaps([1, 1]) == ([], [1])
    assert load.gaps([]) == ([], [])
