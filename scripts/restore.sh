#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh: the database and its filestore, together.
#
#   scripts/restore.sh BACKUP_DIR (-D DATA_DIR | -c ODOO_CONF) [-d NEW_DB] [--force]
#
# BACKUP_DIR is one <db>_<timestamp>/ directory written by scripts/backup.sh.
# By default it restores into a NEW database, <db>_restored_<YYYYMMDDHHMM>, and refuses
# a database or a filestore directory that already exists. --force drops the existing
# database and filestore of NEW_DB first: stop Odoo before restoring over a live name.
#
# Steps: checks SHA256SUMS; decrypts (*.gpg: BACKUP_PASSPHRASE or BACKUP_PASSPHRASE_FILE;
# *.age: BACKUP_AGE_IDENTITY, an age identity file); creates the database as Odoo does
# (UTF8, LC_COLLATE C, from template0, pg_trgm and an IMMUTABLE unaccent: run it as a role
# that may do that, as Odoo's own role); pg_restore --no-owner in ONE transaction (nothing
# half-restored: on any error the new database is dropped again); unpacks the filestore
# into DATA_DIR/filestore/NEW_DB; reports attachments whose file is missing.
# A restored copy is the same Odoo instance (same database.uuid, active scheduled
# actions, mail servers): for a test or staging copy run   odoo-bin neutralize -d NEW_DB
#
# PostgreSQL connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (or the db_* of -c ODOO_CONF).
# ODOO_DATA_DIR: default of -D.
# RESTORE_TMPDIR: where the decrypted dump goes (default: TMPDIR or /tmp).
# RESTORE_FILESTORE_OWNER: user:group to give the restored filestore (chown -R).
# Exit status: 0 restored, 1 failure (nothing left behind), 2 usage.
set -euo pipefail
umask 077

die() {
    printf 'restore: ERROR: %s\n' "$*" >&2
    exit 1
}
log() { printf 'restore: %s\n' "$*"; }
usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
    exit "${1:-0}"
}

SRC="" DATA_DIR="${ODOO_DATA_DIR:-}" CONF="" TARGET="" FORCE=0
while (($#)); do
    case "$1" in
        -d | --database) TARGET="$2"; shift 2 ;;
        -D | --data-dir) DATA_DIR="$2"; shift 2 ;;
        -c | --config) CONF="$2"; shift 2 ;;
        --force) FORCE=1; shift ;;
        -h | --help) usage 0 ;;
        -*) printf 'restore: unknown option %s\n' "$1" >&2; usage 2 ;;
        *)
            [[ -z "$SRC" ]] || usage 2
            SRC="$1"
            shift
            ;;
    esac
done

conf_value() {
    sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1" | tail -n 1
}
if [[ -n "$CONF" ]]; then
    [[ -r "$CONF" ]] || die "cannot read the Odoo config $CONF"
    [[ -n "$DATA_DIR" ]] || DATA_DIR="$(conf_value "$CONF" data_dir)"
    h="$(conf_value "$CONF" db_host)" && [[ -n "$h" && "$h" != False ]] && export PGHOST="${PGHOST:-$h}"
    p="$(conf_value "$CONF" db_port)" && [[ -n "$p" && "$p" != False ]] && export PGPORT="${PGPORT:-$p}"
    u="$(conf_value "$CONF" db_user)" && [[ -n "$u" && "$u" != False ]] && export PGUSER="${PGUSER:-$u}"
    w="$(conf_value "$CONF" db_password)" && [[ -n "$w" && "$w" != False ]] && export PGPASSWORD="${PGPASSWORD:-$w}"
fi
[[ -n "$SRC" ]] || usage 2
[[ -d "$SRC" ]] || die "no backup directory $SRC"
[[ -n "$DATA_DIR" ]] || die "where is Odoo's data_dir? (-D DATA_DIR or -c odoo.conf)"
for tool in pg_restore psql createdb dropdb tar sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done
[[ -f "$SRC/SHA256SUMS" && -f "$SRC/manifest.txt" ]] || die "$SRC is not a backup of scripts/backup.sh (no SHA256SUMS/manifest.txt)"

