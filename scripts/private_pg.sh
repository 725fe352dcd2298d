# A private PostgreSQL inside the project (sourced through ensure_pg in
# scripts/common.sh): data in .pgdata, socket in .pgrun, no TCP listener.
# initdb refuses to run as root, so root runs the server as the postgres
# system user, which then owns .pgdata and .pgrun.
start_private_pg() {
  local bin data run port owner pidfile
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] \
    || die "No PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)."
  data="$ROOT/.pgdata"; run="$ROOT/.pgrun"; pidfile="$data/postmaster.pid"
  owner=$(id -un)
  as_owner() { "$@"; }
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    owner=postgres
    as_owner() { runuser -u postgres -- "$@"; }
  fi
  mkdir -p "$run" "$data"
  chown "$owner" "$run" "$data"
  chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "Initialising a private PostgreSQL in $data"
    (cd / && as_owner "$bin/initdb" -D "$data" -U "$owner" --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$run/initdb.log" 2>&1) || die "initdb failed: see $run/initdb.log"
  fi
  if (cd / && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1); then
    port=$(sed -n 4p "$pidfile")           # the running server's port
  else
    # The port only names the socket file (listen_addresses is empty), but
    # take one that nothing on the machine uses, and keep it across runs.
    port="${ESIGN_PG_PORT:-$(cat "$run/port" 2>/dev/null || true)}"
    if [ -z "$port" ]; then
      port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fi
    say "Starting the private PostgreSQL ($data, socket $run, port $port)"
    (cd / && as_owner "$bin/pg_ctl" -D "$data" -l "$run/postgres.log" -w -t 60 \
      -o "-p $port -k $run -c listen_addresses=''" start >/dev/null) \
      || die "The private PostgreSQL did not start: see $run/postgres.log"
  fi
  echo "$port" >"$run/port"
  # Odoo refuses to connect as "postgres": give it a role of its own.
  if ! as_owner psql -h "$run" -p "$port" -U "$owner" -d postgres -Atqc \
      "select 1 from pg_roles where rolname = 'esign'" | grep -q 1; then
    as_owner psql -h "$run" -p "$port" -U "$owner" -d postgres -qc \
      "create role esign login createdb" >/dev/null
  fi
  export PGHOST="$run" PGPORT="$port" PGUSER="esign"
  local stop="$bin/pg_ctl -D $data stop"
  [ "$(id -u)" != 0 ] || stop="runuser -u postgres -- $stop"
  say "Private PostgreSQL: PGHOST=$run PGPORT=$port PGUSER=esign (to stop it: $stop)"
}
