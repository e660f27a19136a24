#!/usr/bin/env bash
# make test / scripts/test.sh: THE project test command (CI runs it through .ci/run).
#
#   1. lint (scripts/lint.sh)                                        [SKIP_LINT=1 skips]
#   2. no Odoo source at $ODOO_SRC  -> one loud line, stop here (exit 0 if lint passed)
#   3. PostgreSQL up (a stopped local cluster is started), .local/odoo.conf written
#   4. drop + recreate $TEST_DB (default rehab_test) by installing rehab_facility,
#      rehab_vocational WITH demo data; fail on any ERROR/CRITICAL log line or
#      missing-access-rules warning in the install log          [SKIP_INSTALL=1 reuses the db]
#   5. pytest-odoo over the addons' tests/ and the repo's tests/, browser tours included
#   6. restore drill (scripts/restore_drill.sh) on $TEST_DB: back up, drop, restore, compare
#      [SKIP_DRILL=1 skips; skipped on a focused run with pytest arguments unless DRILL=1]
#   7. short load test (scripts/load_province.py, ~1.5 min) on a copy of $TEST_DB: the
#      production profile (multi-worker + gevent) under role users at once; fails on a
#      lost write or a server error  [SKIP_LOAD=1 skips; focused runs skip it unless LOAD=1;
#      LOAD_DURATION=seconds of load, default 20]
#
# Extra arguments go to pytest:   scripts/test.sh -k test_name      make test ARGS='-k test_name'
# Paths among them replace the default test directories:
#   scripts/test.sh addons/rehab_facility/tests/test_stay.py::TestStay::test_close -x
# Quick iteration:   SKIP_LINT=1 SKIP_INSTALL=1 scripts/test.sh -k test_name
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SKIP_LINT="${SKIP_LINT:-0}"
SKIP_INSTALL="${SKIP_INSTALL:-0}"
TEST_DIRS=(addons/rehab_facility/tests addons/rehab_vocational/tests tests)
INSTALL_LOG="$LOG_DIR/test-install.log"
PYTEST_LOG="$LOG_DIR/pytest.log"

