"""THE choke point for signals, photos, teams and early signals.

Each ``access_*`` function takes the request's or command's ``AuditContext``, applies the rule to
its acting user and writes exactly one audit row (purpose ``signals``), then returns the object
or raises ``NotFound`` (404). The gates of pages that show nothing personal (the empty report
form, the list of teams) write a row only when they refuse; the signal's create row follows a
granted one. The rules, one per line (docs/signals.md has the matrix):

- radicalisation signals (a restricted category) are seen only by representatives of the
  radicalisation table who also hold a signal role (coordinator, team member or partner);
- a coordinator sees every other signal;
- a team member sees the signals in the districts of their teams, and their own reports;
- a partner sees the signals routed to their organisation, and their own reports;
- analysts, policy officers, privacy officers and administrators see no signal content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.db.models import Q, QuerySet

from veilig.access.base import PendingChange, Row, acting_user, decide, refuse
from veilig.access.exports import export_detail
from veilig.access.needs import Need, Purpose
from veilig.access.policy import is_radicalisation_member
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext
from veilig.audit.detail import detail_join
from veilig.audit.models import AuditAction
from veilig.signals.models import EarlySignal, Signal, SignalPhoto, Team
from veilig.signals.vocabulary import EarlyRecipient

_Listed = TypeVar("_Listed", Signal, EarlySignal)

SIGNAL_ROLES = (Role.COORDINATOR.value, Role.TEAM_MEMBER.value, Role.PARTNER.value)
# The channel of a context in which the platform itself records a signal (no user reports it).
SYSTEM_CHANNEL = "system"


def system_context() -> AuditContext:
    """The context in which the platform itself records a signal (no user reports it)."""
    return AuditContext(actor=None, purpose=Purpose.SIGNALS, channel=SYSTEM_CHANNEL)


def signal_role(user: User) -> str:
    """The strongest role under which a user works with signals ('' when none)."""
    if not user.is_authenticated or not user.is_active:
        return ""
    codes = user.role_codes()
    for role in SIGNAL_ROLES:
        if role in codes:
            return role
    return ""


def may_report(user: User) -> bool:
    return bool(signal_role(user))


def is_coordinator(user: User) -> bool:
    return signal_role(user) == Role.COORDINATOR.value


def is_team_member(user: User) -> bool:
    return user.is_active and Role.TEAM_MEMBER.value in user.role_codes()


def team_ids_of(user: User) -> list[int]:
    if not is_team_member(user):
        return []
    return list(Team.objects.filter(memberships__user=user).values_list("pk", flat=True))


def team_area_codes(user: User) -> list[str]:
    """The stadsdeel codes of the teams the user is a member of (team members only)."""
    if not is_team_member(user):
        return []
    return list(
        Team.objects.filter(memberships__user=user).values_list("area__code", flat=True).distinct()
    )


def _base_filter(user: User) -> Q | None:
    """Non-restricted signals the user may see by role; None: all of them."""
    codes = user.role_codes()
    if Role.COORDINATOR.value in codes:
        return None
    visible = Q(pk__in=[])
    if Role.TEAM_MEMBER.value in codes:
        visible |= Q(stadsdeel_code__in=team_area_codes(user)) | Q(reported_by=user)
    if Role.PARTNER.value in codes and user.organisation_id is not None:
        visible |= Q(organisation_id=user.organisation_id) | Q(reported_by=user)
    return visible


def signals_visible_to(user: User) -> QuerySet[Signal]:
    """The signals a user may open, filtered in the database."""
    if not signal_role(user):
        return Signal.objects.none()
    base = _base_filter(user)
    ordinary = Q(category__restricted=False)
    if base is not None:
        ordinary &= base
    if is_radicalisation_member(user):
        return Signal.objects.filter(ordinary | Q(category__restricted=True))
    return Signal.objects.filter(ordinary)


def signal_is_visible(user: User, signal_id: int) -> bool:
    return signals_visible_to(user).filter(pk=signal_id).exists()


def may_manage_signal(user: User, signal: Signal) -> bool:
    codes = user.role_codes()
    if signal.category.restricted:
        return True  # already visible: only radicalisation-table members get this far
    if Role.COORDINATOR.value in codes:
        return True
    if Role.TEAM_MEMBER.value in codes:
        if signal.team_id is not None and signal.team_id in team_ids_of(user):
            return True
        if signal.stadsdeel_code and signal.stadsdeel_code in team_area_codes(user):
            return True
    return (
        Role.PARTNER.value in codes
        and user.organisation_id is not None
        and signal.organisation_id == user.organisation_id
    )


def _allowed(user: User, signal: Signal, need: Need) -> bool:
    if not signal_is_visible(user, signal.pk):
        return False
    if need is Need.READ:
        return True
    if need is Need.MANAGE:
        return may_manage_signal(user, signal)
    if need is Need.LINK:
        return is_coordinator(user)
    return False  # nobody contributes to a signal


def signals_context(context: AuditContext) -> AuditContext:
    """The context narrowed to the user's signal role (the held roles when none) and purpose."""
    return context.acting(role=signal_role(acting_user(context)), purpose=Purpose.SIGNALS)


