#!/usr/bin/env bash
# Release check: update our modules (-u) on a COPY of a populated database.
#
#   scripts/upgrade_check.sh [SOURCE_DB]     (default: $RUN_DB, the database of make run)
#
#   1. copy SOURCE_DB and its filestore to <SOURCE_DB>_upgrade_check (createdb -T, or
#      pg_dump when someone is connected to the source); SOURCE_DB is only read
#   2. odoo-bin -u rehab_facility,rehab_vocational --stop-after-init on the copy, with the
#      addons of this work tree (log: .local/logs/upgrade-check.log)
#   3. fail if odoo-bin fails, if the log has an ERROR or CRITICAL line, if a module is
#      not installed afterwards or not at its manifest's version, or if a rehab_* table
#      lost rows (an update must not delete business records)
#   4. list the migration scripts that the update ran (addons/<module>/migrations/<version>/)
#      and warn when a module's version did not change although it had one installed
# The copy is dropped at the end (UPGRADE_KEEP=1 keeps it).
#
# Production: restore last night's backup with scripts/restore.sh on a test machine
# and run this script on it (README, "Upgrade checklist"); never point it at the live
# database while Odoo serves it (createdb -T needs it idle; the fallback reads it
# with pg_dump).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SOURCE_DB="${1:-${UPGRADE_SOURCE_DB:-$RUN_DB}}"
COPY_DB="${UPGRADE_COPY_DB:-${SOURCE_DB}_upgrade_check}"
LOG="$LOG_DIR/upgrade-check.log"
FILESTORE_ROOT="$LOCAL_DIR/data/filestore"

require_venv
require_odoo_src
ensure_postgres
[[ -f "$ODOO_CONF" ]] || write_odoo_conf
[[ "$COPY_DB" != "$SOURCE_DB" ]] || die "the copy must have another name than $SOURCE_DB"
db_exists "$SOURCE_DB" || die "no database $SOURCE_DB to copy" \
    "Create one with:  make run   (or restore a backup: scripts/restore.sh BACKUP_DIR -c .local/odoo.conf)"

cleanup() {
    if [[ "${UPGRADE_KEEP:-0}" == 1 ]]; then
        info "UPGRADE_KEEP=1: kept $COPY_DB"
    else
        drop_database "$COPY_DB" >/dev/null
    fi
}
trap cleanup EXIT

rehab_counts() {
    # "table rows" for every rehab_* table, exact
    psql -X -d "$1" -tA -F' ' -c "
        SELECT table_name,
               (xpath('/row/c/text()', query_to_xml(
                   format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
                   false, true, '')))[1]::text
          FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
           AND table_name LIKE 'rehab\_%'
         ORDER BY table_name"
}
module_versions() {
    psql -X -d "$1" -tA -F' ' -c "SELECT name, state, coalesce(latest_version, '-')
        FROM ir_module_module WHERE name = ANY(string_to_array('$MODULES', ',')) ORDER BY name"
}

step "upgrade check: copy $SOURCE_DB -> $COPY_DB"
drop_database "$COPY_DB"
if ! createdb -T "$SOURCE_DB" "$COPY_DB" 2>/dev/null; then
    info "createdb -T refused (someone is connected to $SOURCE_DB): copying with pg_dump"
    createdb -T template0 -E UTF8 --lc-collate=C "$COPY_DB"
    psql -X -q -d "$COPY_DB" -c "CREATE EXTENSION IF NOT EXISTS unaccent" \
        -c "ALTER FUNCTION unaccent(text) IMMUTABLE" >/dev/null
    pg_dump -Fc -d "$SOURCE_DB" | pg_restore --no-owner --single-transaction -d "$COPY_DB"
fi
mkdir -p "$FILESTORE_ROOT/$COPY_DB"
if [[ -d "$FILESTORE_ROOT/$SOURCE_DB" ]]; then
    # hard links: instant, and Odoo never rewrites a filestore file in place
    cp -al "$FILESTORE_ROOT/$SOURCE_DB/." "$FILESTORE_ROOT/$COPY_DB/" 2>/dev/null ||
        cp -a "$FILESTORE_ROOT/$SOURCE_DB/." "$FILESTORE_ROOT/$COPY_DB/"
fi
before_versions="$(module_versions "$COPY_DB")"
before_counts="$(rehab_counts "$COPY_DB")"
printf '%s\n' "$before_versions" | sed 's/^/    before: /'

step "odoo-bin -u $MODULES on $COPY_DB (log: ${LOG#"$REPO_ROOT"/})"
set +e
odoo_bin -d "$COPY_DB" -u "$MODULES" --stop-after-init --no-http --log-level=info >"$LOG" 2>&1
rc=$?
set -e
failed=0
if ((rc != 0)); then
    printf '    odoo-bin exited with %s; last lines of the log:\n' "$rc" >&2
    tail -n 40 "$LOG" | sed 's/^/    | /' >&2
    failed=1
fi
# ERROR/CRITICAL records with their continuation lines (tracebacks)
if ! awk -v rec='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+ ' '
        $0 ~ rec { show = 0 }
        / (ERROR|CRITICAL) / { show = 1; bad++ }
        show { print "    | " $0 }
        END { exit(bad > 0) }' "$LOG" >&2; then
    printf '    the update log has ERROR/CRITICAL lines (above)\n' >&2
    failed=1
fi

after_versions="$(module_versions "$COPY_DB")"
printf '%s\n' "$after_versions" | sed 's/^/    after:  /'
IFS=, read -r -a mods <<<"$MODULES"
for m in "${mods[@]}"; do
    manifest_version="$("$VENV/bin/python" -c "import ast,sys; print(ast.literal_eval(open(sys.argv[1]).read())['version'])" \
        "$ADDONS_DIR/$m/__manifest__.py")"
    line="$(grep "^$m " <<<"$after_versions" || true)"
    if [[ "$line" != "$m installed $manifest_version" ]]; then
        printf '    %s: expected "installed %s", found "%s"\n' "$m" "$manifest_version" "${line#"$m "}" >&2
        failed=1
    fi
    old="$(grep "^$m " <<<"$before_versions" | cut -d' ' -f3 || true)"
    if [[ -n "$old" && "$old" != - && "$old" == "$manifest_version" ]]; then
        info "$m: version unchanged ($old): a schema change needs a version bump and, if data must move, addons/$m/migrations/<new version>/"
    fi
done
ran="$(grep -E 'odoo\.modules\.migration: module [a-z_]+: Running migration' "$LOG" || true)"
if [[ -n "$ran" ]]; then
    printf '%s\n' "$ran" | sed 's/.*odoo\.modules\.migration: /    migration: /'
else
    info "no migration script ran"
fi

after_counts="$(rehab_counts "$COPY_DB")"
lost="$(join <(printf '%s\n' "$before_counts") <(printf '%s\n' "$after_counts") |
    awk '$3 < $2 { printf "%s: %s -> %s rows\n", $1, $2, $3 }')"
if [[ -n "$lost" ]]; then
    printf '%s\n' "$lost" | sed 's/^/    lost rows: /' >&2
    failed=1
fi

if ((failed)); then
    die "upgrade check FAILED on $COPY_DB (copy of $SOURCE_DB); full log: $LOG"
fi
ok "upgrade check: $MODULES updated on a copy of $SOURCE_DB, clean log, no rehab_* rows lost"
