#!/usr/bin/env bash
# Restore drill: prove that a backup of scripts/backup.sh restores with nothing lost.
#
#   scripts/restore_drill.sh [SOURCE_DB]          (make test runs it after pytest)
#
#   1. copy SOURCE_DB (default $TEST_DB, rehab_test: the populated database of make test)
#      and its filestore to <prefix>_work; if SOURCE_DB does not exist, install our
#      modules with demo data into <prefix>_src first
#   2. add data to the copy through Odoo: attachments (filestore), medical access log
#      lines, a term ledger line
#   3. fingerprint the copy: exact row count of every table; content checksum of
#      rehab_stay, rehab_stay_adjustment, rehab_medical_access_log, rehab_resident,
#      ir_attachment; sequences; the SHA-1 of every filestore file of ir_attachment
#   4. scripts/backup.sh (encrypted with gpg when gpg is installed), checking retention
#   5. DROP the copy and its filestore
#   6. scripts/restore.sh into a fresh <prefix>_restored; a second restore onto it
#      without --force must be refused
#   7. fingerprint the restored database and compare; Odoo opens it and reads the
#      new attachments back through the ORM
# Exit status 0 only if nothing was lost. The drill's databases are dropped at the end
# (DRILL_KEEP=1 keeps them). It never writes to SOURCE_DB.
#
# Environment: DRILL_PREFIX (default <SOURCE_DB>_drill), DRILL_KEEP=1, and those of
# scripts/lib.sh (ODOO_SRC, PG*, TEST_DB).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SOURCE_DB="${1:-${DRILL_SOURCE_DB:-$TEST_DB}}"
PREFIX="${DRILL_PREFIX:-${SOURCE_DB}_drill}"
WORK_DB="${PREFIX}_work"
RESTORED_DB="${PREFIX}_restored"
SCRATCH_DB="${PREFIX}_src"
DRILL_DIR="$LOCAL_DIR/drill"
FILESTORE_ROOT="$LOCAL_DIR/data/filestore"
T0=$SECONDS

require_venv
require_odoo_src
ensure_postgres
[[ -f "$ODOO_CONF" ]] || write_odoo_conf
for name in "$WORK_DB" "$RESTORED_DB"; do
    [[ "$name" != "$SOURCE_DB" ]] || die "DRILL_PREFIX makes $name equal to the source database"
done

odoo_shell() {
    # odoo_shell DB < script.py   (the shell subcommand must come first)
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" -d "$1" --no-http \
        --log-level=warn
}

cleanup() {
    if [[ "${DRILL_KEEP:-0}" == 1 ]]; then
        info "DRILL_KEEP=1: kept $WORK_DB, $RESTORED_DB and $DRILL_DIR"
        return
    fi
    drop_database "$WORK_DB" >/dev/null
    drop_database "$RESTORED_DB" >/dev/null
    rm -rf "$DRILL_DIR"
}
trap cleanup EXIT

step "restore drill (source $SOURCE_DB)"
drop_database "$WORK_DB"
drop_database "$RESTORED_DB"
rm -rf "$DRILL_DIR"
mkdir -p "$DRILL_DIR/backups"

# ------------------------------------------------------------------ 1. a populated copy
installed="$(psql -X -d "$SOURCE_DB" -tAc "SELECT count(*) FROM ir_module_module
    WHERE name IN ('rehab_facility', 'rehab_vocational') AND state = 'installed'" 2>/dev/null || true)"
if [[ "$installed" != 2 ]]; then
    warn "$SOURCE_DB does not hold rehab_facility + rehab_vocational: installing them with demo data into $SCRATCH_DB"
    SOURCE_DB="$SCRATCH_DB"
    if ! db_exists "$SOURCE_DB"; then
        odoo_bin -d "$SOURCE_DB" -i "$MODULES" --stop-after-init --no-http --log-level=warn \
            >"$DRILL_DIR/install.log" 2>&1 || {
            tail -n 30 "$DRILL_DIR/install.log" >&2
            die "installing $MODULES into $SOURCE_DB failed"
        }
    fi
fi
info "copying $SOURCE_DB -> $WORK_DB"
if ! createdb -T "$SOURCE_DB" "$WORK_DB" 2>"$DRILL_DIR/createdb.err"; then
    # someone is connected to the source: copy through pg_dump instead (reads only)
    info "createdb -T refused ($(head -n 1 "$DRILL_DIR/createdb.err")): copying with pg_dump"
    createdb -T template0 -E UTF8 --lc-collate=C "$WORK_DB"
    psql -X -q -d "$WORK_DB" -c "CREATE EXTENSION IF NOT EXISTS unaccent" \
        -c "ALTER FUNCTION unaccent(text) IMMUTABLE" >/dev/null
    pg_dump -Fc -d "$SOURCE_DB" | pg_restore --no-owner --single-transaction -d "$WORK_DB"
