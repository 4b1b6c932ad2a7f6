"""Import runs through the choke points of veilig.access.events: an unknown id is refused with a
row, showing a finished run's results (rejected rows with their external ids) is a logged read,
and a user who is no analyst is refused with one row on every screen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from veilig.accounts.models import User
from veilig.audit.models import AuditAction, AuditResult
from veilig.events.models import EventSource, ImportRun, ImportStatus
from veilig.testing.audit import audit_rows_after, audit_seq
from veilig.testing.personas import verified_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("veilig.events.tests.urls")]

SCREENS = ["events:import_detail", "events:import_mapping", "events:import_progress"]


def _run(analyst: User, status: ImportStatus) -> ImportRun:
    source = EventSource.objects.create(code="bvh", name="Politie BVH", format="bvh")
    return ImportRun.objects.create(
        source=source, file_name="export.xlsx", started_by=analyst, status=status
    )


def _args(name: str, run_id: int) -> list[object]:
    return [run_id, "csv"] if name == "events:import_report" else [run_id]


@pytest.mark.parametrize("name", [*SCREENS, "events:import_report"])
def test_an_unknown_run_is_refused_with_a_row(dave: User, name: str) -> None:
    before = audit_seq()
    assert verified_client(dave).get(reverse(name, args=_args(name, 987_654))).status_code == 404
    [row] = audit_rows_after(before)
    assert (row.object_type, row.object_id, row.result, row.detail) == (
        "event_import",
        "987654",
        AuditResult.DENIED,
        "unknown",
    )


@pytest.mark.parametrize("name", ["events:import_detail", "events:import_progress"])
def test_showing_a_finished_runs_results_is_a_logged_read(dave: User, name: str) -> None:
    run = _run(dave, ImportStatus.DONE)
    before = audit_seq()
    assert verified_client(dave).get(reverse(name, args=[run.pk])).status_code == 200
    [row] = audit_rows_after(before)
    assert (row.action, row.object_id, row.result, row.detail) == (
        AuditAction.READ,
        str(run.pk),
        AuditResult.GRANTED,
        "results",
    )


def test_a_run_in_progress_shows_no_results_and_writes_no_row(dave: User) -> None:
    run = _run(dave, ImportStatus.QUEUED)
    before = audit_seq()
    response = verified_client(dave).get(reverse("events:import_progress", args=[run.pk]))
    assert response.status_code == 200
    assert audit_rows_after(before) == []


def test_the_report_of_an_unfinished_run_is_refused_with_a_row(dave: User) -> None:
    run = _run(dave, ImportStatus.RUNNING)
    before = audit_seq()
    response = verified_client(dave).get(reverse("events:import_report", args=[run.pk, "csv"]))
    assert response.status_code == 404
    [row] = audit_rows_after(before)
    assert (row.action, row.result, row.detail) == (
        AuditAction.EXPORT,
        AuditResult.DENIED,
        "report:not-finished;format:csv",
    )


def test_the_report_row_holds_a_code_not_translated_text(dave: User) -> None:
    run = _run(dave, ImportStatus.DONE)
    before = audit_seq()
    with translation.override("nl"):
        response = verified_client(dave).get(
            reverse("events:import_report", args=[run.pk, "xlsx"]), HTTP_ACCEPT_LANGUAGE="nl"
        )
    assert response.status_code == 200
    [row] = audit_rows_after(before)
    assert (row.action, row.detail) == (AuditAction.EXPORT, "report;format:xlsx;rows:0")


@pytest.mark.parametrize(
    ("name", "run_bound"),
    [
        ("events:import_list", False),
        ("events:import_new", False),
        *[(screen, True) for screen in SCREENS],
        ("events:import_report", True),
    ],
)
def test_a_user_who_is_no_analyst_is_refused_with_one_row_of_codes(
    dave: User, carol: User, name: str, run_bound: bool
) -> None:
    run = _run(dave, ImportStatus.DONE)
    before = audit_seq()
    url = reverse(name, args=_args(name, run.pk)) if run_bound else reverse(name)
    assert verified_client(carol).get(url).status_code == 404
    [row] = audit_rows_after(before)
    assert (row.object_type, row.result, row.purpose) == (
        "event_import",
        AuditResult.DENIED,
        "event_import",
    )
    assert "/" not in row.detail and row.detail  # a code, not the path
    assert row.object_id == (str(run.pk) if run_bound else "")


def test_a_stalled_run_is_shown_failed_with_its_results_and_one_row(dave: User, settings) -> None:
    import datetime as dt

    from django.utils import timezone

    run = _run(dave, ImportStatus.RUNNING)
    long_ago = timezone.now() - dt.timedelta(days=2)
    ImportRun.objects.filter(pk=run.pk).update(started_at=long_ago, progress_at=long_ago)
    before = audit_seq()
    response = verified_client(dave).get(reverse("events:import_detail", args=[run.pk]))
    assert response.status_code == 200
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    [row] = audit_rows_after(before)
    assert (row.result, row.detail) == (AuditResult.GRANTED, "results")
