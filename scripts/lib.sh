# shellcheck shell=bash
# Shared helpers for the rehab-odoo scripts. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Environment (all optional):
#   ODOO_SRC     Odoo 18.0 source tree holding odoo-bin   (default /opt/odoo/18.0)
#   PGHOST       PostgreSQL host or socket directory      (default: local socket, else 127.0.0.1)
#   PGPORT       PostgreSQL port                          (default 5432)
#   PGUSER       PostgreSQL role Odoo connects as         (default: your OS user; never "postgres")
#   PGPASSWORD   its password                             (default: none, i.e. trust/peer auth)
#   RUN_DB       database served by `make run`            (default rehab)
#   TEST_DB      throw-away database of `make test`       (default rehab_test)
#   HTTP_PORT    port of `make run`                       (default 8069)
#   HTTP_INTERFACE  address `make run` listens on          (default 127.0.0.1)
#   VENV         virtualenv                               (default <repo>/.venv)

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo/18.0}"
VENV="${VENV:-$REPO_ROOT/.venv}"
LOCAL_DIR="$REPO_ROOT/.local"
LOG_DIR="$LOCAL_DIR/logs"
ODOO_CONF="$LOCAL_DIR/odoo.conf"
ADDONS_DIR="$REPO_ROOT/addons"
RUN_DB="${RUN_DB:-rehab}"
TEST_DB="${TEST_DB:-rehab_test}"
HTTP_PORT="${HTTP_PORT:-8069}"
# Our addons, in install order (used by the scripts sourcing this file).
# shellcheck disable=SC2034
MODULES="rehab_facility,rehab_vocational"
REQ_STAMP="$VENV/.rehab-requirements.sha256"

# ---------------------------------------------------------------- messages
if [[ -t 1 ]]; then
    _C_BOLD=$'\e[1m' _C_RED=$'\e[1;31m' _C_YEL=$'\e[1;33m' _C_GRN=$'\e[1;32m' _C_OFF=$'\e[0m'
else
    _C_BOLD='' _C_RED='' _C_YEL='' _C_GRN='' _C_OFF=''
fi
step() { printf '%s==> %s%s\n' "$_C_BOLD" "$*" "$_C_OFF"; }
info() { printf '    %s\n' "$*"; }
ok() { printf '%s    OK: %s%s\n' "$_C_GRN" "$*" "$_C_OFF"; }
warn() { printf '%sWARNING: %s%s\n' "$_C_YEL" "$*" "$_C_OFF" >&2; }
# One loud line that nobody can miss in a CI log.
loud() { printf '%s!!! %s !!!%s\n' "$_C_RED" "$*" "$_C_OFF" >&2; }
# die MESSAGE [HINT_LINE...]: print an error plus what to do, exit 1. Never a traceback.
die() {
    printf '%sERROR: %s%s\n' "$_C_RED" "$1" "$_C_OFF" >&2
    shift
    local line
    for line in "$@"; do printf '  %s\n' "$line" >&2; done
    exit 1
}

# ---------------------------------------------------------------- venv
require_venv() {
    if [[ ! -x "$VENV/bin/python" ]]; then
        die "no virtualenv at $VENV" "Create it with:  make setup"
    fi
    if [[ -f "$REQ_STAMP" && "$(requirements_digest)" != "$(cat "$REQ_STAMP")" ]]; then
        warn "requirements.txt or constraints-build.txt changed since $VENV was built: run 'make setup'"
    fi
}

requirements_digest() {
    cat "$REPO_ROOT/requirements.txt" "$REPO_ROOT/constraints-build.txt" | sha256sum | cut -d' ' -f1
}

# ---------------------------------------------------------------- Odoo source
have_odoo_src() { [[ -f "$ODOO_SRC/odoo-bin" ]]; }

odoo_src_hint() {
    printf '%s\n' \
        "No Odoo 18.0 source tree at ODOO_SRC=$ODOO_SRC (odoo-bin not found)." \
        "Either point ODOO_SRC at one:   export ODOO_SRC=/path/to/odoo-18.0   (or: make test ODOO_SRC=/path)" \
        "or get the source:              git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git /opt/odoo/18.0" \
        "or skip the source tree and use Docker:   docker compose up -d   (see README.md)"
}

require_odoo_src() {
    if ! have_odoo_src; then
        local hint
        mapfile -t hint < <(odoo_src_hint)
        die "${hint[0]}" "${hint[@]:1}"
    fi
}

# odoo_bin ARGS...: run Odoo from the source tree with the venv and the local config.
odoo_bin() {
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" "$@"
}

