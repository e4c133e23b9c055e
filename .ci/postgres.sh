# Sourced by .ci/services.sh: starts the distribution's PostgreSQL cluster, makes a role and a
# database for the tests, and exports TRAINER_TEST_PG_URL (tests/adapters/test_postgres_*.py
# create one fresh database per test through it, so the role may create databases).
# PostgreSQL refuses to run as root: everything talks to it as the postgres user.

pg_version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters --no-header | awk -v v="$pg_version" '$1 == v && $2 == "main" {found = 1} END {exit !found}'; then
    pg_createcluster "$pg_version" main >/dev/null
fi
pg_ctlcluster "$pg_version" main status >/dev/null 2>&1 || pg_ctlcluster "$pg_version" main start
pg_port="$(pg_lsclusters --no-header | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}')"

su postgres -c "psql -p $pg_port -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trainer') THEN
        CREATE ROLE trainer LOGIN CREATEDB PASSWORD 'trainer';
    END IF;
END
$$;
SQL
if [ "$(su postgres -c "psql -p $pg_port -tAc \"SELECT 1 FROM pg_database WHERE datname = 'trainer_test'\"")" != "1" ]; then
    su postgres -c "createdb -p $pg_port -O trainer trainer_test"
fi

export TRAINER_TEST_PG_URL="postgresql+psycopg://trainer:trainer@localhost:${pg_port}/trainer_test"
echo "PostgreSQL $pg_version on port $pg_port: TRAINER_TEST_PG_URL=$TRAINER_TEST_PG_URL"
