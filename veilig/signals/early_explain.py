"""An early signal in plain words: what fired and why, and its subject within the viewer's access.

Everything is generated from the rule's fields (kind, parameters) and the early signal's stored
data (window, evidence, subject), in the language of the request (English msgids, Dutch in the
catalogue). The subject is never the raw key: an address is named to who may see addresses in
its district, a person by name only to the process director (``veilig.access.early_signals``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veilig.access.early_signals import (
    early_address_districts,
    early_address_visible,
    may_see_early_person,
)
from veilig.accounts.models import User
from veilig.registry.models import Address
from veilig.signals.early_selectors import SourceCount, buurt_names, category_name, category_names
from veilig.signals.early_warning import parameters_of
from veilig.signals.models import EarlySignal, EarlyWarningRule
from veilig.signals.vocabulary import EarlyRuleKind


@dataclass(frozen=True)
class Subject:
    """Who or what the early signal is about, as the viewer may see it."""

    kind: str  # "address", "person" or "area"
    headline: str  # never a key
    detail: str = ""  # a second line: the buurt and place of an address
    named: bool = False  # the address or person itself is shown (not only its area)


@dataclass(frozen=True)
class Explanation:
    rule_name: str
    condition: str  # the rule's condition in words
    count: int  # items in the evidence
    threshold: int  # the rule's minimum count
    outcome: str  # count against threshold (and sources against their minimum) in words
    sources: list[str]  # one line per source


def _int(params: dict[str, Any], name: str) -> int:
    return int(float(params[name]))


def rule_condition(rule: EarlyWarningRule) -> str:
    """The condition of a rule in words, from its kind and parameters."""
    params = parameters_of(rule)
    days = _int(params, "days")
    count = _int(params, "min_count")
    if rule.kind == EarlyRuleKind.REPEAT_SUBJECT:
        return _(
            "One address or person appears in at least %(count)d signals or incidents from at "
            "least %(sources)d different sources within %(days)d days."
        ) % {"count": count, "sources": _int(params, "min_sources"), "days": days}
    category = category_name(str(params["category"]))
    if rule.kind == EarlyRuleKind.REPEAT_ADDRESS_CATEGORY:
        return _(
            "“%(category)s” is reported at least %(count)d times at the same address within "
            "%(days)d days (signals, and imported incidents of the same kind)."
        ) % {"category": category, "count": count, "days": days}
    if rule.kind == EarlyRuleKind.SPATIAL_BURST:
        return _(
            "At least %(count)d reports of “%(category)s” within %(radius)d metres of one of "
            "them, within %(days)d days (signals, and imported incidents of the same kind)."
        ) % {
            "category": category,
            "count": count,
            "radius": _int(params, "radius_m"),
            "days": days,
        }
    return str(rule.get_kind_display())


def source_line(source: SourceCount) -> str:
    if source.kind == "signal":
        return ngettext(
            "%(count)d signal, source: %(source)s",
            "%(count)d signals, source: %(source)s",
            source.count,
        ) % {"count": source.count, "source": source.label}
    return ngettext(
        "%(count)d incident imported from %(source)s",
        "%(count)d incidents imported from %(source)s",
        source.count,
    ) % {"count": source.count, "source": source.label}


def early_explanation(*, early: EarlySignal, sources: list[SourceCount]) -> Explanation:
    """What fired and why: the rule, its condition, the count against the threshold, sources."""
    params = parameters_of(early.rule)
    count = early.evidence_count
    threshold = _int(params, "min_count")
    outcome = ngettext(
        "%(count)d signal or incident in this period; the rule asks for at least %(threshold)d.",
        "%(count)d signals and incidents in this period; the rule asks for at least %(threshold)d.",
        count,
    ) % {"count": count, "threshold": threshold}
    if early.rule.kind == EarlyRuleKind.REPEAT_SUBJECT:
        outcome += " " + ngettext(
            "They come from %(sources)d source; the rule asks for at least %(minimum)d.",
            "They come from %(sources)d different sources; the rule asks for at least %(minimum)d.",
            len(sources),
        ) % {"sources": len(sources), "minimum": _int(params, "min_sources")}
    return Explanation(
        rule_name=early.rule.name,
        condition=rule_condition(early.rule),
        count=count,
        threshold=threshold,
        outcome=outcome,
        sources=[source_line(s) for s in sources],
    )


def street_and_number(address: Address) -> str:
    number = f"{address.house_number}{address.house_letter}"
    if address.house_number_addition:
        number += f"-{address.house_number_addition}"
    return f"{address.street} {number}"


def _address_somewhere(buurt: str) -> str:
    if buurt:
        return _("An address in the neighbourhood %(buurt)s") % {"buurt": buurt}
    return _("An address")


def _burst(category: str, buurt: str) -> str:
    if buurt:
        return _("Reports of “%(category)s” close together in the neighbourhood %(buurt)s") % {
            "category": category,
            "buurt": buurt,
        }
    return _("Reports of “%(category)s” close together") % {"category": category}


class SubjectNamer:
    """Names the subjects of many early signals for one viewer with a fixed number of queries
    (the viewer's districts once, buurt and category names once per list)."""

    def __init__(self, *, user: User, early: list[EarlySignal]) -> None:
        self.user = user
        self.buurten = buurt_names(e.buurt_code for e in early)
        codes = {str(parameters_of(e.rule).get("category", "")) for e in early}
        self.categories = category_names(codes)

    @cached_property
    def districts(self) -> frozenset[str] | None:
        return early_address_districts(self.user)

    def subject(self, early: EarlySignal) -> Subject:
        """The subject within the viewer's access; a key never stands in for it."""
        kind, _sep, _key = early.subject_key.partition(":")
        buurt = self.buurten.get(early.buurt_code, early.buurt_code)
        if kind == "adres":
            return self._address(early, buurt)
        if kind == "persoon":
            person = early.person
            if person is not None and may_see_early_person(self.user, early):
                return Subject("person", person.full_name, named=True)
            return Subject("person", _("A person (pseudonymised)"))
        code = str(parameters_of(early.rule).get("category", ""))
        return Subject("area", _burst(self.categories.get(code, code), buurt))

    def _address(self, early: EarlySignal, buurt: str) -> Subject:
        address = early.address
        if address is None or not early_address_visible(early, self.districts):
            return Subject("address", _address_somewhere(buurt))
        own = address.buurt.name if address.buurt is not None else buurt
        place = f"{address.postcode} {address.city}"
        detail = (
            _("Neighbourhood %(buurt)s, %(place)s") % {"buurt": own, "place": place}
            if own
            else place
        )
        return Subject("address", street_and_number(address), detail, named=True)


def early_subject(*, user: User, early: EarlySignal) -> Subject:
    """The subject of one early signal for ``user``."""
    return SubjectNamer(user=user, early=[early]).subject(early)
