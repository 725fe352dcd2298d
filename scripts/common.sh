# Shared by scripts/setup, scripts/start and scripts/test (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_PATH="${ODOO_PATH:-/opt/odoo}"
VENV="${ESIGN_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
ADDONS_PATH="$ODOO_PATH/odoo/addons,$ROOT/addons"
ADDONS="esign_base,esign_crm,esign_archive,esign_forms"

die() { printf '\n*** %s\n\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

require_odoo() {
  [ -f "$ODOO_PATH/odoo-bin" ] && [ -d "$ODOO_PATH/odoo/addons/base" ] || die \
    "Odoo 18.0 Community source not found at ODOO_PATH=$ODOO_PATH (needs odoo-bin and odoo/). Put it there or set ODOO_PATH."
  grep -q "version_info = (18, 0" "$ODOO_PATH/odoo/release.py" || die "ODOO_PATH=$ODOO_PATH is not Odoo 18.0."
}

odoo_bin() { "$PY" "$ODOO_PATH/odoo-bin" -c "$ROOT/odoo.conf" --addons-path="$ADDONS_PATH" "$@"; }

pg_reachable() { psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; }
