#!/usr/bin/env bash
# Runs pytest on SQLite, then on PostgreSQL. Under CI=true both runs are mandatory.
# pytest's exit code 5 (no tests collected) is a failure here, like any other non-zero code.
set -euo pipefail
UV=${UV:-uv}
PYTEST_ARGS=${PYTEST_ARGS:--n 2}

echo "=== pytest on SQLite ==="
env -u DATABASE_URL "$UV" run pytest $PYTEST_ARGS

pg_url=${DATABASE_URL:-}
if [ -z "$pg_url" ]; then
  if "$UV" run python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then
    pg_url="postgres://postgres@127.0.0.1:5432/test"
  fi
fi
if [ -z "$pg_url" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true but no PostgreSQL answers on 127.0.0.1:5432 and DATABASE_URL is not set." >&2
    exit 1
  fi
  echo "=== PostgreSQL run skipped: no server on 127.0.0.1:5432 and no DATABASE_URL ==="
  exit 0
fi
echo "=== pytest on PostgreSQL (the tests that use a database; the rest ran above) ==="
DATABASE_URL="$pg_url" VEILIG_TESTS_DATABASE_ONLY=true "$UV" run pytest $PYTEST_ARGS
