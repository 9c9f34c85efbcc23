#!/usr/bin/env bash
# `make test`: the whole suite on SQLite and, side by side with it on the second core, the database-facing part
# (unit and integration tests) again on PostgreSQL when VERKSTAD_TEST_DATABASE_URL is set. One after the other
# they took 9–10 minutes on the 2-core machine; the PostgreSQL pass waits on its database most of the time.
# Usage: tests/run_all.sh VENV_BIN [pytest arguments…]
set -u
bin=$1
shift
start=$SECONDS
if [ -n "${VERKSTAD_TEST_DATABASE_URL:-}" ]; then
  postgres_log=$(mktemp)
  postgres_tmp=$(mktemp -d)
  VERKSTAD_TEST_ON_POSTGRES=1 "$bin/pytest" tests/unit tests/integration -p no:cacheprovider \
    --basetemp="$postgres_tmp/tmp" "$@" >"$postgres_log" 2>&1 &
  postgres=$!
fi
"$bin/pytest" "$@"
sqlite_status=$?
postgres_status=0
if [ -n "${postgres:-}" ]; then
  wait "$postgres"
  postgres_status=$?
  echo "== the unit and integration tests again on PostgreSQL (${VERKSTAD_TEST_DATABASE_URL%%@*}@…), run alongside"
  cat "$postgres_log"
  rm -rf "$postgres_log" "$postgres_tmp"
else
  echo "== PostgreSQL pass not run: VERKSTAD_TEST_DATABASE_URL is not set"
fi
echo "== make test: $((SECONDS - start)) s (SQLite pass exit $sqlite_status, PostgreSQL pass exit $postgres_status)"
[ "$sqlite_status" = 0 ] && [ "$postgres_status" = 0 ]
