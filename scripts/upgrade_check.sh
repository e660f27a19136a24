#!/usr/bin/env bash
# Release check: update our modules (-u) from an older version and prove nothing is lost.
#
#   scripts/upgrade_check.sh [--from REF]   install the addons of git REF (default HEAD,
#                                           the last commit) with demo data in a scratch
#                                           database, then update it to THIS work tree
#   scripts/upgrade_check.sh SOURCE_DB      update a COPY of a populated database (e.g. last
#                                           night's production backup restored on a test
#                                           machine) to this work tree; SOURCE_DB is only read
#
#   1. the database before: --from: `git archive REF addons` into a temporary directory
#      (the repository and the work tree are not touched), odoo-bin -i with those addons
#      and demo data, plus 3 attachments (filestore); SOURCE_DB: createdb -T (or pg_dump
#      when someone is connected) and its filestore
#   2. fingerprint (scripts/upgrade_fingerprint.py snapshot): the ids of every table, a
#      checksum of every column of rehab_* and ir_attachment, the sequences, the SHA-1 of
#      every attachment's file, the schema and which module declares each column
#   3. odoo-bin -u rehab_facility,rehab_vocational --stop-after-init with THIS work tree's
#      addons (log: .local/logs/upgrade-check.log)
#   4. fail on: odoo-bin failing or an ERROR/CRITICAL log line; a module not installed at
#      its manifest's version; a row, business table, sequence value or attachment file
#      lost; a column changed on the rows kept from before and not declared; a schema
#      change of a module whose version did not change; a dropped or retyped column that
#      held data and is not declared; a migrations/ folder that is not 18.0.x.y.z, is
#      newer than the manifest, or that should have run and did not
#
# The migrations convention (README, "Upgrade checklist"): a schema or data change means
# a new "version" in addons/<module>/__manifest__.py (18.0.x.y.z). When existing rows
# must change, addons/<module>/migrations/<that version>/{pre,post,end}-<name>.py with
# `def migrate(cr, version):`, and a changes.txt there listing each table.column the
# migration rewrites or drops on purpose (one a line; # comments). The scratch database
# is dropped at the end (UPGRADE_KEEP=1 keeps it; UPGRADE_VERBOSE=1 lists every note).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

FROM_REF="" SOURCE_DB=""
while (($#)); do
    case "$1" in
        --from) FROM_REF="${2:?--from needs a git ref}"; shift 2 ;;
        -h | --help) sed -n '2,31p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) SOURCE_DB="$1"; shift ;;
    esac
done
[[ -n "$SOURCE_DB" && -n "$FROM_REF" ]] && die "give either --from REF or SOURCE_DB, not both"
[[ -z "$SOURCE_DB" && -z "$FROM_REF" ]] && FROM_REF=HEAD
if [[ -n "$SOURCE_DB" ]]; then
    COPY_DB="${UPGRADE_COPY_DB:-${SOURCE_DB}_upgrade_check}"
else
    COPY_DB="${UPGRADE_COPY_DB:-${TEST_DB}_upgrade_from}"
fi
LOG="$LOG_DIR/upgrade-check.log"
FILESTORE_ROOT="$LOCAL_DIR/data/filestore"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/upgrade-check.XXXXXX")"

require_venv
require_odoo_src
ensure_postgres
[[ -f "$ODOO_CONF" ]] || write_odoo_conf
[[ "$COPY_DB" != "${SOURCE_DB:-}" ]] || die "the copy must have another name than $SOURCE_DB"

cleanup() {
    rm -rf -- "$WORK"
    if [[ "${UPGRADE_KEEP:-0}" == 1 ]]; then
        info "UPGRADE_KEEP=1: kept $COPY_DB"
    else
        drop_database "$COPY_DB" >/dev/null
    fi
}
trap cleanup EXIT

manifest_version() {
    "$VENV/bin/python" -c "import ast,sys; print(ast.literal_eval(open(sys.argv[1]).read())['version'])" "$1"
}
module_versions() {
    psql -X -d "$1" -tA -F' ' -c "SELECT name, state, coalesce(latest_version, '-')
        FROM ir_module_module WHERE name = ANY(string_to_array('$MODULES', ',')) ORDER BY name"
}

# ------------------------------------------------------------------ 1. the database before
drop_database "$COPY_DB"
if [[ -n "$FROM_REF" ]]; then
    rev="$(git rev-parse --verify --quiet "$FROM_REF^{commit}")" || die "unknown git ref $FROM_REF"
    step "upgrade check: install the addons of $FROM_REF (${rev:0:10}) into $COPY_DB, with demo data"
    mkdir -p "$WORK/old"
    git archive "$rev" addons | tar -x -C "$WORK/old"
    sed "s#^addons_path = .*#addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$WORK/old/addons#" \
        "$ODOO_CONF" >"$WORK/old.conf"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$WORK/old.conf" -d "$COPY_DB" -i "$MODULES" \
        --stop-after-init --no-http --log-level=warn >"$WORK/install.log" 2>&1 || {
        tail -n 30 "$WORK/install.log" >&2
        die "installing the addons of $FROM_REF failed (log above)"
    }
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$WORK/old.conf" -d "$COPY_DB" --no-http \
        --log-level=warn >"$WORK/populate.log" 2>&1 <<'PY' || { cat "$WORK/populate.log" >&2; die "populating failed"; }
