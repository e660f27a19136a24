#!/bin/bash
# Entrypoint wrapper for the official image odoo:18 (docker-compose*.yml). POSIX sh code.
#
# Writes the effective configuration into the data volume, then execs the image's own
# /entrypoint.sh with the same arguments:
#   1. ODOO_RC_TEMPLATE (default /etc/odoo/odoo.conf, from ./config, read-only, no secrets)
#      is copied to /var/lib/odoo/odoo.conf (mode 600) without any admin_passwd line;
#   2. admin_passwd, the master password, is added from, in order:
#        ODOO_ADMIN_PASSWD                           (environment, e.g. from .env)
#        ODOO_ADMIN_PASSWD_FILE, default /run/secrets/odoo_admin_passwd  (Docker secret)
#        /var/lib/odoo/.admin_passwd                 (generated at random on first start)
#      so it is never unset (Odoo's default is "admin");
#   3. ODOO_DB, when set, becomes db_name and dbfilter = ^ODOO_DB$;
#   4. ODOO_RC points at the result, and /entrypoint.sh waits for PostgreSQL and runs odoo.
#
# One extra command, for production: "rehab-init" creates ODOO_DB (default rehab) without
# demo data, installs rehab_facility and rehab_vocational, and sets the password of the
# "admin" user from ODOO_ADMIN_LOGIN_PASSWORD, or else to a random one written once to
# /var/lib/odoo/.admin_login_passwd (printed). Running it again does no harm.
set -eu

DATA="${ODOO_DATA_DIR:-/var/lib/odoo}"
TEMPLATE="${ODOO_RC_TEMPLATE:-/etc/odoo/odoo.conf}"
OUT="${ODOO_RC_OUT:-$DATA/odoo.conf}"
SECRET_FILE="${ODOO_ADMIN_PASSWD_FILE:-/run/secrets/odoo_admin_passwd}"
GENERATED="$DATA/.admin_passwd"

say() { printf 'rehab-entrypoint: %s\n' "$*" >&2; }

random_secret() {
    # 32 characters of [A-Za-z0-9] from the kernel's CSPRNG
    LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32
}

[ -r "$TEMPLATE" ] || {
    say "cannot read $TEMPLATE"
    exit 1
}
umask 077

if [ -n "${ODOO_ADMIN_PASSWD:-}" ]; then
    master="$ODOO_ADMIN_PASSWD"
    origin="the ODOO_ADMIN_PASSWD environment variable"
elif [ -r "$SECRET_FILE" ]; then
    master="$(tr -d '\r\n' <"$SECRET_FILE")"
    origin="$SECRET_FILE"
else
    if [ ! -s "$GENERATED" ]; then
        # two services may start at once (odoo, odoo-cron): the first link wins
        random_secret >"$GENERATED.$$"
        if ln "$GENERATED.$$" "$GENERATED" 2>/dev/null; then
            say "generated a random master password into $GENERATED (data volume, mode 600)"
            say "read it with:  docker compose exec odoo cat $GENERATED"
        fi
        rm -f "$GENERATED.$$"
    fi
    master="$(cat "$GENERATED")"
    origin="$GENERATED"
fi
case "$master" in
    '' | admin)
        say "refusing an empty master password or \"admin\" (from $origin)"
        exit 1
        ;;
esac

tmp="$OUT.tmp.$$"
{
    grep -v -E '^[[:space:]]*(admin_passwd|db_name|dbfilter)[[:space:]]*=' "$TEMPLATE" ||
        true
    if [ -z "${ODOO_DB:-}" ]; then
        grep -E '^[[:space:]]*(db_name|dbfilter)[[:space:]]*=' "$TEMPLATE" || true
    fi
    printf '\n; added by config/docker-entrypoint.sh, do not edit: the template is %s\n' \
        "$TEMPLATE"
    printf 'admin_passwd = %s\n' "$master"
    if [ -n "${ODOO_DB:-}" ]; then
        printf 'db_name = %s\ndbfilter = ^%s$\n' "$ODOO_DB" "$ODOO_DB"
    fi
} >"$tmp"
mv "$tmp" "$OUT"
ODOO_RC="$OUT"
export ODOO_RC
say "configuration $OUT (from $TEMPLATE; master password from $origin)"

if [ "${1:-}" = rehab-init ]; then
    shift
    db="${ODOO_DB:-rehab}"
    say "installing rehab_facility, rehab_vocational into $db (no demo data)"
    /entrypoint.sh odoo -d "$db" -i rehab_facility,rehab_vocational --without-demo=all \
        --stop-after-init --no-http "$@"
    login_file="$DATA/.admin_login_passwd"
    if [ -n "${ODOO_ADMIN_LOGIN_PASSWORD:-}" ]; then
        REHAB_ADMIN_LOGIN_PASSWORD="$ODOO_ADMIN_LOGIN_PASSWORD"
    elif [ ! -s "$login_file" ]; then
        random_secret >"$login_file"
        REHAB_ADMIN_LOGIN_PASSWORD="$(cat "$login_file")"
        say "the password of the user \"admin\" is in $login_file (change it at first login)"
    else
        say "user \"admin\" keeps its password (see $login_file)"
        exit 0
    fi
    export REHAB_ADMIN_LOGIN_PASSWORD
    printf '%s\n' \
        'import os' \
        'env.ref("base.user_admin").password = os.environ["REHAB_ADMIN_LOGIN_PASSWORD"]' \
        'env.cr.commit()' |
        /entrypoint.sh odoo shell -d "$db" --no-http --log-level=warn >/dev/null
    say "done: user \"admin\" of $db has its new password"
    exit 0
fi

exec /entrypoint.sh "$@"
