"""Registering a case from an early signal ("casus aanmelden"): the form's prefill, the link back.

The early signal travels by its id only (``?vroegsignaal=<id>``, then a hidden field of the
form): never an address or a name in a URL. The registration view opens it through its choke
point (``access_early_signal`` with need LINK: who sees it and may register cases), which writes
the read row of the prefilled form; a refusal is a 404 with its denied row. After the case is
stored, ``veilig.cases.hooks`` tells the signals app, which links the case to the early signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veilig.access.early_signals import (
    access_early_signal,
    may_see_early_address,
    may_see_early_person,
)
from veilig.access.errors import NotFound
from veilig.access.needs import Need
from veilig.accounts.models import User
from veilig.audit.context import audit_context_of
from veilig.cases.hooks import ORIGIN_EARLY_SIGNAL, case_registered_from
from veilig.cases.models import Case
from veilig.geo.models import Area

if TYPE_CHECKING:  # an annotation only: casework does not import the signals app
    from veilig.signals.models import EarlySignal

PARAMETER = "vroegsignaal"
_ID_DIGITS = 12  # beyond the database's integers anyway


def early_signal_id(request: HttpRequest) -> int | None:
    """The id of the early signal a registration starts from (GET) or belongs to (POST)."""
    source = request.POST if request.method == "POST" else request.GET
    raw = source.get(PARAMETER, "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= _ID_DIGITS else None


@dataclass(frozen=True)
class Prefill:
    early_id: int
    rule_name: str
    initial: dict[str, Any]


def _day(value: Any) -> str:
    return date_format(timezone.localtime(value), "d-m-Y")


def _reason(user: User, early: EarlySignal) -> str:
    """The description the form starts with: the rule, the window, the counts (and the
    address when the user may see it). The user edits it; nothing is stored until they send."""
    lines = [
        _(
            "Registered from early signal %(number)d: rule “%(rule)s”, %(start)s to %(end)s, "
            "%(count)d signals and incidents."
        )
        % {
            "number": early.pk,
            "rule": early.rule.name,
            "start": _day(early.window_start),
            "end": _day(early.window_end),
            "count": early.evidence_count,
        }
    ]
    if early.address is not None and may_see_early_address(user, early):
        lines.append(_("Address: %(address)s") % {"address": str(early.address)})
    return "\n".join(lines)


def prefill_from_early_signal(
    request: HttpRequest, *, user: User, early_id: int, stadsdelen: QuerySet[Area]
) -> Prefill:
    """The form's initial data from the early signal (404 when the user may not use it)."""
    early = access_early_signal(
        audit_context_of(request), early_id, need=Need.LINK, detail="case-registration"
    )
    initial: dict[str, Any] = {"reason": _reason(user, early)}
    district = next((a for a in stadsdelen if a.code == early.stadsdeel_code), None)
    if district is not None:
        initial["stadsdeel"] = district.pk
    person = early.person
    if person is not None and may_see_early_person(user, early):
        initial.update(
            first_name=person.first_name,
            name_prefix=person.prefix,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
        )
    return Prefill(early_id=early.pk, rule_name=early.rule.name, initial=initial)


def link_registered_case(request: HttpRequest, *, early_id: int, case: Case) -> None:
    """Tell the signals app the case was registered from the early signal; when it refuses (the
    early signal is no longer the user's to act on) the case stays registered and the user is
    told."""
    try:
        case_registered_from.send(
            sender=None,
            origin=ORIGIN_EARLY_SIGNAL,
            origin_id=early_id,
            context=audit_context_of(request),
            case=case,
        )
    except NotFound:
        messages.warning(
            request, _("The case has been registered but could not be linked to the early signal.")
        )
