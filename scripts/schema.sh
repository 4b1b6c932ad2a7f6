#!/usr/bin/env bash
# Regenerate the committed OpenAPI schema (openapi.yaml) from the code, validated and without
# warnings, with English labels. veilig/tests/test_openapi_schema.py fails when it is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
VEILIG_DEMO=true uv run python manage.py spectacular \
    --file openapi.yaml --validate --fail-on-warn --lang en
echo "openapi.yaml regenerated"
