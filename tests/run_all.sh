#!/usr/bin/env bash
# `make test`: every test, in three pytest runs side by side (the machine has 2 cores, and the suite waits on
# servers, browsers and databases far more than it computes: one after the other took 12 minutes):
#   - the browser tests (tests/browser) on SQLite;
#   - the rest on SQLite: unit, integration, reliability, bad input, and the two-process tests when
#     VERKSTAD_TEST_REDIS_URL and VERKSTAD_TEST_DATABASE_URL are set;
#   - the database-facing part (unit and integration) again on PostgreSQL when VERKSTAD_TEST_DATABASE_URL is set.
# Each run's output is printed whole once it has finished. Usage: tests/run_all.sh VENV_BIN [pytest arguments…]
set -u
bin=$1
shift
start=$SECONDS
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

run() {  # run NAME [environment…] -- pytest arguments…: in the background, its output in $scratch/NAME.log
  local name=$1
  shift
  local env=()
  while [ "$1" != "--" ]; do env+=("$1"); shift; done
  shift
  env "${env[@]}" "$bin/pytest" -p no:cacheprovider --basetemp="$scratch/$name" "$@" >"$scratch/$name.log" 2>&1 &
  echo $! >"$scratch/$name.pid"
}

run browser -- tests/browser "$@"
run rest -- tests/unit tests/integration tests/reliability tests/bad_input tests/cluster "$@"
names=(browser rest)
if [ -n "${VERKSTAD_TEST_DATABASE_URL:-}" ]; then
  run postgres VERKSTAD_TEST_ON_POSTGRES=1 -- tests/unit tests/integration "$@"
  names+=(postgres)
fi

status=0
summary=()
for name in "${names[@]}"; do
  wait "$(cat "$scratch/$name.pid")"
  code=$?
  [ "$code" = 0 ] || status=1
  case $name in
    browser) echo "== browser tests (SQLite)" ;;
    rest) echo "== unit, integration, reliability, bad-input and two-process tests (SQLite)" ;;
    postgres) echo "== unit and integration tests again on PostgreSQL (${VERKSTAD_TEST_DATABASE_URL%%@*}@…)" ;;
  esac
  cat "$scratch/$name.log"
  summary+=("$name exit $code")
done
[ -n "${VERKSTAD_TEST_DATABASE_URL:-}" ] || echo "== PostgreSQL pass not run: VERKSTAD_TEST_DATABASE_URL is not set"
echo "== make test: $((SECONDS - start)) s (${summary[*]})"
exit $status
