"""The aggregate engine counts what the database holds, in local time, and keeps in step."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from veilig.events.models import Event, EventSource, ImportRun, ImportStatus
from veilig.geo.models import Area
from veilig.intel.aggregates import Bucket, Selection, engine
from veilig.intel.aggregates.calendar import buckets_for, day_number, local_day_and_hour
from veilig.intel.tests.conftest import build_city

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def _event(
    source: EventSource,
    n: int,
    when: dt.datetime,
    buurt: str,
    theme: str = "woninginbraak",
    run: ImportRun | None = None,
) -> Event:
    return Event.objects.create(
        source=source, external_id=f"e{n}", theme=theme, begin_at=when, rd_x=0, rd_y=0,
        lat=0, lon=0, buurt_code=buurt, import_run=run,
    )  # fmt: skip


@pytest.fixture
def source() -> EventSource:
    return EventSource.objects.create(code="p", name="Politie", format="bvh")


def test_local_day_follows_summer_time() -> None:
    moments = [
        dt.datetime(2024, 6, 30, 22, 30, tzinfo=dt.UTC),  # 00:30 on 1 July in Amsterdam
        dt.datetime(2024, 1, 31, 22, 30, tzinfo=dt.UTC),  # 23:30 on 31 January
        dt.datetime(2024, 3, 31, 0, 59, tzinfo=dt.UTC),  # 01:59 CET, just before the change
        dt.datetime(2024, 3, 31, 1, 0, tzinfo=dt.UTC),  # 03:00 CEST
    ]
    days, hours = local_day_and_hour(
        np.array([int(m.timestamp()) for m in moments]), zone_name="Europe/Amsterdam"
    )
    assert list(days) == [day_number(m.astimezone(AMS).date()) for m in moments]
    assert list(hours) == [m.astimezone(AMS).hour for m in moments]
    assert list(hours) == [0, 23, 1, 3]


def test_buckets_cover_the_period_with_partial_ends() -> None:
    b = buckets_for(day_from=dt.date(2024, 1, 10), day_to=dt.date(2024, 4, 1), kind=Bucket.MONTH)
    assert b.starts == [dt.date(2024, 1, 10), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]
    assert b.index[0] == 0 and b.index[-1] == 2 and len(b.index) == 82
    weeks = buckets_for(day_from=dt.date(2024, 1, 1), day_to=dt.date(2024, 1, 15), kind=Bucket.WEEK)
    assert weeks.starts == [dt.date(2024, 1, 1), dt.date(2024, 1, 8)]


def test_counts_by_area_and_month_in_local_time(source: EventSource) -> None:
    build_city()
    _event(source, 1, dt.datetime(2024, 6, 30, 22, 30, tzinfo=dt.UTC), "BU99980101")  # July
    _event(source, 2, dt.datetime(2024, 6, 15, 12, 0, tzinfo=dt.UTC), "BU99980101")
    _event(source, 3, dt.datetime(2024, 7, 2, 12, 0, tzinfo=dt.UTC), "BU99980201")
    _event(source, 4, dt.datetime(2024, 7, 2, 12, 0, tzinfo=dt.UTC), "BU99980201", theme="geweld")
    _event(source, 5, dt.datetime(2024, 7, 2, 12, 0, tzinfo=dt.UTC), "")  # outside every buurt
    sel = Selection(
        raw_themes=("woninginbraak",), day_from=dt.date(2024, 6, 1), day_to=dt.date(2024, 8, 1)
    )
    result = engine().tally(sel, level="stadsdeel", bucket=Bucket.MONTH)
    assert result.areas == ["SD999801", "SD999802"]
    assert result.counts.tolist() == [[1, 1], [0, 1]]
    city = engine().tally(sel, level="gemeente")
    assert city.counts.tolist() == [[3]]
    inside = Selection(
        raw_themes=("woninginbraak", "geweld"),
        day_from=sel.day_from,
        day_to=sel.day_to,
        within="SD999802",
    )
    assert engine().tally(inside, level="buurt").counts.tolist() == [[2]]
    heat = engine().heatmap(sel, area_code="GM9998")
    # Monday 1 July 00:30, Saturday 15 June 14:00 and Tuesday 2 July 14:00, local time.
    assert heat.sum() == 3 and heat[0, 0] == 1 and heat[5, 14] == 1 and heat[1, 14] == 1


def test_catches_up_with_a_finished_import(
    source: EventSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    import veilig.intel.aggregates.runtime as module

    monkeypatch.setattr(module, "CHECK_SECONDS", 0.0)
    build_city()
    when = dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC)
    first = _event(source, 1, when, "BU99980101")
    sel = Selection(
        raw_themes=("woninginbraak",), day_from=dt.date(2024, 1, 1), day_to=dt.date(2025, 1, 1)
    )
    assert engine().tally(sel, level="gemeente").counts.sum() == 1
    run = ImportRun.objects.create(source=source, file_name="x.csv", status=ImportStatus.RUNNING)
    for n in range(2, 12):
        _event(source, n, when, "BU99980201", run=run)
    Event.objects.filter(pk=first.pk).update(theme="geweld", import_run=run)  # changed by the run
    assert engine().tally(sel, level="gemeente").counts.sum() == 1  # the run is still going
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.DONE)
    assert engine().tally(sel, level="stadsdeel").counts.sum(axis=1).tolist() == [0, 10]
    Event.objects.all().delete()
    assert engine().tally(sel, level="gemeente").counts.sum() == 0


def test_new_areas_are_seen(source: EventSource, monkeypatch: pytest.MonkeyPatch) -> None:
    import veilig.intel.aggregates.runtime as module

    monkeypatch.setattr(module, "CHECK_SECONDS", 0.0)
    _event(source, 1, dt.datetime(2024, 5, 1, tzinfo=dt.UTC), "BU99980101")
    sel = Selection(
        raw_themes=("woninginbraak",), day_from=dt.date(2024, 1, 1), day_to=dt.date(2025, 1, 1)
    )
    assert engine().tally(sel, level="gemeente").counts.size == 0
    build_city()
    assert Area.objects.count() == 7
    assert engine().tally(sel, level="gemeente").counts.tolist() == [[1]]