failed=()
# summary [WHAT_RAN]: final verdict and exit status.
summary() {
    if ((${#failed[@]})); then
        printf '\n%sTESTS FAILED: %s%s\n' "$_C_RED" "${failed[*]}" "$_C_OFF" >&2
        exit 1
    fi
    if (($#)); then
        printf '\n%s%s%s\n' "$_C_YEL" "$1" "$_C_OFF" # partial run: passed, but not everything ran
    else
        printf '\n%sALL GREEN%s\n' "$_C_GRN" "$_C_OFF"
    fi
    exit 0
}

require_venv
mkdir -p "$LOG_DIR"

# ---------------------------------------------------------------- 1. lint
if [[ "$SKIP_LINT" == 1 ]]; then
    warn "SKIP_LINT=1: lint skipped"
elif ! "$REPO_ROOT/scripts/lint.sh"; then
    failed+=(lint)
fi

# ---------------------------------------------------------------- 2. Odoo source
if ! have_odoo_src; then
    loud "ODOO SUITES DID NOT RUN: no Odoo 18 at $ODOO_SRC (set ODOO_SRC, see README) — only lint ran"
    if [[ "$SKIP_LINT" == 1 ]]; then summary "nothing ran (SKIP_LINT=1, no Odoo source)"; fi
    summary "lint passed; Odoo install and tests NOT run"
fi

# ---------------------------------------------------------------- 3. PostgreSQL + config
step "PostgreSQL"
ensure_postgres
write_odoo_conf
if [[ "$TEST_DB" == "$RUN_DB" ]]; then
    die "TEST_DB ($TEST_DB) must differ from RUN_DB ($RUN_DB): the test database is dropped on every run."
fi

# ---------------------------------------------------------------- 4. install with demo data
check_install_log() {
    # Print every ERROR/CRITICAL record and missing-access warning with its continuation lines
    # (tracebacks, the suggested CSV lines); return 1 if there was any.
    local rec='^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9:,]+ [0-9]+ '
    awk -v rec="$rec" '
        $0 ~ rec { show = 0 }
        / (ERROR|CRITICAL) / || /no access rules/ { show = 1; bad++ }
        show { print "    | " $0 }
        END { exit(bad > 0) }
    ' "$1"
}

modules_state() {
    # name|state|demo for our modules in the test database
    psql -X -d "$TEST_DB" -tA -F'|' -c \
        "SELECT name, state, demo FROM ir_module_module
          WHERE name = ANY(string_to_array('$MODULES', ',')) ORDER BY name" 2>/dev/null
}

check_modules_installed() {
    local state expected bad=0 m line
    state="$(modules_state)" || state=""
    IFS=, read -r -a expected <<<"$MODULES"
    for m in "${expected[@]}"; do
        line="$(grep "^$m|" <<<"$state" || true)"
        if [[ "$line" != "$m|installed|t" ]]; then
            printf '    | %s: %s\n' "$m" "${line:-not found in $TEST_DB}" >&2
            bad=1
        fi
    done
    return "$bad"
}

install_ok=1
if [[ "$SKIP_INSTALL" == 1 ]]; then
    warn "SKIP_INSTALL=1: reusing database $TEST_DB as it is (no reinstall, code changes to data/views are NOT loaded)"
    if ! db_exists "$TEST_DB" || ! check_modules_installed; then
        die "SKIP_INSTALL=1 but $TEST_DB does not hold $MODULES installed with demo data." \
            "Run once without SKIP_INSTALL:   SKIP_LINT=1 scripts/test.sh"
    fi
else
    step "fresh database $TEST_DB: install $MODULES with demo data (log: ${INSTALL_LOG#"$REPO_ROOT"/})"
    drop_database "$TEST_DB"
    # Odoo creates the database itself (with the unaccent extension). Odoo 18 loads demo data
    # by default; do NOT pass --without-demo=False: on the command line "False" is a non-empty
    # string and DISABLES demo data. The config file's without_demo = False is parsed correctly.
    set +e
    odoo_bin -d "$TEST_DB" -i "$MODULES" --stop-after-init --log-level=info --no-http \
        >"$INSTALL_LOG" 2>&1
    rc=$?
    set -e
    if ((rc != 0)); then
        printf '%s    odoo-bin exited with %s; last lines of the log:%s\n' "$_C_RED" "$rc" "$_C_OFF" >&2
        tail -n 40 "$INSTALL_LOG" | sed 's/^/    | /' >&2
        install_ok=0
    fi
    if ! check_install_log "$INSTALL_LOG" >&2; then
        printf '%s    the install log has ERROR/CRITICAL lines or models without access rules (above)%s\n' \
            "$_C_RED" "$_C_OFF" >&2
        install_ok=0
    fi
    if grep -q 'invalid module names, ignored' "$INSTALL_LOG"; then
        grep 'invalid module names, ignored' "$INSTALL_LOG" | sed 's/^/    | /' >&2
        install_ok=0
    fi
    if ! check_modules_installed; then
        printf '%s    %s are not all installed with demo data in %s (name|state|demo above)%s\n' \
            "$_C_RED" "$MODULES" "$TEST_DB" "$_C_OFF" >&2
        install_ok=0
    fi
    if ((install_ok)); then
        ok "installed $MODULES with demo data, clean log"
    else
        failed+=(install)
        printf '%s    install FAILED, pytest not run (full log: %s)%s\n' "$_C_RED" "$INSTALL_LOG" "$_C_OFF" >&2
        summary
    fi
fi

# ---------------------------------------------------------------- 5. pytest-odoo
# Explicit paths among the arguments replace the default directories.
explicit_paths=0
for a in "$@"; do
    if [[ "$a" != -* && -e "${a%%::*}" ]]; then explicit_paths=1; fi
done
targets=()
if ((explicit_paths == 0)); then
    for d in "${TEST_DIRS[@]}"; do
        if [[ -d "$d" ]] && [[ -n "$(find "$d" \( -name 'test_*.py' -o -name '*_test.py' \) -print -quit)" ]]; then
            targets+=("$d")
        else
            warn "no tests in $d/ (no test_*.py): skipped"
        fi
    done
    if ((${#targets[@]} == 0)); then
        loud "NO TESTS: none of ${TEST_DIRS[*]} holds a test_*.py"
        failed+=(pytest-no-tests)
        summary
    fi
fi

chrome="$(find_chrome || true)"
# --odoo-http: without it pytest-odoo skips every HttpCase (tours, url_open) on purpose.
cmd=("$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http
    "${targets[@]}" -q -rs "$@")
step "pytest-odoo on $TEST_DB${chrome:+ (browser: $chrome)} (log: ${PYTEST_LOG#"$REPO_ROOT"/})"
info "PYTHONPATH=$ODOO_SRC ${cmd[*]#"$REPO_ROOT"/}"
set +e
PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" "${cmd[@]}" 2>&1 | tee "$PYTEST_LOG"
rc=${PIPESTATUS[0]}
set -e

case "$rc" in
    0) ok "pytest passed" ;;
    5)
        loud "NO TESTS RAN: pytest collected/selected nothing (arguments: ${*:-none})"
        failed+=(pytest-no-tests)
        ;;
    *) failed+=(pytest) ;;
esac

# ---------------------------------------------------------------- 6. restore drill
# Back up a copy of $TEST_DB with its filestore, drop it, restore it, compare (~30 s).
# Before the browser checks below, which may end the run early when Chromium is missing.
if [[ "${SKIP_DRILL:-0}" == 1 ]]; then
    warn "SKIP_DRILL=1: restore drill skipped"
elif (($#)) && [[ "${DRILL:-0}" != 1 ]]; then
    info "restore drill skipped on a focused run (pytest arguments given; DRILL=1 runs it)"
elif ! "$REPO_ROOT/scripts/restore_drill.sh" "$TEST_DB"; then
    failed+=(restore-drill)
fi

# ---------------------------------------------------------------- 7. short load test
# A copy of $TEST_DB, 2 facilities, 10 instructors marking at once, intake desks,
# security, the year's report and the nightly job, against odoo-bin --workers on loopback.
if [[ "${SKIP_LOAD:-0}" == 1 ]]; then
    warn "SKIP_LOAD=1: load test skipped"
elif (($#)) && [[ "${LOAD:-0}" != 1 ]]; then
    info "load test skipped on a focused run (pytest arguments given; LOAD=1 runs it)"
else
    step "short load test on a copy of $TEST_DB (logs: .local/logs/${TEST_DB}_load/)"
    if ! "$VENV/bin/python" "$REPO_ROOT/scripts/load_province.py" --db "${TEST_DB}_load" \
        --template "$TEST_DB" --duration "${LOAD_DURATION:-20}" --facilities 2 \
        --instructors 10 --class-size 15 --intake-per-facility 1 --timeout 900; then
        failed+=(load-test)
    fi
fi

# Browser tests: skipped tours are failures when a browser is installed.
browser_skips="$(grep -iE '^SKIPPED .*(chrom|websocket|browser|devtools|odoo-http)' "$PYTEST_LOG" || true)"
if [[ -n "$chrome" ]]; then
    if [[ -n "$browser_skips" ]]; then
        printf '%s\n' "$browser_skips" | sed 's/^/    | /' >&2
        loud "BROWSER TESTS WERE SKIPPED although $chrome is installed (see the SKIPPED lines above)"
        failed+=(browser-tests-skipped)
    fi
else
    loud "BROWSER TOURS DID NOT RUN: no chromium/google-chrome in PATH (make setup installs chromium)"
    summary "tests passed, but browser tours were NOT run (no chromium)"
fi

summary
