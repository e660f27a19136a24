#!/usr/bin/env bash
# make lint: the OCA-style static checks. Runs every tool, then fails if any failed.
#   ruff check + ruff format --check   (ruff.toml)            over addons/ tests/ scripts/
#   pylint-odoo, mandatory checks only (.pylintrc-mandatory)  over each addon
#   oca-checks-odoo-module                                    over each addon
#   oca-checks-po (without po-pretty-format, as OCA)          over addons/*/i18n/*.po[t]
#   the shellcheck linter, when installed                     over scripts/*.sh config/*.sh
# Fix formatting and import order with:
#   .venv/bin/ruff format addons tests && .venv/bin/ruff check --fix addons tests
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
require_venv

failed=()
run_check() {
    # run_check NAME CMD...: run one linter, remember it if it fails.
    local name="$1"
    shift
    step "lint: $name"
    if "$@"; then
        ok "$name"
    else
        failed+=("$name")
        printf '%s    FAILED: %s%s\n' "$_C_RED" "$name" "$_C_OFF"
    fi
}

py_paths=()
for d in addons tests scripts; do [[ -d "$d" ]] && py_paths+=("$d"); done

addons=()
for m in "$ADDONS_DIR"/*/__manifest__.py; do
    [[ -f "$m" ]] && addons+=("addons/$(basename "$(dirname "$m")")")
done

po_files=()
if ((${#addons[@]})); then
    while IFS= read -r -d '' f; do po_files+=("$f"); done < <(
        find "${addons[@]}" -path '*/i18n*/*' \( -name '*.po' -o -name '*.pot' \) -print0 | sort -z
    )
fi

run_check "ruff check" "$VENV/bin/ruff" check "${py_paths[@]}"
run_check "ruff format --check" "$VENV/bin/ruff" format --check "${py_paths[@]}"

if ((${#addons[@]})); then
    run_check "pylint-odoo (mandatory checks)" \
        "$VENV/bin/pylint" --rcfile=.pylintrc-mandatory --valid-odoo-versions=18.0 "${addons[@]}"
    run_check "oca-checks-odoo-module" "$VENV/bin/oca-checks-odoo-module" "${addons[@]}"
else
    warn "no addon (addons/*/__manifest__.py) found: pylint-odoo and oca-checks-odoo-module skipped"
fi

if ((${#po_files[@]})); then
    run_check "oca-checks-po" "$VENV/bin/oca-checks-po" --disable=po-pretty-format "${po_files[@]}"
else
    info "oca-checks-po: no .po/.pot files under addons/*/i18n, nothing to check"
fi

# shell scripts: shellcheck when installed (Debian package shellcheck)
sh_files=()
while IFS= read -r -d '' f; do sh_files+=("$f"); done < <(
    find scripts config -maxdepth 1 -name '*.sh' -print0 2>/dev/null | sort -z
)
if ! command -v shellcheck >/dev/null 2>&1; then
    info "shellcheck: not installed, shell scripts not checked (apt-get install shellcheck)"
elif ((${#sh_files[@]})); then
    run_check "shellcheck" shellcheck -x "${sh_files[@]}"
fi

if ((${#failed[@]})); then
    msg="$(printf '%s, ' "${failed[@]}")"
    printf '%sLINT FAILED: %s%s\n' "$_C_RED" "${msg%, }" "$_C_OFF" >&2
    exit 1
fi
ok "lint passed"