import os
stay = env["rehab.stay"].sudo().search([], limit=1, order="id")
env["ir.attachment"].sudo().create([
    {"name": f"upgrade-check-{i}.bin", "raw": os.urandom(2048 + i),
     "res_model": "rehab.stay" if stay else False, "res_id": stay.id or 0}
    for i in range(3)
])
env.cr.commit()
PY
else
    db_exists "$SOURCE_DB" || die "no database $SOURCE_DB to copy" \
        "Restore a backup first:  scripts/restore.sh BACKUP_DIR -c .local/odoo.conf"
    step "upgrade check: copy $SOURCE_DB -> $COPY_DB"
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
fi

# ------------------------------------------------------------------ 2. fingerprint
fingerprint=("$VENV/bin/python" scripts/upgrade_fingerprint.py)
before_versions="$(module_versions "$COPY_DB")"
printf '%s\n' "$before_versions" | sed 's/^/    before: /'
"${fingerprint[@]}" snapshot "$COPY_DB" "$FILESTORE_ROOT/$COPY_DB" >"$WORK/before.json"

# ------------------------------------------------------------------ 3. update
step "odoo-bin -u $MODULES on $COPY_DB with this work tree (log: ${LOG#"$REPO_ROOT"/})"
set +e
odoo_bin -d "$COPY_DB" -u "$MODULES" --stop-after-init --no-http --log-level=info >"$LOG" 2>&1
rc=$?
set -e

# ------------------------------------------------------------------ 4. checks
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
allowed=()
IFS=, read -r -a mods <<<"$MODULES"
for m in "${mods[@]}"; do
    manifest="$(manifest_version "$ADDONS_DIR/$m/__manifest__.py")"
    line="$(grep "^$m " <<<"$after_versions" || true)"
    if [[ "$line" != "$m installed $manifest" ]]; then
        printf '    %s: expected "installed %s", found "%s"\n' "$m" "$manifest" "${line#"$m "}" >&2
        failed=1
    fi
    old="$(grep "^$m " <<<"$before_versions" | cut -d' ' -f3 || true)"
    [[ "$old" == "$manifest" ]] && info "$m: version unchanged ($old)"
    # the migrations folders: well named, not ahead of the manifest, run when due
    for dir in "$ADDONS_DIR/$m"/migrations/*/; do
        [[ -d "$dir" ]] || continue
        v="$(basename "$dir")"
        if [[ ! "$v" =~ ^18\.0\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
            printf '    CONVENTION: %s/migrations/%s: name it after a version 18.0.x.y.z\n' "$m" "$v" >&2
            failed=1
            continue
        fi
        newest="$(printf '%s\n%s\n' "$v" "$manifest" | sort -V | tail -n 1)"
        if [[ "$newest" != "$manifest" ]]; then
            printf '    CONVENTION: %s/migrations/%s is newer than the manifest (%s): it would not run\n' \
                "$m" "$v" "$manifest" >&2
            failed=1
            continue
        fi
        due=0
        if [[ -n "$old" && "$old" != - && "$old" != "$v" ]] &&
            [[ "$(printf '%s\n%s\n' "$old" "$v" | sort -V | head -n 1)" == "$old" ]]; then
            due=1 # installed < v <= manifest
        fi
        if ((due)) && compgen -G "$dir*.py" >/dev/null &&
            ! grep -qE "module $m: Running migration \[[^]]*$v" "$LOG"; then
            printf '    %s/migrations/%s should have run (installed %s) and did not\n' "$m" "$v" "$old" >&2
            failed=1
        fi
        if ((due)) && [[ -f "$dir/changes.txt" ]]; then
            mapfile -t -O "${#allowed[@]}" allowed < <(sed 's/#.*//; /^[[:space:]]*$/d; s/[[:space:]]//g' "$dir/changes.txt")
        fi
    done
done
ran="$(grep -E 'odoo\.modules\.migration: module [a-z_]+: Running migration' "$LOG" || true)"
if [[ -n "$ran" ]]; then
    printf '%s\n' "$ran" | sed 's/.*odoo\.modules\.migration: /    migration: /'
else
    info "no migration script ran"
fi
read -r -a extra <<<"${UPGRADE_ALLOW_CHANGES:-}"
allowed+=("${extra[@]}")

step "compare $COPY_DB with its fingerprint before the update"
if ! "${fingerprint[@]}" compare "$COPY_DB" "$FILESTORE_ROOT/$COPY_DB" "$WORK/before.json" \
    --allow "${allowed[@]}"; then
    failed=1
fi

what="${FROM_REF:+the addons of $FROM_REF}${SOURCE_DB:+a copy of $SOURCE_DB}"
if ((failed)); then
    die "upgrade check FAILED: $what updated to this work tree ($COPY_DB); full log: $LOG"
fi
ok "upgrade check: $what updated to this work tree: clean log, versions and migrations" \
    "as declared, no row, column, sequence or file lost or changed undeclared"
