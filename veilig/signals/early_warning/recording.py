"""Recording the hits of a rule as early signals: deduplicated, each naming its subject."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from veilig.geo.models import Area, AreaLevel
from veilig.registry.keys import address_key
from veilig.registry.models import Address
from veilig.signals.early_warning.rules import Hit, Item, RunResult
from veilig.signals.models import EarlySignal, EarlySignalStatusChange, EarlyWarningRule, Team
from veilig.signals.vocabulary import EarlyRecipient, EarlySignalStatus


def _summary(rule: EarlyWarningRule, signal_ids: list[int], event_ids: list[int]) -> str:
    """The rule and the counts. Never the subject: the stored text reaches lists whose readers
    may not see the address or person (the page names it within each viewer's access)."""
    text = _("%(signals)d signals and %(events)d events") % {
        "signals": len(signal_ids),
        "events": len(event_ids),
    }
    return f"{rule.name}: {text}"


# How far from the items' points a registry address may lie: an import places an event on its
# address, a signal by an address search on it too; a few metres of rounding at most.
ADDRESS_SEARCH_METRES = 25.0


def address_of_key(key: str, items: Sequence[Item]) -> Address | None:
    """The registry address whose key is ``key``, among the addresses around the items."""
    if not items:
        return None
    xs = [i.rd_x for i in items]
    ys = [i.rd_y for i in items]
    near = Address.objects.filter(
        rd_x__gte=min(xs) - ADDRESS_SEARCH_METRES,
        rd_x__lte=max(xs) + ADDRESS_SEARCH_METRES,
        rd_y__gte=min(ys) - ADDRESS_SEARCH_METRES,
        rd_y__lte=max(ys) + ADDRESS_SEARCH_METRES,
    ).order_by("pk")
    return next((a for a in near.iterator() if address_key(a) == key), None)


class Recorder:
    def __init__(self, rule: EarlyWarningRule, result: RunResult) -> None:
        self.rule = rule
        self.result = result
        self.existing = list(EarlySignal.objects.filter(rule=rule))
        self.stadsdeel_of = dict(
            Area.objects.filter(level=AreaLevel.BUURT).values_list("code", "parent__parent__code")
        )
        self.team_of: dict[str, Team] = {}
        for team in Team.objects.select_related("area").order_by("pk"):
            self.team_of.setdefault(team.area.code, team)
        self.addresses: dict[str, Address | None] = {}

    def _stadsdeel(self, items: list[Item]) -> tuple[str, str]:
        latest = max(items, key=lambda i: (i.at, i.pk))
        code = latest.stadsdeel_code or self.stadsdeel_of.get(latest.buurt_code) or ""
        return code, latest.buurt_code

    def _address(self, hit: Hit) -> Address | None:
        """The hit's address: met in a signal, else looked up by its key (once per key)."""
        kind, _sep, key = hit.key.partition(":")
        if hit.address is not None or kind != "adres":
            return hit.address
        if key not in self.addresses:
            self.addresses[key] = address_of_key(key, hit.items)
        return self.addresses[key]

    def record(self, hit: Hit) -> None:
        signal_ids = {i.pk for i in hit.items if i.kind == "signal"}
        event_ids = {i.pk for i in hit.items if i.kind == "event"}
        start = min(i.at for i in hit.items)
        end = max(i.at for i in hit.items)
        for early in self.existing:
            if early.subject_key != hit.key:
                continue
            old_signals, old_events = set(early.signal_ids), set(early.event_ids)
            if not (old_signals & signal_ids or old_events & event_ids):
                continue
            if signal_ids <= old_signals and event_ids <= old_events:
                self._name_address(early, hit)
                self.result.unchanged += 1
                return
            self._extend(early, hit, signal_ids, event_ids, start, end)
            self.result.updated += 1
            return
        stadsdeel, buurt = self._stadsdeel(hit.items)
        team = self.team_of.get(stadsdeel) if self.rule.recipient == EarlyRecipient.TEAM else None
        sorted_signals, sorted_events = sorted(signal_ids), sorted(event_ids)
        early = EarlySignal.objects.create(
            rule=self.rule,
            subject_key=hit.key,
            address=self._address(hit),
            person=hit.person,
            team=team,
            stadsdeel_code=stadsdeel,
            buurt_code=buurt,
            window_start=start,
            window_end=end,
            signal_ids=sorted_signals,
            event_ids=sorted_events,
            summary=_summary(self.rule, sorted_signals, sorted_events)[:255],
        )
        self.existing.append(early)
        self.result.created += 1

    def _name_address(self, early: EarlySignal, hit: Hit) -> None:
        """An early signal recorded before addresses were looked up by key gets its address."""
        if early.address_id is None and (address := self._address(hit)) is not None:
            early.address = address
            early.save(update_fields=["address"])

    def _extend(
        self,
        early: EarlySignal,
        hit: Hit,
        signal_ids: set[int],
        event_ids: set[int],
        start: dt.datetime,
        end: dt.datetime,
    ) -> None:
        """New evidence: the union, the window widened; a closed early signal is new again."""
        early.signal_ids = sorted(set(early.signal_ids) | signal_ids)
        early.event_ids = sorted(set(early.event_ids) | event_ids)
        early.window_start = min(early.window_start, start)
        early.window_end = max(early.window_end, end)
        early.summary = _summary(self.rule, early.signal_ids, early.event_ids)[:255]
        early.address = early.address or self._address(hit)
        if early.status == EarlySignalStatus.DONE:
            early.status = EarlySignalStatus.NEW
            # By nobody: the platform reopened it (the history says so).
            EarlySignalStatusChange.objects.create(
                early_signal=early,
                from_status=EarlySignalStatus.DONE,
                to_status=EarlySignalStatus.NEW,
            )
        early.save()
