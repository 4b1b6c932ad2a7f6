"""cases.0007: the table's one list of categories becomes each member's, and no row moves."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0006_case_visit")]
AFTER = [("cases", "0007_table_covenant")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_each_member_gets_the_tables_categories() -> None:
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    organisation_model = old.get_model("accounts", "Organisation")
    police = organisation_model.objects.create(
        code="m-politie", name="Politie", partner_type="politie"
    )
    care = organisation_model.objects.create(code="m-ggz", name="GGZ", partner_type="ggz")
    table_model = old.get_model("cases", "Table")
    limited = table_model.objects.create(
        code="m-ico", name="ICO", theme="ico", data_categories=["police", "care"]
    )
    limited.member_organisations.add(police, care)
    table_model.objects.create(
        code="m-rad", name="Radicalisering", theme="radicalisering", subject_informed=False
    )
    through = table_model.member_organisations.through
    row_ids = set(through.objects.values_list("pk", flat=True))
    try:
        new = _migrate(AFTER).loader.project_state(AFTER).apps
        member_model = new.get_model("cases", "TableMember")
        members = member_model.objects.filter(table__code="m-ico")
        assert set(members.values_list("pk", flat=True)) == row_ids  # no row moved
        assert {tuple(m.data_categories) for m in members} == {("care", "police")}
        assert {m.legal_basis for m in members} == {""}
        table = new.get_model("cases", "Table").objects.get(code="m-rad")
        assert table.subject_not_informed_reason  # an exception now carries a reason

        back = _migrate(BEFORE).loader.project_state(BEFORE).apps
        restored = back.get_model("cases", "Table").objects.get(code="m-ico")
        assert restored.data_categories == ["care", "police"]
    finally:
        _migrate(AFTER)  # transactional tests that follow seed what they need themselves
