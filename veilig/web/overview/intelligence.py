"""The home sections of the information analyst and the policy officer."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from veilig.access.events import is_analyst
from veilig.access.forecasts import forecast_teams_visible_to
from veilig.events.models import ImportRun, ImportStatus
from veilig.events.selectors import import_run_list
from veilig.intel.models import BacktestRun
from veilig.intel.register import REGISTER_COVERAGES, run_table
from veilig.intel.selectors import backtest_latest, backtests_latest_per_theme
from veilig.intel.teammap import configured_method
from veilig.web.overview.model import AttentionItem, Block, Entry, HomeInput, day

RECENT_IMPORTS = 5
FAILED_DAYS = 30
BACKTEST_THEMES = 3
_PAI_AT = REGISTER_COVERAGES.index("3")


def _import_note(run: ImportRun) -> str:
    return _("%(date)s, %(source)s: %(status)s, %(rows)s rows, %(rejected)s rejected") % {
        "date": day(run.started_at),
        "source": run.source.name,
        "status": run.get_status_display(),
        "rows": run.rows_total,
        "rejected": run.rejected,
    }


def _imports_block(home: HomeInput) -> Block:
    runs = import_run_list()
    recent = list(runs[:RECENT_IMPORTS])
    since = home.now - dt.timedelta(days=FAILED_DAYS)
    failed = runs.filter(status=ImportStatus.FAILED, started_at__gte=since).count()
    url = reverse("events:import_list")
    entries = tuple(
        Entry(
            _("import %(number)s") % {"number": run.pk},
            reverse("events:import_detail", args=[run.pk]),
            _import_note(run),
        )
        for run in recent
    )
    items = (
        AttentionItem(_("latest imports"), url, entries=entries),
        AttentionItem(
            _("imports that failed in the last %(days)s days") % {"days": FAILED_DAYS},
            url,
            failed,
        ),
    )
    return Block(
        _("Imports of incident records"),
        items,
        empty="",
        note="" if recent else _("No files have been imported yet."),
        key="imports",
    )


def _backtest_note(run: BacktestRun) -> str:
    text = _("test period %(first)s to %(last)s, run on %(date)s") % {
        "first": day(run.start),
        "last": day(run.end),
        "date": day(run.created_at),
    }
    method = configured_method()
    for row in run_table(run):
        if row.name == method:
            pai = formats.number_format(row.pai[_PAI_AT], 2)
            text += ", " + _("PAI at 3%%: %(pai)s (%(method)s)") % {"pai": pai, "method": method}
    return text


def _forecasts_block(home: HomeInput) -> Block:
    register = reverse("algorithms:register")
    runs = backtests_latest_per_theme()[:BACKTEST_THEMES]
    entries = tuple(
        Entry(
            _("theme %(theme)s") % {"theme": run.theme},
            register + "#reg-results",
            _backtest_note(run),
        )
        for run in runs
    )
    teams = forecast_teams_visible_to(home.user).count()
    return Block(
        _("Forecasts"),
        (
            AttentionItem(
                _("latest backtests in the algorithm register"), register, entries=entries
            ),
            AttentionItem(_("forecast maps of the teams"), reverse("forecasts:teams"), teams),
        ),
        note="" if runs else _("No backtest has been run yet (manage.py forecast_backtest)."),
        key="forecasts",
    )


def _areas_block() -> Block:
    return Block(
        _("Areas"),
        (
            AttentionItem(
                _("districts, neighbourhoods and quarters with their inhabitants"),
                reverse("geo:explorer"),
            ),
        ),
        key="areas",
    )


def _dashboards_block() -> Block:
    return Block(
        _("Dashboards"),
        (AttentionItem(_("theme dashboards per area and period"), reverse("dashboards:index")),),
        key="dashboards",
    )


def analyst_blocks(home: HomeInput) -> list[Block]:
    blocks = [_dashboards_block(), _forecasts_block(home), _areas_block()]
    if is_analyst(home.user):  # the import screens' own rule
        blocks.insert(0, _imports_block(home))
    return blocks


def policy_blocks(home: HomeInput) -> list[Block]:
    latest = backtest_latest()
    register_note = (
        _("latest backtest run on %(date)s") % {"date": day(latest.created_at)}
        if latest is not None
        else _("no backtest has been run yet")
    )
    items = (
        AttentionItem(
            _("theme dashboards per area and period (small numbers suppressed)"),
            reverse("dashboards:index"),
        ),
        AttentionItem(
            _("the algorithm register of the hotspot forecast"),
            reverse("algorithms:register"),
            note=register_note,
        ),
        AttentionItem(
            _("districts, neighbourhoods and quarters with their inhabitants"),
            reverse("geo:explorer"),
        ),
    )
    return [
        Block(
            _("What you can use now"),
            items,
            note=_("The yearly accountability indicators are not built yet."),
            key="policy",
        )
    ]
