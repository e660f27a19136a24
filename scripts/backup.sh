#!/usr/bin/env bash
# Back up one Odoo database together with its filestore, so that it can be restored.
#
#   scripts/backup.sh -d DB (-D DATA_DIR | -c ODOO_CONF) [-o OUT_DIR] [--keep-days N]
#   scripts/backup.sh ... --daily HH:MM        # loop: one backup a day at HH:MM (TZ of the
#                                              # machine; writes OUT_DIR/.last-backup-DB: ok|failed)
#
# Writes OUT_DIR/<DB>_<YYYYMMDDTHHMMSSZ>/ with:
#   db.dump          pg_dump -Fc of the database (one consistent snapshot)
#   filestore.tar.gz DATA_DIR/filestore/<DB>, archived after the dump, so every
#                    attachment of the dump has its file (files added later are extra)
#   manifest.txt     what, when, from where; Odoo modules and versions; row counts
#   SHA256SUMS       checksums of the files above, as stored (encrypted or not)
# The directory is written as .<name>.partial and renamed at the end: a backup that is
# there is complete. Backups of DB older than N days (default 14) are then deleted; the
# newest one is always kept.
#
# Encryption at rest (optional; the plain files are never written to OUT_DIR then):
#   BACKUP_AGE_RECIPIENTS  age public key(s), comma separated  -> *.age   (needs `age`)
#   BACKUP_PASSPHRASE or BACKUP_PASSPHRASE_FILE               -> *.gpg   (gpg --symmetric, AES256)
# Keep the key / passphrase somewhere else than the backups: scripts/restore.sh needs it.
#
# PostgreSQL connection: the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD).
# Other variables: BACKUP_DIR (default OUT_DIR), BACKUP_KEEP_DAYS (default 14), ODOO_DATA_DIR (-D).
# Exit status: 0 backup written, 1 failure (nothing half-written is left in OUT_DIR).
set -euo pipefail
umask 077

die() {
    printf 'backup: ERROR: %s\n' "$*" >&2
    exit 1
}
log() { printf 'backup: %s\n' "$*"; }

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
    exit "${1:-0}"
}

DB="" DATA_DIR="${ODOO_DATA_DIR:-}" CONF="" OUT_DIR="${BACKUP_DIR:-}" KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}" DAILY=""
while (($#)); do
    case "$1" in
        -d | --database) DB="$2"; shift 2 ;;
        -D | --data-dir) DATA_DIR="$2"; shift 2 ;;
        -c | --config) CONF="$2"; shift 2 ;;
        -o | --output) OUT_DIR="$2"; shift 2 ;;
        --keep-days) KEEP_DAYS="$2"; shift 2 ;;
        --daily) DAILY="$2"; shift 2 ;;
        -h | --help) usage 0 ;;
        *) printf 'backup: unknown argument %s\n' "$1" >&2; usage 2 ;;
    esac
done

# conf_value FILE KEY: the value of "KEY = value" in an Odoo config file.
conf_value() {
    sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//p" "$1" | tail -n 1
}
if [[ -n "$CONF" ]]; then
    [[ -r "$CONF" ]] || die "cannot read the Odoo config $CONF"
    [[ -n "$DATA_DIR" ]] || DATA_DIR="$(conf_value "$CONF" data_dir)"
    # the database connection too, unless the environment says otherwise
    h="$(conf_value "$CONF" db_host)" && [[ -n "$h" && "$h" != False ]] && export PGHOST="${PGHOST:-$h}"
    p="$(conf_value "$CONF" db_port)" && [[ -n "$p" && "$p" != False ]] && export PGPORT="${PGPORT:-$p}"
    u="$(conf_value "$CONF" db_user)" && [[ -n "$u" && "$u" != False ]] && export PGUSER="${PGUSER:-$u}"
    w="$(conf_value "$CONF" db_password)" && [[ -n "$w" && "$w" != False ]] && export PGPASSWORD="${PGPASSWORD:-$w}"
