"""The analyst's import screens: upload → mapping → background import → progress → result,
and 404 for every other role."""

from __future__ import annotations

import contextlib
import csv
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veilig.events import services
from veilig.events.models import Event, EventSource, ImportRun, ImportStatus
from veilig.testing.personas import verified_client

from .conftest import GENERIC_HEADER, generic_row

pytestmark = [pytest.mark.urls("veilig.events.tests.urls")]


def _csv_bytes(rows) -> bytes:
    buffer = StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


@pytest.fixture
def run_inline(monkeypatch):
    """Background imports run at once, in the request's thread (the thread itself is tested
    in test_background_thread_imports)."""

    def start(*, run):
        with contextlib.suppress(Exception):  # recorded on the run, as in the thread
            services.import_run_execute(
                run=ImportRun.objects.select_related("source").get(pk=run.pk)
            )

    monkeypatch.setattr(services, "import_run_start_background", start)


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
    assert EventSource.objects.get(code="boa").mapping["external_id"] == "id"
    run.refresh_from_db()
    assert (run.status, run.created, run.rejected) == (ImportStatus.DONE, 2, 1)
    assert Event.objects.count() == 2

    result = client.get(done["Location"]).content.decode()
    assert 'id="count-created">2<' in result
    assert "A3" in result and 'hx-trigger="every 1s"' not in result
    report = client.get(reverse("events:import_report", args=[run.pk]))
    assert report.status_code == 200
    assert report["Content-Disposition"].endswith('-report.csv"')
    assert "A3" in report.content.decode("utf-8-sig")
    assert str(run.pk) in client.get(reverse("events:import_list")).content.decode()


@pytest.mark.django_db
def test_progress_is_polled_while_the_import_runs(dave) -> None:
    source = services.event_source_create(code="bvh", name="Politie", format="bvh")
    run = services.import_run_create(source=source, file_name="x.xlsx")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING)
    from veilig.events.importing import progress

    progress.publish(run.pk, rows_done=2_500, rows_total=10_000)
    client = verified_client(dave)
    body = client.get(reverse("events:import_progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert 'value="25"' in body


@pytest.mark.django_db
def test_a_running_import_without_heartbeat_is_marked_failed(dave) -> None:
    source = services.event_source_create(code="bvh", name="Politie", format="bvh")
    run = services.import_run_create(source=source, file_name="x.xlsx")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING)
    from veilig.events.importing import progress

    progress.publish(run.pk, rows_done=1, rows_total=10)
    path = progress.progress_path(run.pk)
    import os

    os.utime(path, (0, 0))
    path.write_text('{"rows_done": 1, "rows_total": 10, "at": 0}', encoding="utf-8")
    verified_client(dave).get(reverse("events:import_detail", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_background_thread_imports(dave, areas) -> None:
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
    services.background_threads[run.pk].join(timeout=30)
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
    for name, args in [
        ("import_list", []),
        ("import_new", []),
        ("import_detail", [run.pk]),
        ("import_mapping", [run.pk]),
        ("import_progress", [run.pk]),
        ("import_report", [run.pk]),
    ]:
        assert client.get(reverse(f"events:{name}", args=args)).status_code == 404, name
    assert client.post(reverse("events:import_new"), {}).status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in() -> None:
    from django.test import Client

    response = Client().get(reverse("events:import_list"))
    assert response.status_code == 302
