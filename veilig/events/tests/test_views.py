"""The analyst's import screens: upload → mapping → background import → progress → result,
and 404 for every other role."""

from __future__ import annotations

import csv
import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from veilig.events import selectors, services
from veilig.events.models import Event, EventSource, ImportPhase, ImportRun, ImportStatus
from veilig.testing.downloads import download
from veilig.testing.personas import verified_client
from veilig.testing.worker import worker_run

from .conftest import GENERIC_HEADER, generic_row

pytestmark = [pytest.mark.urls("veilig.events.tests.urls")]


def _csv_bytes(rows) -> bytes:
    buffer = StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


@pytest.fixture
def run_inline():
    """Imports started in the screens are run by an explicit pass of the worker (the web
    process only enqueues them): ``run_inline()`` after the request that starts one."""
    return worker_run


@pytest.mark.django_db
def test_analyst_uploads_maps_columns_and_sees_the_result(dave, areas, run_inline) -> None:
    client = verified_client(dave)
    assert client.get(reverse("events:import_list")).status_code == 200
    upload = SimpleUploadedFile(
        "meldingen.csv",
        _csv_bytes(
            [GENERIC_HEADER, generic_row("A1"), generic_row("A2"), generic_row("A3", begin="nooit")]
        ),
    )
    response = client.post(
        reverse("events:import_new"),
        {
            "file": upload,
            "source": "__new__",
            "new_code": "boa",
            "new_name": "BOA-registratie",
            "new_format": "generic",
        },
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:import_mapping", args=[run.pk])
    assert run.status == ImportStatus.QUEUED and run.started_by == dave
    assert run.stored_path.startswith(str(services.imports_dir()))

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    for header in GENERIC_HEADER:
        assert f'<option value="{header}"' in html
    # A mapping that lacks the id column is refused with a reason, and nothing starts.
    bad = client.post(response["Location"], {"crs": "rd", "x": "x", "y": "y", "begin": "begin"})
    assert bad.status_code == 200
    assert ImportRun.objects.get().status == ImportStatus.QUEUED

    done = client.post(
        response["Location"],
        {
            "crs": "rd",
            "external_id": "id",
            "x": "x",
            "y": "y",
            "begin": "begin",
            "end": "end",
            "theme_column": "soort",
            "person": "persoon",
            "attributes": ["team"],
        },
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("events:import_detail", args=[run.pk])
    assert ImportRun.objects.get().status == ImportStatus.QUEUED  # only enqueued
    run_inline()
    assert EventSource.objects.get(code="boa").mapping["external_id"] == "id"
    run.refresh_from_db()
    assert (run.status, run.created, run.rejected) == (ImportStatus.DONE, 2, 1)
    assert Event.objects.count() == 2

    result = client.get(done["Location"]).content.decode()
    assert 'id="count-created">2<' in result
    assert "A3" in result and 'hx-trigger="every 1s"' not in result
    report = client.get(reverse("events:import_report", args=[run.pk, "csv"]))
    assert report.status_code == 200
    assert report["Content-Disposition"].startswith(
        f'attachment; filename="importrapport-{run.pk}-'
    )
    assert b"A3" in download(report)
    assert str(run.pk) in client.get(reverse("events:import_list")).content.decode()


@pytest.mark.django_db
def test_progress_is_polled_while_the_import_runs(dave) -> None:
    """The progress block reads the counts the job wrote to the run's row."""
    source = services.event_source_create(code="bvh", name="Politie", format="bvh")
    run = services.import_run_create(source=source, file_name="x.xlsx")
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING,
        phase=ImportPhase.READING,
        rows_done=2_500,
        rows_total=10_000,
        rejected=7,
        progress_at=timezone.now(),
    )
    client = verified_client(dave)
    body = client.get(reverse("events:import_progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert 'value="25"' in body
    assert 'data-phase="reading"' in body and "7 rejected so far" in body


@pytest.mark.django_db
@pytest.mark.parametrize("live", [True, False])
def test_a_running_import_without_heartbeat_is_marked_failed(dave, monkeypatch, live) -> None:
    """With live progress (PostgreSQL) a run is stalled after STALL_SECONDS without a heartbeat;
    without it (SQLite) only once its job would have stopped at its time budget as well."""
    monkeypatch.setattr(selectors, "live_progress_supported", lambda: live)
    source = services.event_source_create(code="bvh", name="Politie", format="bvh")
    run = services.import_run_create(source=source, file_name="x.xlsx")
    quiet = selectors.STALL_SECONDS + 60 if live else selectors.stall_seconds() - 60
    beat = timezone.now() - dt.timedelta(seconds=quiet)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, progress_at=beat)
    client = verified_client(dave)
    client.get(reverse("events:import_detail", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == (ImportStatus.FAILED if live else ImportStatus.RUNNING)
    if not live:
        later = beat - dt.timedelta(seconds=120)
        ImportRun.objects.filter(pk=run.pk).update(progress_at=later)
        client.get(reverse("events:import_detail", args=[run.pk]))
        run.refresh_from_db()
        assert run.status == ImportStatus.FAILED
    assert run.phase == ImportPhase.ENDED


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_an_import_started_in_the_screens(dave, areas) -> None:
    client = verified_client(dave)
    services.event_source_create(
        code="boa",
        name="BOA",
        format="generic",
        mapping={
            "external_id": "id",
            "crs": "rd",
            "x": "x",
            "y": "y",
            "begin": "begin",
            "theme": "overlast",
        },
    )
    source = EventSource.objects.get(code="boa")
    upload = SimpleUploadedFile("m.csv", _csv_bytes([GENERIC_HEADER, generic_row("A1")]))
    response = client.post(reverse("events:import_new"), {"file": upload, "source": source.pk})
    run = ImportRun.objects.get()
    # A generic source with a saved mapping still goes through the mapping screen.
    assert response["Location"] == reverse("events:import_mapping", args=[run.pk])
    client.post(
        response["Location"],
        {
            "crs": "rd",
            "external_id": "id",
            "x": "x",
            "y": "y",
            "begin": "begin",
            "theme": "overlast",
        },
    )
    run.refresh_from_db()
    assert run.status == ImportStatus.QUEUED  # the request only enqueued it
    worker_run()
    run.refresh_from_db()
    assert (run.status, run.created) == (ImportStatus.DONE, 1)
    assert Event.objects.get().theme == "overlast"


@pytest.mark.django_db
def test_bvh_upload_starts_at_once(dave, run_inline, tmp_path) -> None:
    from .conftest import write_xlsx

    path = write_xlsx(tmp_path / "bvh.xlsx", [["iets"], ["1"]])
    client = verified_client(dave)
    source = services.event_source_create(code="bvh", name="Politie", format="bvh")
    with path.open("rb") as handle:
        response = client.post(reverse("events:import_new"), {"file": handle, "source": source.pk})
    run_inline()
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("events:import_detail", args=[run.pk])
    assert run.status == ImportStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-failed"' in page and "BVH" in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "erin", "frank", "grace"])
def test_other_roles_get_404(request, persona) -> None:
    user = request.getfixturevalue(persona)
    source = services.event_source_create(code="bvh", name="Politie", format="bvh")
    run = services.import_run_create(source=source, file_name="x.xlsx")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.DONE)
    client = verified_client(user)
    screens: list[tuple[str, list[object]]] = [
        ("import_list", []),
        ("import_new", []),
        ("import_detail", [run.pk]),
        ("import_mapping", [run.pk]),
        ("import_progress", [run.pk]),
        ("import_report", [run.pk, "csv"]),
        ("import_report", [run.pk, "xlsx"]),
    ]
    for name, args in screens:
        assert client.get(reverse(f"events:{name}", args=args)).status_code == 404, name
    assert client.post(reverse("events:import_new"), {}).status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in() -> None:
    from django.test import Client

    response = Client().get(reverse("events:import_list"))
    assert response.status_code == 302
