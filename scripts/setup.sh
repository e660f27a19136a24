#!/usr/bin/env bash
# make setup: build .venv from requirements.txt and install the Debian packages
# Odoo needs for PDF reports (wkhtmltopdf) and browser tests (chromium).
# Idempotent: re-running only does what is missing or out of date.
#
# Environment: PYTHON (interpreter for the venv, default: first of python3.12,
# python3.11, python3.10, python3 that is 3.10-3.12), VENV, SKIP_APT=1 (never call apt-get).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

# ---------------------------------------------------------------- system packages
apt_install_or_explain() {
    # apt_install_or_explain PKG...: install with apt-get when we can, else print the command.
    (($# > 0)) || return 0
    local apt_cmd="apt-get update && apt-get install -y --no-install-recommends $*"
    if [[ "${SKIP_APT:-0}" == 1 ]]; then
        warn "SKIP_APT=1: not installing $*. Install them with:  sudo sh -c '$apt_cmd'"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        warn "missing system packages ($*) and no apt-get here: install the equivalents with your package manager."
        return 0
    fi
    local -a sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            warn "missing system packages: $*. I am not root and have no passwordless sudo; run:"
            printf '    sudo sh -c '\''%s'\''\n' "$apt_cmd" >&2
            return 0
        fi
    fi
    step "apt-get install $*"
    if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" \
        apt-get install -y -qq --no-install-recommends "$@"; }; then
        warn "apt-get failed. Run it yourself:  sudo sh -c '$apt_cmd'"
        return 0
    fi
}

pkgs=()
command -v wkhtmltopdf >/dev/null 2>&1 || pkgs+=(wkhtmltopdf)
find_chrome >/dev/null || pkgs+=(chromium)
# psql / pg_isready / dropdb are used by the scripts
command -v psql >/dev/null 2>&1 || pkgs+=(postgresql-client)
# psycopg2 is built from source: needs pg_config (libpq-dev) and a C compiler
command -v pg_config >/dev/null 2>&1 || pkgs+=(libpq-dev)
command -v gcc >/dev/null 2>&1 || pkgs+=(build-essential)
# make lint checks the shell scripts with it
command -v shellcheck >/dev/null 2>&1 || pkgs+=(shellcheck)
if ((${#pkgs[@]})); then
    apt_install_or_explain "${pkgs[@]}"
else
    ok "system packages present (wkhtmltopdf, chromium, postgresql-client, libpq-dev, gcc)"
fi

# ---------------------------------------------------------------- python
py_ok() { "$1" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))' 2>/dev/null; }

pick_python() {
    local c
    if [[ -n "${PYTHON:-}" ]]; then
        py_ok "$PYTHON" && echo "$PYTHON" && return 0
        return 1
    fi
    for c in python3.12 python3.11 python3.10 python3; do
        if command -v "$c" >/dev/null 2>&1 && py_ok "$c"; then
            echo "$c"
            return 0
        fi
    done
    return 1
}

if [[ ! -x "$VENV/bin/python" ]]; then
    py="$(pick_python)" || die "no Python 3.10-3.12 found${PYTHON:+ (PYTHON=$PYTHON is not one)}; Odoo 18 needs one." \
        "Install one, e.g.:  sudo apt-get install python3 python3-venv python3-dev  (Debian 12 ships 3.11)" \
        "or point PYTHON at it:  make setup PYTHON=/path/to/python3.11"
    step "creating $VENV with $py ($("$py" --version 2>&1))"
    "$py" -m venv "$VENV" || die "'$py -m venv' failed" "On Debian/Ubuntu:  sudo apt-get install python3-venv"
    rm -f "$REQ_STAMP"
fi
py_ok "$VENV/bin/python" ||
    die "$VENV uses $("$VENV/bin/python" --version 2>&1); Odoo 18 needs 3.10-3.12." "Remove it (rm -rf $VENV) and run make setup again."

if [[ -f "$REQ_STAMP" && "$(cat "$REQ_STAMP")" == "$(requirements_digest)" ]]; then
    ok "$VENV is up to date with requirements.txt"
else
    # --build-constraint needs pip >= 25.3 (a fresh venv may bundle an older pip).
    if ! "$VENV/bin/pip" install --help 2>/dev/null | grep -q -- '--build-constraint'; then
        step "upgrading pip in $VENV (need >= 25.3 for --build-constraint)"
        "$VENV/bin/python" -m pip install -q --upgrade 'pip>=25.3' ||
            die "could not upgrade pip in $VENV"
    fi
    step "pip install --build-constraint constraints-build.txt -r requirements.txt (may take minutes)"
    "$VENV/bin/pip" install --build-constraint constraints-build.txt -r requirements.txt ||
        die "pip install failed (see above)." \
            "Building psycopg2/python packages needs: libpq-dev, gcc, Python headers (python3-dev)." \
            "Pins live in requirements.txt; build-time pins (setuptools<81) in constraints-build.txt."
    requirements_digest >"$REQ_STAMP"
    ok "$VENV ready"
fi

if have_odoo_src; then
    ok "Odoo source: $ODOO_SRC"
else
    warn "$(odoo_src_hint | head -1)"
    odoo_src_hint | tail -n +2 | sed 's/^/    /' >&2
    info "(make lint works without it; make run / the Odoo part of make test need it)"
fi