fi
[[ -n "$DB" ]] || die "which database? (-d DB)"
[[ "$DB" =~ ^[A-Za-z0-9_.-]+$ ]] || die "odd database name: $DB"
[[ -n "$DATA_DIR" ]] || die "where is Odoo's data_dir? (-D DATA_DIR or -c odoo.conf)"
[[ -n "$OUT_DIR" ]] || die "where to write the backup? (-o OUT_DIR or BACKUP_DIR)"
[[ "$KEEP_DAYS" =~ ^[1-9][0-9]*$ ]] || die "--keep-days must be a number of days (1 or more)"
for tool in pg_dump psql tar sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done

PASSPHRASE_FILE="${BACKUP_PASSPHRASE_FILE:-}"
ENCRYPT=""
if [[ -n "${BACKUP_AGE_RECIPIENTS:-}" ]]; then
    command -v age >/dev/null 2>&1 || die "BACKUP_AGE_RECIPIENTS is set but age is not installed"
    ENCRYPT=age
elif [[ -n "${BACKUP_PASSPHRASE:-}" || -n "$PASSPHRASE_FILE" ]]; then
    command -v gpg >/dev/null 2>&1 || die "a backup passphrase is set but gpg is not installed"
    [[ -z "$PASSPHRASE_FILE" || -r "$PASSPHRASE_FILE" ]] || die "cannot read $PASSPHRASE_FILE"
    ENCRYPT=gpg
fi

# encrypt SRC DEST_WITHOUT_SUFFIX: read SRC (a file or /dev/stdin), write DEST.age|DEST.gpg
encrypt() {
    case "$ENCRYPT" in
        age)
            local -a rcpt=() keys=()
            local r
            IFS=, read -r -a keys <<<"$BACKUP_AGE_RECIPIENTS"
            for r in "${keys[@]}"; do rcpt+=(-r "$r"); done
            age "${rcpt[@]}" -o "$2.age" "$1"
            ;;
        gpg)
            # the passphrase goes through a pipe (fd 3), never the command line
            if [[ -n "$PASSPHRASE_FILE" ]]; then
                gpg --batch --yes --quiet --symmetric --cipher-algo AES256 --pinentry-mode loopback \
                    --passphrase-fd 3 -o "$2.gpg" "$1" 3<"$PASSPHRASE_FILE"
            else
                gpg --batch --yes --quiet --symmetric --cipher-algo AES256 --pinentry-mode loopback \
                    --passphrase-fd 3 -o "$2.gpg" "$1" 3< <(printf '%s' "$BACKUP_PASSPHRASE")
            fi
            ;;
    esac
}