SOURCE_DB="$(sed -n '/^database = /{s///;p;q}' "$SRC/manifest.txt")"
[[ -n "$SOURCE_DB" ]] || die "$SRC/manifest.txt names no database"
TARGET="${TARGET:-${SOURCE_DB}_restored_$(date +%Y%m%d%H%M)}"
[[ "$TARGET" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || die "odd database name: $TARGET"
case "$TARGET" in postgres | template0 | template1) die "refusing to restore over $TARGET" ;; esac
FILESTORE="$DATA_DIR/filestore/$TARGET"

db_exists() {
    [[ "$(psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]
}

# 1. integrity of the backup as stored
log "checking $SRC/SHA256SUMS"
(cd "$SRC" && sha256sum --check --quiet --strict SHA256SUMS) || die "checksums do not match: the backup is damaged"

DUMP="" ARCHIVE=""
for f in db.dump db.dump.gpg db.dump.age; do [[ -f "$SRC/$f" ]] && DUMP="$SRC/$f"; done
for f in filestore.tar.gz filestore.tar.gz.gpg filestore.tar.gz.age; do [[ -f "$SRC/$f" ]] && ARCHIVE="$SRC/$f"; done
[[ -n "$DUMP" && -n "$ARCHIVE" ]] || die "$SRC lacks db.dump* or filestore.tar.gz*"

# 2. the target must be new, unless --force
if db_exists "$TARGET" || [[ -e "$FILESTORE" ]]; then
    if ((FORCE == 0)); then
        die "database $TARGET or filestore $FILESTORE already exists; choose another name" \
            "(-d NEW_DB) or pass --force to DROP it first"
    fi
    log "--force: dropping database $TARGET and filestore $FILESTORE"
    dropdb --if-exists --force "$TARGET"
    rm -rf -- "$FILESTORE"
fi

WORK="$(mktemp -d "${RESTORE_TMPDIR:-${TMPDIR:-/tmp}}/restore.XXXXXX")"
created=0
cleanup() {
    local rc=$?
    rm -rf -- "$WORK"
    if ((rc != 0 && created)); then
        log "failed: removing the half-restored $TARGET"
        dropdb --if-exists "$TARGET" || true
        rm -rf -- "$FILESTORE"
    fi
}
trap cleanup EXIT

# decrypt FILE: write the plain content of FILE on stdout
decrypt() {
    case "$1" in
        *.gpg)
            command -v gpg >/dev/null 2>&1 || die "gpg is needed to decrypt $1"
            export GNUPGHOME="$WORK/gnupg"
            mkdir -p "$GNUPGHOME"
            if [[ -n "${BACKUP_PASSPHRASE_FILE:-}" ]]; then
                gpg --batch --quiet --pinentry-mode loopback --passphrase-fd 3 -d "$1" 3<"$BACKUP_PASSPHRASE_FILE"
            elif [[ -n "${BACKUP_PASSPHRASE:-}" ]]; then
                gpg --batch --quiet --pinentry-mode loopback --passphrase-fd 3 -d "$1" 3< <(printf '%s' "$BACKUP_PASSPHRASE")
            else
                die "$1 is encrypted: set BACKUP_PASSPHRASE or BACKUP_PASSPHRASE_FILE"
            fi
            ;;
        *.age)
            command -v age >/dev/null 2>&1 || die "age is needed to decrypt $1"
            [[ -r "${BACKUP_AGE_IDENTITY:-}" ]] || die "$1 is encrypted: set BACKUP_AGE_IDENTITY to the age identity file"
            age -d -i "$BACKUP_AGE_IDENTITY" "$1"
            ;;
        *) cat -- "$1" ;;
    esac
}

if [[ "$DUMP" == *.gpg || "$DUMP" == *.age ]]; then
    log "decrypting ${DUMP##*/}"
    decrypt "$DUMP" >"$WORK/db.dump" || die "cannot decrypt $DUMP (wrong passphrase or key?)"
    DUMP="$WORK/db.dump"
fi
# the archive's table of contents; COMMENT ON EXTENSION needs a superuser: left out
pg_restore -l "$DUMP" >"$WORK/toc.all" || die "$DUMP is not a pg_dump -Fc archive"
grep -v ' COMMENT - EXTENSION ' "$WORK/toc.all" >"$WORK/toc" || true

# 3. database, as Odoo creates one (odoo/service/db.py _create_empty_database)
log "creating database $TARGET"
createdb -T template0 -E UTF8 --lc-collate=C "$TARGET"
created=1
# Odoo makes unaccent() IMMUTABLE to index with it (unaccent = True); pg_dump does not
# keep that (the function belongs to the extension), and the indexes using it then fail.
prepare_sql=(
    "CREATE EXTENSION IF NOT EXISTS pg_trgm"
    "CREATE EXTENSION IF NOT EXISTS unaccent"
    "ALTER FUNCTION unaccent(text) IMMUTABLE"
    "GRANT CREATE ON SCHEMA public TO PUBLIC"
)
for sql in "${prepare_sql[@]}"; do
    psql -X -q -v ON_ERROR_STOP=1 -d "$TARGET" -c "$sql" >/dev/null 2>"$WORK/prepare.err" ||
        log "WARNING: '$sql' failed ($(head -n 1 "$WORK/prepare.err")); Odoo would warn the same"
done
log "pg_restore into $TARGET (one transaction)"
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error \
    -L "$WORK/toc" -d "$TARGET" "$DUMP" || die "pg_restore failed: nothing was restored"

# 4. filestore
log "unpacking the filestore into $FILESTORE"
mkdir -p "$FILESTORE"
decrypt "$ARCHIVE" | tar -xzf - -C "$FILESTORE" --no-same-owner ||
    die "cannot unpack $ARCHIVE"
if [[ -n "${RESTORE_FILESTORE_OWNER:-}" ]]; then
    # e.g. odoo:odoo when restoring as root into the volume of a server running as odoo
    chown -R "$RESTORE_FILESTORE_OWNER" "$FILESTORE" || die "chown $RESTORE_FILESTORE_OWNER failed"
fi

# 5. every attachment kept in the filestore has its file
missing=0
while IFS= read -r fname; do
    [[ -f "$FILESTORE/$fname" ]] || missing=$((missing + 1))
done < <(psql -X -d "$TARGET" -tAc "SELECT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL")
total="$(psql -X -d "$TARGET" -tAc "SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL")"
if ((missing)); then
    log "WARNING: $missing of $total attachments have no file in $FILESTORE (missing in the source already?)"
fi

trap - EXIT
rm -rf -- "$WORK"
log "restored $SRC -> database $TARGET, filestore $FILESTORE ($total attachment files, $missing missing)"
if [[ "$TARGET" != "$SOURCE_DB" ]]; then
    log "serve it with:  odoo -d $TARGET --db-filter='^$TARGET\$'   (a copy? first: odoo-bin neutralize -d $TARGET)"
fi
