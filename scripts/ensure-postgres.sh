# Sourced by test.sh and .ci/run: makes a PostgreSQL 15 server available for the TestDatabases
# tests and exports BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING. Installs Debian's
# package and starts its cluster when none runs. Does nothing when the variable is already set.
mcp_ensure_postgres() {
  if [[ -n ${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-} ]]; then return 0; fi
  if [[ ! -x /usr/lib/postgresql/15/bin/postgres ]]; then
    if [[ $(id -u) -ne 0 ]]; then
      echo "postgres: PostgreSQL 15 is not installed and this user cannot apt-get install it;" >&2
      echo "postgres: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING to run the PostgreSQL tests" >&2
      return 1
    fi
    echo "postgres: installing Debian's postgresql-15" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
  fi
  if ! pg_lsclusters -h 2>/dev/null | awk '$1=="15" && $2=="main"' | grep -q .; then
    pg_createcluster 15 main >&2
  fi
  if ! pg_lsclusters -h | awk '$1=="15" && $2=="main" {print $4}' | grep -q online; then
    pg_ctlcluster 15 main start >&2
  fi
  local port
  port=$(pg_lsclusters -h | awk '$1=="15" && $2=="main" {print $3}')
  runuser -u postgres -- psql -q -p "$port" -c "ALTER USER postgres PASSWORD 'postgres'" >&2
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="postgresql://postgres:postgres@localhost:${port}"
  echo "postgres: PostgreSQL 15 ready on port ${port}" >&2
}
