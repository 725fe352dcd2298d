# A private PostgreSQL inside the project (sourced by scripts/start).
# Used when no server answers; initdb refuses root, so root runs it as the
# postgres system user.
start_private_pg() {
  local bin data run port owner
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ -x "$bin/initdb" ] || die "No PostgreSQL server binaries (apt-get install postgresql)."
  data="$ROOT/.pgdata"; run="$ROOT/.pgrun"; port="${ESIGN_PG_PORT:-55432}"
  owner=$(id -un)
  as_owner() { "$@"; }
  if [ "$(id -u)" = 0 ]; then
    owner=postgres
    as_owner() { runuser -u postgres -- "$@"; }
  fi
  mkdir -p "$run"; chown "$owner" "$run" 2>/dev/null || true
  if [ ! -f "$data/PG_VERSION" ]; then
    say "Initialising a private PostgreSQL in $data"
    mkdir -p "$data"; chown "$owner" "$data" 2>/dev/null || true
    as_owner "$bin/initdb" -D "$data" -U "$owner" --auth=trust >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" -l "$run/postgres.log" -w \
      -o "-p $port -k $run -c listen_addresses=''" start >/dev/null
  fi
  # Odoo refuses to connect as "postgres": give it a role of its own.
  if ! as_owner psql -h "$run" -p "$port" -U "$owner" -d postgres -Atqc \
      "select 1 from pg_roles where rolname = 'esign'" | grep -q 1; then
    as_owner psql -h "$run" -p "$port" -U "$owner" -d postgres -qc \
      "create role esign login createdb" >/dev/null
  fi
  export PGHOST="$run" PGPORT="$port" PGUSER="esign"
  say "Private PostgreSQL on socket $run, port $port"
}
