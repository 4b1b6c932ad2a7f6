"""Done when (issue #13): every export opens in LibreOffice with the right number of rows and
columns. Each export is downloaded as CSV and as XLSX by a user who may make it, converted by
``soffice --headless`` to CSV and read back: the converted sheet has exactly the rows and
columns that were exported, and a cell that starts like a formula arrives as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from veilig.access.signals import system_context
from veilig.accounts.models import User
from veilig.cases.models import Action
from veilig.cases.vocabulary import Theme
from veilig.events.models import EventSource, ImportRun, ImportStatus
from veilig.geo.index import area_index_invalidate
from veilig.signals.models import Category, EarlySignal, EarlyWarningRule, Team, TeamMembership
from veilig.signals.services import signal_create
from veilig.testing.casework import case_for, ggz, synthetic_person
from veilig.testing.downloads import csv_lines, download, xlsx_values
from veilig.testing.libreoffice import convert_to_csv, soffice
from veilig.testing.personas import verified_client
from veilig.web.tests.areas import build_small_city

pytestmark = pytest.mark.django_db

FORMULA = "=cmd|' /C calc'!A0"
CENTRUM = (53.217, 6.562)


def _world(
    alice: User, bob: User, carol: User, dave: User
) -> dict[str, tuple[User, Callable[[str], str]]]:
    """Something in every export, formulas included; export -> (who exports it, its URL)."""
    assert bob.organisation is not None
    for n in range(3):
        case = case_for(bob, participants=[ggz()], subject=synthetic_person(first_name=FORMULA))
        Action.objects.create(
            case=case,
            description="Bellen",
            owner_organisation=bob.organisation,
            deadline=timezone.localdate() + dt.timedelta(days=n - 1),
        )
    case_for(bob, theme=Theme.NUISANCE)
    area_index_invalidate()
    city = build_small_city()
    team = Team.objects.create(name="Wijkteam Centrum", area=city["SD999901"])
    TeamMembership.objects.create(team=team, user=carol, function="wijkagent")
    for _ in range(4):
        signal_create(
            context=system_context(),
            category=Category.objects.get(code="overlast-jeugd"),
            occurred_at=timezone.now() - dt.timedelta(hours=2),
            description="Synthetische melding.",
            source="bewoner",
            location_method="kaart",
            lat=CENTRUM[0],
            lon=CENTRUM[1],
        )
    area_index_invalidate()
    rule = EarlyWarningRule.objects.filter(recipient="team").first()
    assert rule is not None
    for summary in ("+31 meldingen", "Drie meldingen op één adres"):
        EarlySignal.objects.create(
            rule=rule,
            team=team,
            stadsdeel_code=team.area.code,
            window_start=timezone.now() - dt.timedelta(days=7),
            window_end=timezone.now(),
            summary=summary,
        )
    source = EventSource.objects.create(code="bvh", name="Politie BVH", format="bvh")
    run = ImportRun.objects.create(
        source=source,
        file_name="export.xlsx",
        started_by=dave,
        status=ImportStatus.DONE,
        finished_at=timezone.now(),
        rows_total=5,
        created=3,
        rejected=2,
        message="@klaar",
        rejections=[
            {"row": 2, "external_id": FORMULA, "reasons": ["missing id"], "columns": ["id"]},
            {"row": 4, "external_id": "-4", "reasons": ["unparseable date"], "columns": [""]},
        ],
    )
    return {
        "cases": (alice, lambda fmt: reverse("cases:export", args=[fmt])),
        "signals": (carol, lambda fmt: reverse("signals:export", args=[fmt])),
        "team-signals": (carol, lambda fmt: reverse("signals:team_export", args=[team.pk, fmt])),
        "team-early": (
            carol,
            lambda fmt: reverse("signals:team_early_export", args=[team.pk, fmt]),
        ),
        "import-report": (dave, lambda fmt: reverse("events:import_report", args=[run.pk, fmt])),
    }


def _exported_grid(fmt: str, body: bytes) -> list[list[Any]]:
    """What we wrote: the lines of the CSV, or the rows of the XLSX (read by openpyxl)."""
    return csv_lines(body) if fmt == "csv" else xlsx_values(body)


def test_every_export_opens_in_libreoffice_with_its_rows_and_columns(
    alice: User, bob: User, carol: User, dave: User, tmp_path: Path
) -> None:
    soffice()  # skip (or, under CI, fail) before building anything
    exports = _world(alice, bob, carol, dave)
    grids: dict[str, list[list[Any]]] = {}
    files: dict[str, list[Path]] = {"csv": [], "xlsx": []}
    for name, (user, url) in exports.items():
        client = verified_client(user)
        for fmt in ("csv", "xlsx"):
            path = tmp_path / fmt / f"{name}.{fmt}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(download(client.get(url(fmt))))
            grids[path.name] = _exported_grid(fmt, path.read_bytes())
            files[fmt].append(path)

    timings = {}
    for fmt, paths in files.items():
        conversion = convert_to_csv(paths, outdir=tmp_path / f"out-{fmt}", csv_input=fmt == "csv")
        timings[fmt] = conversion.seconds
        for file_name, converted in conversion.rows.items():
            exported = grids[file_name]
            width = max(len(line) for line in exported)
            assert len(exported) > 2, file_name  # a header and rows, not an empty file
            assert len(converted) == len(exported), file_name
            assert {len(line) for line in converted} == {width}, file_name
            flat = [cell for line in converted for cell in line]
            # Nothing was run as a formula: no error values, and the payload is still text.
            assert not [cell for cell in flat if cell.startswith(("Err:", "#"))], file_name
            if file_name.startswith(("cases", "import-report")):
                assert any(FORMULA in cell for cell in flat), file_name
    print(  # -s shows it; docs/exports.md records it
        f"LibreOffice: {len(files['csv'])} CSV files in {timings['csv']:.1f} s, "
        f"{len(files['xlsx'])} XLSX files in {timings['xlsx']:.1f} s (fresh profile each run)"
    )