backup_once() {
    local stamp name dest tmp filestore empty="" gpghome=""
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    name="${DB}_${stamp}"
    mkdir -p "$OUT_DIR"
    dest="$OUT_DIR/$name"
    tmp="$OUT_DIR/.$name.partial"
    [[ ! -e "$dest" ]] || die "$dest already exists"
    rm -rf "$tmp"
    mkdir "$tmp"
    # gpg wants a writable home for its keyring, even for --symmetric
    if [[ "$ENCRYPT" == gpg ]]; then
        gpghome="$(mktemp -d)"
        export GNUPGHOME="$gpghome"
    fi
    # shellcheck disable=SC2064  # expand now: remove these very directories on failure
    trap "rm -rf '$tmp' ${gpghome:+'$gpghome'}" EXIT

    psql -X -d "$DB" -tAc 'SELECT 1' >/dev/null || die "cannot connect to database $DB"
    filestore="$DATA_DIR/filestore/$DB"

    log "database $DB -> $dest${ENCRYPT:+ (encrypted: $ENCRYPT)}"
    if [[ -n "$ENCRYPT" ]]; then
        pg_dump -Fc -d "$DB" | encrypt /dev/stdin "$tmp/db.dump" || die "pg_dump failed"
    else
        pg_dump -Fc -d "$DB" -f "$tmp/db.dump" || die "pg_dump failed"
    fi

    local nfiles=0
    if [[ -d "$filestore" ]]; then
        nfiles="$(find "$filestore" -type f | wc -l)"
    else
        log "no filestore at $filestore (no attachment stored yet?): archiving an empty one"
        empty="$(mktemp -d)"
        filestore="$empty"
    fi
    if [[ -n "$ENCRYPT" ]]; then
        tar -C "$filestore" -czf - . | encrypt /dev/stdin "$tmp/filestore.tar.gz" ||
            die "tar of $filestore failed"
    else
        tar -C "$filestore" -czf "$tmp/filestore.tar.gz" . || die "tar of $filestore failed"
    fi

    {
        echo "# rehab-odoo backup: restore with scripts/restore.sh $name"
        echo "database = $DB"
        echo "created_utc = $stamp"
        echo "host = ${HOSTNAME:-$(uname -n)}"
        echo "pg_dump = $(pg_dump --version)"
        echo "server = $(psql -X -d "$DB" -tAc 'SHOW server_version')"
        echo "encryption = ${ENCRYPT:-none}"
        echo "filestore_files = $nfiles"
        echo "# modules (name version)"
        psql -X -d "$DB" -tA -F' ' -c \
            "SELECT name, latest_version FROM ir_module_module WHERE state = 'installed' ORDER BY name" |
            sed 's/^/module = /'
        echo "# rows at dump time (approximately: the dump is the reference)"
        psql -X -d "$DB" -tA -F' ' -c "SELECT relname, n_live_tup FROM pg_stat_user_tables
            WHERE relname IN ('rehab_stay', 'rehab_stay_adjustment', 'rehab_medical_access_log',
                              'rehab_resident', 'ir_attachment') ORDER BY relname" | sed 's/^/rows = /'
    } >"$tmp/manifest.txt"
    (cd "$tmp" && sha256sum -- db.dump* filestore.tar.gz* manifest.txt >SHA256SUMS)

    mv "$tmp" "$dest"
    trap - EXIT
    [[ -z "$gpghome" ]] || rm -rf "$gpghome"
    [[ -z "$empty" ]] || rmdir "$empty"
    log "done: $dest ($(du -sh "$dest" | cut -f1), $nfiles filestore files)"

    # retention: backups of this database whose timestamp is older than KEEP_DAYS days
    # (by the name, not the file dates, which copies change); never the one just written
    local cutoff old base
    cutoff="$(date -u -d "-$KEEP_DAYS days" +%Y%m%dT%H%M%SZ)"
    while IFS= read -r old; do
        base="${old##*/}"
        [[ "$old" == "$dest" || ! "${base#"${DB}_"}" < "$cutoff" ]] && continue
        log "retention ($KEEP_DAYS days): removing $old"
        rm -rf -- "$old"
    done < <(find "$OUT_DIR" -mindepth 1 -maxdepth 1 -type d \
        -regextype posix-extended -regex ".*/${DB//./\\.}_[0-9]{8}T[0-9]{6}Z" -print | sort)
}

if [[ -z "$DAILY" ]]; then
    backup_once
    exit 0
fi

[[ "$DAILY" =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || die "--daily wants HH:MM"
log "daily backups of $DB at $DAILY (TZ=${TZ:-system}), kept $KEEP_DAYS days, in $OUT_DIR"
while :; do
    now="$(date +%s)"
    next="$(date -d "today $DAILY" +%s)"
    ((next > now)) || next="$(date -d "tomorrow $DAILY" +%s)"
    sleep "$((next - now))"
    # a failed night is logged and retried the next night; the loop goes on. The status
    # file feeds the healthcheck of docker-compose.prod.yml.
    if (backup_once); then
        printf 'ok %s\n' "$(date -u +%Y%m%dT%H%M%SZ)" >"$OUT_DIR/.last-backup-$DB"
    else
        log "backup FAILED at $(date '+%F %T'), see above"
        printf 'failed %s\n' "$(date -u +%Y%m%dT%H%M%SZ)" >"$OUT_DIR/.last-backup-$DB"
    fi
done
