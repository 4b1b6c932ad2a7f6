"""The home section of a Veiliger Wijkteam member (wijkagent, BOA, gebiedsregisseur)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from veilig.access.forecasts import forecast_teams_visible_to
from veilig.access.signals import early_signals_visible_to, signals_visible_to, teams_visible_to
from veilig.intel.teammap import HORIZON_DAYS
from veilig.signals.attention import TeamAttention, team_attention
from veilig.signals.vocabulary import OPEN_STATUSES
from veilig.web.overview.model import AttentionItem, Block, HomeInput, day


def _team_block(counts: TeamAttention, *, forecast: bool, today: dt.date) -> Block:
    team = counts.team
    page = reverse("signals:team", args=[team.pk])
    items = [
        AttentionItem(_("new signals in your district"), page + "#open-heading", counts.new),
        AttentionItem(
            _("open signals routed to your team"), page + "#open-heading", counts.routed_open
        ),
        AttentionItem(
            _("open signals past their deadline"), page + "#open-heading", counts.overdue
        ),
        AttentionItem(_("open early signals"), page + "#early-heading", counts.early_open),
    ]
    if forecast:
        last = today + dt.timedelta(days=HORIZON_DAYS - 1)
        items.append(
            AttentionItem(
                _("hotspot forecast for %(first)s to %(last)s")
                % {"first": day(today), "last": day(last)},
                reverse("forecasts:team_map", args=[team.pk]),
            )
        )
    return Block(team.name, tuple(items), key=f"team-{team.pk}")


def team_member_blocks(home: HomeInput) -> list[Block]:
    user = home.user
    signals = signals_visible_to(user)
    early = early_signals_visible_to(user)
    teams = list(teams_visible_to(user).filter(memberships__user=user).order_by("name"))
    with_forecast = set(
        forecast_teams_visible_to(user)
        .filter(pk__in=[t.pk for t in teams])
        .values_list("pk", flat=True)
    )
    blocks = [
        _team_block(
            team_attention(team=team, signals=signals, early=early, now=home.now),
            forecast=team.pk in with_forecast,
            today=home.today,
        )
        for team in teams
    ]
    open_count = signals.filter(status__in=[s.value for s in OPEN_STATUSES]).count()
    everything = AttentionItem(
        _("all open signals you may see"), reverse("signals:list") + "?open=on", open_count
    )
    no_team = _("You are not a member of a team yet. The functional administrator adds you.")
    blocks.append(Block(_("Signals"), (everything,), note="" if teams else no_team, key="signals"))
    return blocks
