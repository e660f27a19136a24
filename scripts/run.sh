#!/usr/bin/env bash
# make run: create (or refresh) the database $RUN_DB (default rehab) with demo data and
# rehab_facility, rehab_vocational installed, then serve http://localhost:$HTTP_PORT.
#   - database missing          -> created by Odoo, modules installed with demo data
#   - database already there    -> modules updated (-u), missing ones installed (-i)
#   - RESET_DB=1                -> drop $RUN_DB (and its filestore) first, start from scratch
# Extra arguments go to the serving odoo-bin, e.g.  make run ARGS='--dev=xml,reload'
# Login: admin / admin (Odoo's default admin user of a new database).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

require_venv
require_odoo_src
step "PostgreSQL"
ensure_postgres
write_odoo_conf

if [[ "$RUN_DB" == "$TEST_DB" ]]; then
    die "RUN_DB ($RUN_DB) must differ from TEST_DB ($TEST_DB): make test drops the test database."
fi

if [[ "${RESET_DB:-0}" == 1 ]]; then
    step "RESET_DB=1: dropping database $RUN_DB"
    drop_database "$RUN_DB"
fi

initialized=0
if db_exists "$RUN_DB" &&
    [[ "$(psql -X -d "$RUN_DB" -tAc "SELECT to_regclass('public.ir_module_module') IS NOT NULL")" == t ]]; then
    initialized=1
fi

if ((initialized)); then
    step "database $RUN_DB exists: updating $MODULES"
    odoo_bin -d "$RUN_DB" -i "$MODULES" -u "$MODULES" --stop-after-init --no-http ||
        die "updating $MODULES in $RUN_DB failed (see the log above)." \
            "Start from scratch with:   RESET_DB=1 make run"
else
    step "creating database $RUN_DB with demo data and $MODULES"
    # Odoo creates the database itself; demo data is loaded because without_demo = False.
    odoo_bin -d "$RUN_DB" -i "$MODULES" --stop-after-init --no-http ||
        die "installing $MODULES into $RUN_DB failed (see the log above)." \
            "Fix the addons, then:   RESET_DB=1 make run"
fi

step "serving database $RUN_DB on http://localhost:$HTTP_PORT  (login admin / admin, Ctrl-C to stop)"
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$RUN_DB" \
    --db-filter="^${RUN_DB}\$" "$@"
