"""Imported events meet signals: an imported postcode address gets the key of the registry
address that signals name, so early warning sees both at one address."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from veilig.events.models import Event
from veilig.events.services import event_source_create, import_run_create, import_run_execute
from veilig.events.tests.conftest import write_csv
from veilig.geo.rd import wgs84_point_to_rd
from veilig.registry import keys
from veilig.registry.models import Address
from veilig.signals.early_warning import early_warning_run
from veilig.signals.models import EarlySignal, EarlyWarningRule
from veilig.signals.tests.conftest import CENTRUM, make_signal
from veilig.signals.vocabulary import EarlyRuleKind


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path: Path) -> Path:
    folder = tmp_path / "var"
    folder.mkdir()
    settings.VAR_DIR = folder
    return folder


@pytest.mark.django_db
def test_an_imported_event_and_signals_at_one_address_trigger_early_warning(
    teams,
    carol,
    tmp_path: Path,
) -> None:
    EarlyWarningRule.objects.exclude(kind=EarlyRuleKind.REPEAT_SUBJECT).update(active=False)
    now = timezone.now()
    x, y = wgs84_point_to_rd(CENTRUM[1], CENTRUM[0])
    home = Address.objects.create(
        street="Grote Markt",
        house_number=140,
        postcode="9715PZ",
        city="Voorbeeldstad",
        rd_x=x,
        rd_y=y,
        lat=CENTRUM[0],
        lon=CENTRUM[1],
    )
    for days in (10, 8):
        make_signal(
            carol,
            code="overlast-personen",
            occurred_at=now - dt.timedelta(days=days),
            address=home,
        )
    source = event_source_create(
        code="boa",
        name="BOA",
        format="generic",
        mapping={
            "external_id": "id",
            "x": "x",
            "y": "y",
            "begin": "begin",
            "address": "adres",
            "theme": "overlast",
        },
    )
    begin = timezone.localtime(now - dt.timedelta(days=5)).strftime("%Y-%m-%d %H:%M")
    rows: list[list[Any]] = [
        ["id", "x", "y", "begin", "adres"],
        ["B1", round(x, 1), round(y, 1), begin, "9715 PZ 140"],
    ]
    run = import_run_create(source=source, file_name="boa.csv")
    import_run_execute(run=run, path=write_csv(tmp_path / "boa.csv", rows))

    event = Event.objects.get()
    assert event.address_key == keys.address_key(home)
    result = early_warning_run(now=now)
    assert result.created == 1
    early = EarlySignal.objects.get()
    assert early.event_ids == [event.pk] and len(early.signal_ids) == 2
    assert early.address == home
