# Shared by scripts/setup, scripts/start and scripts/test (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_PATH="${ODOO_PATH:-/opt/odoo}"
VENV="${ESIGN_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
ADDONS_PATH="$ODOO_PATH/odoo/addons,$ROOT/addons"
ADDONS="esign_base,esign_crm,esign_archive,esign_forms"
# A server that does not answer must not hang the scripts.
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"

die() { printf '\n*** %s\n\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

require_odoo() {
  if [ ! -f "$ODOO_PATH/odoo-bin" ] || [ ! -d "$ODOO_PATH/odoo/addons/base" ]; then
    die "Odoo 18.0 Community source not found at ODOO_PATH=$ODOO_PATH
    (expected $ODOO_PATH/odoo-bin and $ODOO_PATH/odoo/addons/base).
    Our scripts do not install Odoo: put its source there (e.g. a clone of
    https://github.com/odoo/odoo at branch 18.0) or set ODOO_PATH."
  fi
  grep -q "version_info = (18, 0" "$ODOO_PATH/odoo/release.py" \
    || die "ODOO_PATH=$ODOO_PATH is not Odoo 18.0 (see $ODOO_PATH/odoo/release.py)."
}

odoo_bin() { "$PY" "$ODOO_PATH/odoo-bin" -c "$ROOT/odoo.conf" --addons-path="$ADDONS_PATH" "$@"; }

pg_reachable() { psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

# Use the PostgreSQL server libpq finds (socket, or PGHOST/PGPORT); when none
# answers, or ESIGN_FORCE_PRIVATE_PG=1, start the project's private one and
# point PGHOST/PGPORT/PGUSER at it for everything that follows.
ensure_pg() {
  if [ "${ESIGN_FORCE_PRIVATE_PG:-0}" != 0 ] || ! pg_reachable; then
    [ "${ESIGN_FORCE_PRIVATE_PG:-0}" != 0 ] || say "No PostgreSQL answers (psql -d postgres${PGHOST:+ -h $PGHOST}${PGPORT:+ -p $PGPORT})"
    # shellcheck source=scripts/private_pg.sh
    source "$ROOT/scripts/private_pg.sh"
    start_private_pg
  fi
  pg_reachable || die "PostgreSQL still does not answer (psql -d postgres)."
}