# ---------------------------------------------------------------- PostgreSQL
_is_local_host() {
    case "${1:-}" in
        '' | /* | localhost | 127.0.0.1 | ::1) return 0 ;;
        *) return 1 ;;
    esac
}

_socket_dir_for_port() {
    local d
    for d in /var/run/postgresql /run/postgresql /tmp; do
        if [[ -S "$d/.s.PGSQL.$1" ]]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

_pg_ready() {
    # _pg_ready HOST PORT  (empty HOST = libpq default socket)
    if [[ -n "$1" ]]; then
        pg_isready -q -h "$1" -p "$2" -t 3
    else
        pg_isready -q -p "$2" -t 3
    fi
}

_pg_not_installed_hint() {
    die "PostgreSQL is not reachable (PGHOST=${PGHOST:-<local socket>} PGPORT=${PGPORT:-5432}) and no local cluster is installed." \
        "Install a local server:   sudo apt-get install postgresql && sudo -u postgres createuser --createdb $(_default_db_user)" \
        "or point at a running one:   export PGHOST=... PGPORT=... PGUSER=... PGPASSWORD=..." \
        "or run everything in Docker:   docker compose up -d   (see README.md)"
}

_default_db_user() { echo "${PGUSER:-${USER:-$(id -un)}}"; }

# Start the local Debian cluster serving PORT if it is installed but down.
_start_local_cluster() {
    local port="$1" ver name cport status
    local -a down=()
    while read -r ver name cport status _; do
        [[ "$cport" == "$port" ]] || continue
        if [[ "$status" == online* ]]; then
            return 0 # online but not answering yet: let the caller wait
        fi
        down=("$ver" "$name")
        break
    done < <(pg_lsclusters --no-header 2>/dev/null)

    if ((${#down[@]} == 0)); then
        local all
        all="$(pg_lsclusters --no-header 2>/dev/null || true)"
        if [[ -z "$all" ]]; then
            die "the PostgreSQL server package is installed but has no cluster." \
                "Create and start one:   sudo pg_createcluster --start 15 main   (use your installed version)" \
                "or point PGHOST/PGPORT at a running server."
        fi
        die "no local PostgreSQL cluster listens on port $port. Installed clusters:" \
            "$all" "Set PGPORT to the port of one of them (start it with: sudo pg_ctlcluster --skip-systemctl-redirect <ver> <name> start)."
    fi

    local -a cmd=(pg_ctlcluster --skip-systemctl-redirect "${down[0]}" "${down[1]}" start)
    local what="PostgreSQL cluster ${down[0]}/${down[1]} (port $port) is installed but stopped"
    if [[ "$(id -u)" == 0 ]]; then
        step "$what: starting it"
        "${cmd[@]}" || die "could not start the cluster: ${cmd[*]} failed" \
            "See /var/log/postgresql/postgresql-${down[0]}-${down[1]}.log"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        step "$what: starting it with sudo"
        sudo -n "${cmd[@]}" || die "could not start the cluster: sudo ${cmd[*]} failed" \
            "See /var/log/postgresql/postgresql-${down[0]}-${down[1]}.log"
    else
        die "$what, and I cannot start it (not root, no passwordless sudo)." \
            "Start it yourself:   sudo ${cmd[*]}"
    fi
}

# ensure_postgres: make sure a server answers, then set DB_HOST/DB_PORT/DB_USER/DB_PASSWORD
# and export PG* so psql/createdb/dropdb talk to the same server as Odoo.
ensure_postgres() {
    local port="${PGPORT:-5432}" host="${PGHOST:-}"

    if ! command -v pg_isready >/dev/null 2>&1; then
        if command -v pg_lsclusters >/dev/null 2>&1; then
            die "pg_isready not found although a PostgreSQL server seems installed." \
                "Install the client tools:   sudo apt-get install postgresql-client"
        fi
        die "PostgreSQL client tools (pg_isready, psql) are not installed." \
            "Install PostgreSQL:   sudo apt-get install postgresql postgresql-client" \
            "  (or only postgresql-client and set PGHOST/PGPORT/PGUSER/PGPASSWORD to a running server)" \
            "or run everything in Docker:   docker compose up -d"
    fi

    if ! _pg_ready "$host" "$port" && ! { [[ -z "$host" ]] && _pg_ready 127.0.0.1 "$port"; }; then
        if ! _is_local_host "$host"; then
            die "PostgreSQL at $host:$port does not answer (pg_isready)." \
                "Check the server, or unset PGHOST to use a local one."
        fi
        if ! command -v pg_lsclusters >/dev/null 2>&1; then
            _pg_not_installed_hint
        fi
        _start_local_cluster "$port"
        local i
        for ((i = 0; i < 30; i++)); do
            if _pg_ready "$host" "$port" || { [[ -z "$host" ]] && _pg_ready 127.0.0.1 "$port"; }; then
                break
            fi
            sleep 1
        done
        if ((i == 30)); then
            die "PostgreSQL on port $port still does not answer 30 s after starting it." \
                "Look at /var/log/postgresql/ and 'pg_lsclusters'."
        fi
    fi

    DB_PORT="$port"
    if [[ -n "$host" ]]; then
        DB_HOST="$host"
    elif DB_HOST="$(_socket_dir_for_port "$port")"; then
        : # Unix socket directory
    else
        DB_HOST=127.0.0.1
    fi
    DB_USER="$(_default_db_user)"
    DB_PASSWORD="${PGPASSWORD:-}"
    if [[ "$DB_USER" == postgres ]]; then
        die "Odoo refuses to connect as the PostgreSQL superuser 'postgres' (PGUSER/USER=postgres)." \
            "Use a dedicated role, e.g.:   sudo -u postgres createuser --createdb $(id -un); then unset PGUSER" \
            "or:   sudo -u postgres createuser --createdb --pwprompt odoo; export PGUSER=odoo PGPASSWORD=..."
    fi

    export PGHOST="$DB_HOST" PGPORT="$DB_PORT" PGUSER="$DB_USER"
    if [[ -n "$DB_PASSWORD" ]]; then export PGPASSWORD="$DB_PASSWORD"; fi

    # The role must exist and be allowed to create databases (Odoo creates them).
    local can_create err
    if ! can_create="$(psql -X -d postgres -tAc \
        "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user" 2>&1)"; then
        err="$can_create"
        die "cannot connect to PostgreSQL at $DB_HOST:$DB_PORT as role '$DB_USER': $err" \
            "If the role is missing:   sudo -u postgres createuser --createdb $DB_USER" \
            "If it needs a password:   export PGPASSWORD=..." \
            "Or use another role:      export PGUSER=<role> (not postgres)"
    fi
    if [[ "$can_create" != t ]]; then
        die "PostgreSQL role '$DB_USER' may not create databases; Odoo needs that." \
            "Grant it:   sudo -u postgres psql -c 'ALTER ROLE \"$DB_USER\" CREATEDB'"
    fi
    ok "PostgreSQL $DB_HOST:$DB_PORT, role $DB_USER"
}

db_exists() {
    [[ "$(psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]
}

# drop_database NAME: drop one database and its filestore. Refuses system databases.
drop_database() {
    local name="$1"
    case "$name" in
        '' | postgres | template0 | template1)
            die "refusing to drop database '$name'"
            ;;
    esac
    if db_exists "$name"; then
        info "dropping database $name"
        dropdb --if-exists --force "$name"
    fi
    rm -rf "${LOCAL_DIR:?}/data/filestore/$name"
}

# ---------------------------------------------------------------- Odoo config
# write_odoo_conf: (re)generate .local/odoo.conf from the environment. Needs ensure_postgres.
write_odoo_conf() {
    mkdir -p "$LOCAL_DIR/data" "$LOG_DIR"
    # .local is ignored by git anyway; keep it ignored even in a fresh clone without .gitignore
    [[ -f "$LOCAL_DIR/.gitignore" ]] || echo '*' >"$LOCAL_DIR/.gitignore"
    # master password: random, generated once, never "admin" (Odoo's default when unset)
    local master_file="$LOCAL_DIR/admin_passwd"
    if [[ ! -s "$master_file" ]]; then
        (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '+/=\n' >"$master_file")
    fi
    cat >"$ODOO_CONF" <<EOF
; Generated by scripts/lib.sh on every make run / make test: do not edit,
; change the environment instead (ODOO_SRC, PGHOST, PGPORT, PGUSER, PGPASSWORD, HTTP_PORT).
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ADDONS_DIR
data_dir = $LOCAL_DIR/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = ${DB_PASSWORD:-False}
http_port = $HTTP_PORT
unaccent = True
without_demo = False
; safe by default, as config/odoo.conf: the database manager is off (list_db = False;
; make run and pytest-odoo name their database), the master password is random
; (.local/admin_passwd), no report to odoo.com, served on loopback unless HTTP_INTERFACE
list_db = False
admin_passwd = $(cat "$master_file")
publisher_warranty_url = http://127.0.0.1:9/
http_interface = ${HTTP_INTERFACE:-127.0.0.1}
EOF
    chmod 600 "$ODOO_CONF"
    ok "wrote $ODOO_CONF"
}

# Chromium/Chrome as Odoo 18 looks for it (odoo/tests/common.py: _find_executable).
find_chrome() {
    local b
    for b in google-chrome chromium chromium-browser google-chrome-stable; do
        if command -v "$b" >/dev/null 2>&1; then
            command -v "$b"
            return 0
        fi
    done
    return 1
}
