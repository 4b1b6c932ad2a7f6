"""THE choke point for signals, photos, teams and early signals.

Each ``access_*`` function returns the object or raises Http404 (never 403) and writes exactly
one audit row, granted or denied. The rules, one per line (docs/signals.md has the matrix):

- radicalisation signals (a restricted category) are seen only by representatives of the
  radicalisation table who also hold a signal role (coordinator, team member or partner);
- a coordinator sees every other signal;
- a team member sees the signals in the districts of their teams, and their own reports;
- a partner sees the signals routed to their organisation, and their own reports;
- analysts, policy officers, privacy officers and administrators see no signal content.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from veilig.access.policy import is_radicalisation_member
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.context import AuditContext, audit_context_for
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record
from veilig.signals.models import EarlySignal, Signal, SignalPhoto, Team
from veilig.signals.vocabulary import EarlyRecipient

SIGNAL_ROLES = (Role.COORDINATOR.value, Role.TEAM_MEMBER.value, Role.PARTNER.value)


class Need(StrEnum):
    READ = "read"
    MANAGE = "manage"  # status changes
    LINK = "link"  # link to a case: process direction only


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


def team_ids_of(user: User) -> list[int]:
    if Role.TEAM_MEMBER.value not in user.role_codes():
        return []
    return list(Team.objects.filter(memberships__user=user).values_list("pk", flat=True))


def team_area_codes(user: User) -> list[str]:
    """The stadsdeel codes of the teams the user is a member of (team members only)."""
    if Role.TEAM_MEMBER.value not in user.role_codes():
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
    if not signals_visible_to(user).filter(pk=signal.pk).exists():
        return False
    if need is Need.LINK:
        return is_coordinator(user)
    if need is Need.MANAGE:
        return may_manage_signal(user, signal)
    return True


def audit_context(
    user: User, request: HttpRequest | None, purpose: str = "signals"
) -> AuditContext:
    return audit_context_for(user, request, role=signal_role(user), purpose=purpose)


_ACTION = {
    Need.READ: AuditAction.READ,
    Need.MANAGE: AuditAction.UPDATE,
    Need.LINK: AuditAction.UPDATE,
}


def _persons_detail(signal: Signal | None) -> tuple[int | None, str]:
    if signal is None:
        return None, ""
    ids = sorted(p.pk for p in signal.persons.all())
    if not ids:
        return None, ""
    extra = f"persons:{','.join(str(i) for i in ids[1:])}" if len(ids) > 1 else ""
    return ids[0], extra


def access_signal(
    user: User,
    signal_id: int,
    *,
    need: Need = Need.READ,
    request: HttpRequest | None = None,
    action: AuditAction | None = None,
    detail: str = "",
) -> Signal:
    """Open a signal for ``need``; call outside ``transaction.atomic`` so a denial is kept."""
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
    person_id, persons = _persons_detail(signal if granted else None)
    audit_record(
        context=audit_context(user, request),
        action=action or _ACTION[need],
        object_type="signal",
        object_id=signal_id,
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        subject_person_id=person_id,
        detail=" ".join(part for part in (detail, persons) if part),
    )
    if not granted or signal is None:
        raise Http404
    return signal


def access_signal_photo(
    user: User, signal_id: int, photo_id: int, *, request: HttpRequest | None = None
) -> SignalPhoto:
    """A photo is opened with its signal: one audit row (object type ``signal``)."""
    photo = SignalPhoto.objects.filter(pk=photo_id, signal_id=signal_id).first()
    granted = photo is not None and signals_visible_to(user).filter(pk=signal_id).exists()
    audit_record(
        context=audit_context(user, request),
        action=AuditAction.DOWNLOAD,
        object_type="signal",
        object_id=signal_id,
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        detail=f"photo:{photo_id}",
    )
    if not granted or photo is None:
        raise Http404
    return photo


def access_signal_list(
    user: User, *, request: HttpRequest | None = None, detail: str = ""
) -> QuerySet[Signal]:
    """The signals a user may list, with one audit row for the list itself."""
    granted = bool(signal_role(user))
    audit_record(
        context=audit_context(user, request),
        action=AuditAction.LIST,
        object_type="signal",
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        detail=detail,
    )
    if not granted:
        raise Http404
    return signals_visible_to(user)


def may_report_check(user: User, *, request: HttpRequest | None = None) -> None:
    """Opening the form: a denied attempt is logged; a granted one is logged at create."""
    if may_report(user):
        return
    audit_record(
        context=audit_context(user, request),
        action=AuditAction.CREATE,
        object_type="signal",
        result=AuditResult.DENIED,
    )
    raise Http404


# --- Teams ----------------------------------------------------------------------------------


def teams_visible_to(user: User) -> QuerySet[Team]:
    if is_coordinator(user):
        return Team.objects.select_related("area")
    return Team.objects.select_related("area").filter(pk__in=team_ids_of(user))


def access_team(user: User, team_id: int, *, request: HttpRequest | None = None) -> Team:
    """A team view lists signals and events of the area: one audit row (LIST of signals)."""
    team = teams_visible_to(user).filter(pk=team_id).first()
    audit_record(
        context=audit_context(user, request),
        action=AuditAction.LIST,
        object_type="signal",
        result=AuditResult.GRANTED if team is not None else AuditResult.DENIED,
        detail=f"team:{team_id}",
    )
    if team is None:
        raise Http404
    return team


# --- Early signals --------------------------------------------------------------------------


def early_signals_visible_to(user: User) -> QuerySet[EarlySignal]:
    if is_coordinator(user):
        return EarlySignal.objects.all()
    if Role.TEAM_MEMBER.value in user.role_codes():
        return EarlySignal.objects.filter(recipient_filter(), team_id__in=team_ids_of(user))
    return EarlySignal.objects.none()


def recipient_filter() -> Q:
    return Q(rule__recipient=EarlyRecipient.TEAM)


def access_early_signal(
    user: User, early_id: int, *, request: HttpRequest | None = None
) -> EarlySignal:
    item = (
        early_signals_visible_to(user)
        .select_related("rule", "address", "person", "team")
        .filter(pk=early_id)
        .first()
    )
    audit_record(
        context=audit_context(user, request),
        action=AuditAction.READ,
        object_type="early_signal",
        object_id=early_id,
        result=AuditResult.GRANTED if item is not None else AuditResult.DENIED,
        subject_person_id=item.person_id if item is not None else None,
    )
    if item is None:
        raise Http404
    return item
