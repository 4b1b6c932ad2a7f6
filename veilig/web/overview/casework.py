"""The home sections of the process director and of a chain partner's professional."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilig.access.policy import cases_visible_to
from veilig.access.signals import early_signals_visible_to, signals_visible_to
from veilig.cases.attention import (
    INVITED_DAYS,
    CaseMark,
    Listed,
    actions_for_organisation,
    case_status_counts,
    cases_invited,
    cases_with_overdue_actions,
    contributions_new,
)
from veilig.cases.vocabulary import Status
from veilig.consultations.selectors.triage import triage_waiting_count
from veilig.notifications.selectors import unread_count
from veilig.signals.attention import director_attention
from veilig.web.overview.model import AttentionItem, Block, Entry, HomeInput, day

_CASES = "cases:list"


def _case_url(mark: CaseMark, anchor: str = "") -> str:
    return reverse("cases:detail", args=[mark.case_id]) + (f"#{anchor}" if anchor else "")


def coordinator_blocks(home: HomeInput) -> list[Block]:
    user = home.user
    visible = cases_visible_to(user)
    statuses = (Status.REGISTERED, Status.TRIAGE)
    counts = case_status_counts(visible=visible, statuses=statuses)
    cases = [
        AttentionItem(
            _("cases with status: %(status)s") % {"status": status.label},
            reverse(_CASES) + f"?status={status.value}",
            counts[status.value],
        )
        for status in statuses
    ]
    cases.append(
        AttentionItem(
            _("cases waiting for this week's triage session"),
            reverse("triage:queue"),
            triage_waiting_count(visible=visible, today=home.today),
        )
    )
    cases.append(
        AttentionItem(
            _("cases with an action past its deadline"),
            reverse(_CASES) + "?overdue=on",
            cases_with_overdue_actions(visible=visible),
        )
    )
    street = director_attention(
        signals=signals_visible_to(user), early=early_signals_visible_to(user), now=home.now
    )
    signals = (
        AttentionItem(
            _("open signals past their deadline"),
            reverse("signals:list") + "?open=on",
            street.overdue,
        ),
        AttentionItem(
            _("open early signals for the process director"),
            reverse("signals:teams"),
            street.early_open,
            note=_("on the team page of their district"),
        ),
    )
    return [
        Block(_("Cases"), tuple(cases), key="cases"),
        Block(
            _("Signals"),
            signals,
            note=_("Case consultations (meetings, agendas and minutes) are not built yet."),
            key="signals",
        ),
    ]


def _entries(
    listed: Listed, note: Callable[[CaseMark], str], anchor: str = ""
) -> tuple[Entry, ...]:
    return tuple(
        Entry(mark.reference, _case_url(mark, anchor), note(mark)) for mark in listed.marks
    )


def _invited_note(mark: CaseMark) -> str:
    text = _("invited on %(date)s") % {"date": day(mark.at)}
    return text + (", " + _("not opened yet") if mark.flag else "")


def _action_note(mark: CaseMark) -> str:
    parts = [_("deadline %(date)s") % {"date": day(mark.at)}]
    if mark.flag:
        parts.append(_("past its deadline"))
    if mark.mine:
        parts.append(_("you are its owner"))
    return ", ".join(parts)


def _contribution_note(mark: CaseMark) -> str:
    return ngettext(
        "%(count)s new, the latest on %(date)s",
        "%(count)s new, the latest on %(date)s",
        mark.count,
    ) % {"count": mark.count, "date": day(mark.at)}


def partner_blocks(home: HomeInput) -> list[Block]:
    user = home.user
    visible = cases_visible_to(user)
    since = home.now - dt.timedelta(days=INVITED_DAYS)
    invited = cases_invited(user=user, visible=visible, since=since)
    actions = actions_for_organisation(user=user, visible=visible, today=home.today)
    new = contributions_new(user=user, visible=visible)
    cases_url = reverse(_CASES)
    return [
        Block(
            _("Cases your organisation was invited to"),
            (
                AttentionItem(
                    _("invited in the last %(days)s days") % {"days": INVITED_DAYS},
                    cases_url,
                    invited.total,
                    entries=_entries(invited, _invited_note),
                    more=invited.more,
                ),
            ),
            key="invited",
        ),
        Block(
            _("Actions for your organisation"),
            (
                AttentionItem(_("open actions"), cases_url, actions.total),
                AttentionItem(
                    _("of which past their deadline"),
                    cases_url + "?overdue=on",
                    actions.overdue,
                ),
                AttentionItem(
                    _("earliest deadlines first"),
                    cases_url + "?sort=deadline",
                    entries=_entries(actions, _action_note, anchor="plan"),
                    more=actions.more,
                ),
            ),
            key="actions",
        ),
        Block(
            _("New contributions since your last visit"),
            (
                AttentionItem(
                    ngettext(
                        "new contributions in %(cases)s open case",
                        "new contributions in %(cases)s open cases",
                        new.total,
                    )
                    % {"cases": new.total},
                    cases_url,
                    new.contributions,
                    note=_("counted from the last time you opened each case"),
                    entries=_entries(new, _contribution_note, anchor="contributions"),
                    more=new.more,
                ),
            ),
            key="contributions",
        ),
        Block(
            _("Notifications"),
            (
                AttentionItem(
                    _("unread notifications"),
                    reverse("notifications:inbox"),
                    unread_count(user=user),
                ),
            ),
            key="inbox",
        ),
    ]