_ACTION = {
    Need.READ: AuditAction.READ,
    Need.MANAGE: AuditAction.UPDATE,
    Need.LINK: AuditAction.UPDATE,
}


def persons_codes(person_ids: list[int]) -> tuple[int | None, str]:
    """The row's subject (the lowest id) and a ``persons:<ids>`` code naming any others."""
    ids = sorted(person_ids)
    if not ids:
        return None, ""
    return ids[0], f"persons:{','.join(str(i) for i in ids[1:])}" if len(ids) > 1 else ""


# --- Signals --------------------------------------------------------------------------------


def _signal_row(
    context: AuditContext, signal_id: int, need: Need, action: AuditAction | None, detail: str
) -> tuple[Signal | None, bool, Row]:
    """The signal, whether ``need`` is granted, and its row.

    The row names the signal's persons (the first as subject, the others in ``persons:<ids>``)
    only when it is granted.
    """
    user = acting_user(context)
    signal = (
        Signal.objects.select_related(
            "category",
            "category__parent",
            "team",
            "organisation",
            "routed_by",
            "address",
            "reported_by",
            "reporting_organisation",
            "case",
        )
        .prefetch_related("persons")
        .filter(pk=signal_id)
        .first()
    )
    granted = signal is not None and _allowed(user, signal, need)
    person_ids = [p.pk for p in signal.persons.all()] if granted and signal is not None else []
    person_id, persons = persons_codes(person_ids)
    row = Row(
        action=action or _ACTION.get(need, AuditAction.UPDATE),
        object_type="signal",
        object_id=signal_id,
        subject_person_id=person_id,
        detail=detail_join(detail, persons),
    )
    return signal, granted, row


def access_signal(
    context: AuditContext,
    signal_id: int,
    *,
    need: Need = Need.READ,
    action: AuditAction | None = None,
    detail: str = "",
) -> Signal:
    """Open a signal for ``need``: one row. Call it outside ``transaction.atomic`` so that a
    denial is kept; a write uses ``access_signal_change``."""
    signal, granted, row = _signal_row(context, signal_id, need, action, detail)
    return decide(context=signals_context(context), found=signal, granted=granted, row=row)


def access_signal_change(
    context: AuditContext, signal_id: int, *, need: Need, detail: str
) -> tuple[Signal, PendingChange]:
    """Check a write on a signal (MANAGE: its status, LINK: its case) without writing its row.

    A refusal writes its denied row here (call it outside ``transaction.atomic``); a granted
    write appends its row with the write itself (``pending.recorded()``), or an ``invalid`` row
    when the service refuses the input.
    """
    signal, granted, row = _signal_row(context, signal_id, need, AuditAction.UPDATE, detail)
    acting = signals_context(context)
    if not granted or signal is None:
        refuse(context=acting, row=row)
    return signal, PendingChange(context=acting, row=row)


def access_signal_photo(context: AuditContext, signal_id: int, photo_id: int) -> SignalPhoto:
    """A photo is opened with its signal: one audit row (object type ``signal``)."""
    user = acting_user(context)
    photo = SignalPhoto.objects.filter(pk=photo_id, signal_id=signal_id).first()
    granted = photo is not None and signal_is_visible(user, signal_id)
    row = Row(AuditAction.DOWNLOAD, "signal", signal_id, detail=f"photo:{photo_id}")
    return decide(context=signals_context(context), found=photo, granted=granted, row=row)


def access_signal_list(context: AuditContext, *, detail: str = "") -> QuerySet[Signal]:
    """The signals a user may list, with one audit row for the list itself."""
    user = acting_user(context)
    row = Row(AuditAction.LIST, "signal", detail=detail)
    decide(context=signals_context(context), found=user, granted=may_report(user), row=row)
    return signals_visible_to(user)


def access_signal_report(context: AuditContext) -> User | None:
    """Who reports a signal: the acting user, who must hold a signal role, or nobody.

    Nobody (None) in a context of the platform itself (channel ``system``, no actor). A refusal
    writes a denied create row; a granted report is logged when the signal is stored, so the
    empty form (which holds no personal data) writes no row.
    """
    if context.actor is None and context.channel == SYSTEM_CHANNEL:
        return None
    user = acting_user(context)
    if not may_report(user):
        refuse(context=signals_context(context), row=Row(AuditAction.CREATE, "signal"))
    return user