fi
mkdir -p "$FILESTORE_ROOT/$WORK_DB"
if [[ -d "$FILESTORE_ROOT/$SOURCE_DB" ]]; then
    cp -a "$FILESTORE_ROOT/$SOURCE_DB/." "$FILESTORE_ROOT/$WORK_DB/"
fi

# ------------------------------------------------------------------ 2. new data
info "adding attachments, medical access log lines and a ledger line to $WORK_DB"
odoo_shell "$WORK_DB" >"$DRILL_DIR/add-data.out" 2>"$DRILL_DIR/add-data.err" <<'PY' || {
import hashlib
import os

stays = env["rehab.stay"].sudo().search([], limit=2, order="id")
residents = env["rehab.resident"].sudo().search([], limit=3, order="id")
admin = env.ref("base.user_admin")
attachments = env["ir.attachment"].sudo().create([
    {
        "name": f"restore-drill-{i}.bin",
        "raw": os.urandom(4096 + i),
        "res_model": "rehab.stay" if stays else False,
        "res_id": stays[:1].id or 0,
        "mimetype": "application/octet-stream",
    }
    for i in range(3)
])
# the medical access log, the way the resident model writes it (as a manager)
try:
    with env.cr.savepoint():
        residents.with_user(admin)._log_medical_access()
except Exception:
    try:
        with env.cr.savepoint():
            env["rehab.medical.access.log"].sudo().create([
                {"resident_id": r.id, "user_id": admin.id, "company_id": r.company_id.id}
                for r in residents
            ])
    except Exception as error:
        print("DRILL-WARNING no medical access log line:", str(error).splitlines()[0])
try:
    with env.cr.savepoint():
        env["rehab.stay.adjustment"].sudo().create({
            "stay_id": stays[0].id,
            "kind": "manual",
            "direction": "extend",
            "days": 1,
            "reason": "restore drill",
        })
except Exception as error:  # the drill is about backups, not about the ledger rules
    print("DRILL-WARNING no ledger line:", str(error).splitlines()[0])
env.cr.commit()
for att in attachments:
    print("DRILL-ATTACHMENT", att.id, hashlib.sha1(att.raw).hexdigest())
PY
    cat "$DRILL_DIR/add-data.err" >&2
    die "could not add the drill's data to $WORK_DB"
}
grep '^DRILL-WARNING' "$DRILL_DIR/add-data.out" | sed 's/^DRILL-WARNING /    warning: /' >&2 || true
mapfile -t new_attachments < <(sed -n 's/^DRILL-ATTACHMENT //p' "$DRILL_DIR/add-data.out")
((${#new_attachments[@]} == 3)) || die "the drill's attachments were not created (see $DRILL_DIR/add-data.err)"

# ------------------------------------------------------------------ 3. fingerprint
# fingerprint DB: everything that must survive, one fact per line (sorted)
fingerprint() {
    local db="$1" store="$FILESTORE_ROOT/$1" t fname sum
    {
        for t in rehab_stay rehab_stay_adjustment rehab_medical_access_log rehab_resident ir_attachment; do
            printf 'content %s ' "$t"
            psql -X -d "$db" -tA -F' ' -c \
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) FROM $t t"
        done
        # exact row count of every table
        psql -X -d "$db" -tA -F' ' -c "
            SELECT 'rows ' || table_name,
                   (xpath('/row/c/text()', query_to_xml(
                       format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
                       false, true, '')))[1]::text
              FROM information_schema.tables
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        psql -X -d "$db" -tA -F' ' -c \
            "SELECT 'sequence ' || sequencename, coalesce(last_value, 0) FROM pg_sequences"
        # every file of the filestore that an attachment points to, by content
        psql -X -d "$db" -tA -F' ' -c \
            "SELECT store_fname, checksum FROM ir_attachment WHERE store_fname IS NOT NULL" |
            while read -r fname sum; do
                if [[ -f "$store/$fname" ]]; then
                    printf 'file %s %s %s\n' "$fname" "$(sha1sum <"$store/$fname" | cut -d' ' -f1)" "$sum"
                else
                    printf 'file %s MISSING %s\n' "$fname" "$sum"
                fi
            done
    } | LC_ALL=C sort
}
fingerprint "$WORK_DB" >"$DRILL_DIR/before.txt"
nfiles="$(grep -c '^file ' "$DRILL_DIR/before.txt" || true)"
info "$WORK_DB: $(grep -c '^rows ' "$DRILL_DIR/before.txt") tables, $nfiles attachment files;" \
    "$(grep '^content rehab_stay ' "$DRILL_DIR/before.txt" | cut -d' ' -f3) stays," \
    "$(grep '^content rehab_stay_adjustment ' "$DRILL_DIR/before.txt" | cut -d' ' -f3) ledger lines," \
    "$(grep '^content rehab_medical_access_log ' "$DRILL_DIR/before.txt" | cut -d' ' -f3) medical log lines"

# ------------------------------------------------------------------ 4. backup
backup_env=()
if command -v gpg >/dev/null 2>&1; then
    head -c 32 /dev/urandom | base64 >"$DRILL_DIR/passphrase"
    backup_env=(BACKUP_PASSPHRASE_FILE="$DRILL_DIR/passphrase")
else
    warn "gpg not installed: the drill's backup is not encrypted"
fi
# an expired backup of the same database, that retention must remove
mkdir -p "$DRILL_DIR/backups/${WORK_DB}_20000101T000000Z"
env "${backup_env[@]}" scripts/backup.sh -d "$WORK_DB" -c "$ODOO_CONF" \
    -o "$DRILL_DIR/backups" --keep-days 7 | sed 's/^/    /'
mapfile -t backups < <(find "$DRILL_DIR/backups" -mindepth 1 -maxdepth 1 -type d -name "${WORK_DB}_*")
((${#backups[@]} == 1)) || die "expected one backup after retention, found: ${backups[*]:-none}"
BACKUP="${backups[0]}"
if ((${#backup_env[@]})) && [[ ! -f "$BACKUP/db.dump.gpg" || -f "$BACKUP/db.dump" ]]; then
    die "the backup is not encrypted although a passphrase was set"
fi

# ------------------------------------------------------------------ 5. lose it
info "dropping $WORK_DB and its filestore"
drop_database "$WORK_DB" >/dev/null
! db_exists "$WORK_DB" || die "$WORK_DB still exists"

# ------------------------------------------------------------------ 6. restore
env "${backup_env[@]}" scripts/restore.sh "$BACKUP" -c "$ODOO_CONF" -d "$RESTORED_DB" |
    sed 's/^/    /'
if env "${backup_env[@]}" scripts/restore.sh "$BACKUP" -c "$ODOO_CONF" -d "$RESTORED_DB" \
    >"$DRILL_DIR/overwrite.out" 2>&1; then
    die "restore.sh overwrote the existing database $RESTORED_DB without --force"
fi
db_exists "$RESTORED_DB" || die "the refused restore damaged $RESTORED_DB"
ok "restore.sh refuses to overwrite $RESTORED_DB without --force"

# ------------------------------------------------------------------ 7. compare
fingerprint "$RESTORED_DB" >"$DRILL_DIR/after.txt"
# the work copy's name is in no row; the restored filestore lives under its new name
if ! diff -u "$DRILL_DIR/before.txt" "$DRILL_DIR/after.txt" >"$DRILL_DIR/diff.txt"; then
    sed -n '1,40p' "$DRILL_DIR/diff.txt" | sed 's/^/    | /' >&2
    die "the restored database differs from the one backed up ($(grep -c '^[-+][^-+]' "$DRILL_DIR/diff.txt") lines, above)"
fi
if grep -q '^file .* MISSING ' "$DRILL_DIR/after.txt"; then
    warn "$(grep -c '^file .* MISSING ' "$DRILL_DIR/after.txt") attachment files were already missing in $SOURCE_DB"
fi

printf '%s\n' "${new_attachments[@]}" >"$DRILL_DIR/new_attachments.txt"
odoo_shell "$RESTORED_DB" >"$DRILL_DIR/check.out" 2>"$DRILL_DIR/check.err" <<PY || true
import hashlib
expected = dict(line.split() for line in open("$DRILL_DIR/new_attachments.txt"))
for att in env["ir.attachment"].sudo().browse([int(i) for i in expected]):
    ok = att.exists() and hashlib.sha1(att.raw or b"").hexdigest() == expected[str(att.id)]
    print("DRILL-READ", att.id, "ok" if ok else "BAD")
print("DRILL-STAYS", env["rehab.stay"].sudo().with_context(active_test=False).search_count([]))
PY
if [[ "$(grep -c '^DRILL-READ .* ok$' "$DRILL_DIR/check.out" || true)" != 3 ]]; then
    cat "$DRILL_DIR/check.out" "$DRILL_DIR/check.err" | tail -n 20 >&2
    die "Odoo cannot read the restored attachments back from the filestore"
fi
ok "restore drill: $WORK_DB backed up, dropped and restored as $RESTORED_DB; every table's rows," \
    "the stays, ledger, medical log, residents and attachments identical, $nfiles filestore files" \
    "by SHA-1, read back through Odoo ($((SECONDS - T0)) s)"
