"""The committed OpenAPI schema (openapi.yaml) must be exactly what the code generates."""

from __future__ import annotations

import difflib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"
REGENERATE = "make schema"


def _generate(target: Path) -> str:
    # The same options as `make schema`: validated, no warnings, English labels.
    call_command(
        "spectacular", "--file", str(target), "--validate", "--fail-on-warn", "--lang", "en"
    )
    return target.read_text(encoding="utf-8")


def test_committed_schema_is_up_to_date(tmp_path: Path) -> None:
    assert COMMITTED.exists(), f"openapi.yaml is missing: run `{REGENERATE}` and commit it."
    generated = _generate(tmp_path / "openapi.yaml")
    committed = COMMITTED.read_text(encoding="utf-8")
    if generated != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    generated.splitlines(keepends=True),
                    "openapi.yaml (committed)",
                    "openapi.yaml (generated)",
                )
            )[:80]
        )
        raise AssertionError(
            f"The API changed but openapi.yaml did not: run `{REGENERATE}` and commit the "
            f"result.\n{diff}"
        )


def test_schema_names_every_api_url_with_an_operation_id_and_tag(tmp_path: Path) -> None:
    import yaml

    schema = yaml.safe_load(_generate(tmp_path / "openapi.yaml"))
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) >= 16
    ids = [operation["operationId"] for _, _, operation in operations]
    assert len(ids) == len(set(ids)), "operation ids must be unique"
    for path, method, operation in operations:
        assert path.startswith("/api/v1/"), path
        assert operation.get("tags"), f"{method.upper()} {path} has no tag"
        assert "404" in operation["responses"], (method, path)
        # No personal data in URLs: the only query parameters are filters and paging (and the
        # dashboards' view: area codes and periods).
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                assert parameter["name"] in {
                    "theme",
                    "status",
                    "partner",
                    "stadsdeel",
                    "overdue",
                    "ordering",
                    "limit",
                    "offset",
                    # The dashboards' view: a level, an area code, a period, a source.
                    "level",
                    "area",
                    "period",
                    "at",
                    "start",
                    "end",
                    "source",
                    "trend",
                }, parameter["name"]