def access_address_search(context: AuditContext) -> User:
    """The address search of the report form: one search row; the term is never logged."""
    user = acting_user(context)
    row = Row(AuditAction.SEARCH, "address", detail="search:address")
    return decide(context=signals_context(context), found=user, granted=may_report(user), row=row)


def access_signal_list_export(
    context: AuditContext,
    *,
    fmt: str,
    filters: Mapping[str, str],
    narrow: Callable[[QuerySet[Signal]], QuerySet[Signal]],
) -> list[int]:
    """The ids, in the list's order, of the signals exported from the signal list: those the
    user may see, narrowed by ``narrow`` (the list's filters). One export row names them;
    refused (404) as the list is, for users without a signal role."""
    user = acting_user(context)
    granted = may_report(user)
    ids = list(narrow(signals_visible_to(user)).values_list("pk", flat=True)) if granted else []
    detail = export_detail(fmt=fmt, ids=ids if granted else None, filters=filters)
    row = Row(AuditAction.EXPORT, "signal", detail=detail)
    return decide(context=signals_context(context), found=ids, granted=granted, row=row)


# --- Teams ----------------------------------------------------------------------------------


def teams_visible_to(user: User) -> QuerySet[Team]:
    if is_coordinator(user):
        return Team.objects.select_related("area")
    return Team.objects.select_related("area").filter(pk__in=team_ids_of(user))


def access_team_index(context: AuditContext) -> QuerySet[Team]:
    """The teams a coordinator or team member may open. The list names teams, not persons: only
    a refusal writes a row."""
    user = acting_user(context)
    if not (is_coordinator(user) or is_team_member(user)):
        refuse(
            context=signals_context(context), row=Row(AuditAction.LIST, "signal", detail="teams")
        )
    return teams_visible_to(user)


def access_team(context: AuditContext, team_id: int) -> Team:
    """A team view lists signals and events of the area: one audit row (LIST of signals)."""
    team = teams_visible_to(acting_user(context)).filter(pk=team_id).first()
    row = Row(AuditAction.LIST, "signal", detail=f"team:{team_id}")
    return decide(context=signals_context(context), found=team, granted=True, row=row)


def _team_export(
    context: AuditContext,
    team_id: int,
    *,
    fmt: str,
    object_type: str,
    visible: Callable[[User], QuerySet[_Listed]],
    narrow: Callable[[QuerySet[_Listed], Team], QuerySet[_Listed]],
) -> tuple[Team, list[int]]:
    """A team's list as a file: the team as ``access_team`` opens it, and the ids ``narrow``
    selects from what ``visible`` lets the user see. One export row, ids only."""
    user = acting_user(context)
    team = teams_visible_to(user).filter(pk=team_id).first()
    ids = (
        list(narrow(visible(user), team).values_list("pk", flat=True)) if team is not None else None
    )
    detail = export_detail(fmt=fmt, ids=ids, lead=[f"team:{team_id}"])
    row = Row(AuditAction.EXPORT, object_type, detail=detail)
    found = (team, ids) if team is not None and ids is not None else None
    return decide(context=signals_context(context), found=found, granted=True, row=row)


def access_team_signal_export(
    context: AuditContext,
    team_id: int,
    *,
    fmt: str,
    narrow: Callable[[QuerySet[Signal], Team], QuerySet[Signal]],
) -> tuple[Team, list[int]]:
    """A team's list of open signals as a file."""
    return _team_export(
        context, team_id, fmt=fmt, object_type="signal", visible=signals_visible_to, narrow=narrow
    )


# --- Early signals (the choke points are in veilig.access.early_signals) ---------------------


def recipient_filter() -> Q:
    return Q(rule__recipient=EarlyRecipient.TEAM)


def early_signals_visible_to(user: User) -> QuerySet[EarlySignal]:
    if is_coordinator(user):
        return EarlySignal.objects.all()
    if is_team_member(user):
        return EarlySignal.objects.filter(recipient_filter(), team_id__in=team_ids_of(user))
    return EarlySignal.objects.none()


def access_team_early_signal_export(
    context: AuditContext,
    team_id: int,
    *,
    fmt: str,
    narrow: Callable[[QuerySet[EarlySignal], Team], QuerySet[EarlySignal]],
) -> tuple[Team, list[int]]:
    """A team's early signals as a file; the row names no person (the early signals' persons
    follow from their ids)."""
    return _team_export(
        context,
        team_id,
        fmt=fmt,
        object_type="early_signal",
        visible=early_signals_visible_to,
        narrow=narrow,
    )
