"""THE choke point for early signals (vroegsignalen), their status and the case registered
from them. Each ``access_*`` function writes exactly one audit row (purpose ``signals``, object
type ``early_signal``) or, for a write, hands it to the write (``PendingChange``). The rules, one
per line:

- the process director sees every early signal, changes its status and registers a case from it;
- a team member sees the early signals of the team-recipient rules for their own teams, and
  changes their status (the team owns the area);
- registering a case from one needs a case role as well (process director, or a partner);
- the subject: the address only to who may see addresses in its district, the person's name only
  to the process director (a team member reads "a person (pseudonymised)");
- the evidence: signals as ``signals_visible_to``, imported events as ``events_visible_to``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from veilig.access.base import PendingChange, Row, acting_user, decide, refuse
from veilig.access.needs import Need
from veilig.access.policy import may_register_case
from veilig.access.signals import (
    early_signals_visible_to,
    is_coordinator,
    is_team_member,
    signals_context,
    team_area_codes,
    team_ids_of,
)
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.events.models import Event
from veilig.geo.models import Area, AreaLevel
from veilig.signals.models import EarlySignal
from veilig.signals.vocabulary import EarlyRecipient


def early_signal_is_visible(user: User, early: EarlySignal) -> bool:
    if is_coordinator(user):
        return True
    if not is_team_member(user):
        return False
    if early.rule.recipient != EarlyRecipient.TEAM:
        return False
    return early.team_id is not None and early.team_id in team_ids_of(user)


def may_manage_early_signal(user: User, early: EarlySignal) -> bool:
    """Its status: the process director, and the members of the team that owns its area (the
    team it was sent to); that is exactly who sees it."""
    return early_signal_is_visible(user, early)


def may_register_case_from(user: User, early: EarlySignal) -> bool:
    """Registering a case ("casus aanmelden") from an early signal: who may register cases and
    sees it."""
    if not may_register_case(user):
        return False
    return early_signal_is_visible(user, early)


def _address_district(early: EarlySignal) -> str:
    """The district of the early signal's address (of its buurt), else of its latest item."""
    buurt = early.address.buurt if early.address is not None else None
    wijk = buurt.parent if buurt is not None else None
    district = wijk.parent if wijk is not None else None
    return district.code if district is not None else early.stadsdeel_code


def early_address_districts(user: User) -> frozenset[str] | None:
    """The districts in which the user may see an early signal's address; None: all of them
    (the process director). A team member: the districts of their teams."""
    if is_coordinator(user):
        return None
    return frozenset(team_area_codes(user))


def early_address_visible(early: EarlySignal, districts: frozenset[str] | None) -> bool:
    """Whether the address is shown, given ``early_address_districts`` of the viewer."""
    if early.address is None:
        return False
    if districts is None:
        return True
    return _address_district(early) in districts


def may_see_early_address(user: User, early: EarlySignal) -> bool:
    """The address: the process director, or a team member whose teams cover its district."""
    return early_address_visible(early, early_address_districts(user))


def may_see_early_person(user: User, early: EarlySignal) -> bool:
    """The person's name: the process director only. An early signal joins signals and events
    beyond a team's district; a name would tie all of them to the person for the team."""
    if early.person is None:
        return False
    return is_coordinator(user)


def events_visible_to(user: User) -> QuerySet[Event]:
    """Imported events a user may see as rows (time, category, buurt; never keys) beside the
    signals: the process director all, a team member those in the buurten of their teams'
    districts (as on the team map)."""
    if is_coordinator(user):
        return Event.objects.all()
    if not is_team_member(user):
        return Event.objects.none()
    buurten = Area.objects.filter(
        level=AreaLevel.BUURT, parent__parent__teams__memberships__user=user
    )
    return Event.objects.filter(buurt_code__in=buurten.values("code"))


def _early_allowed(user: User, early: EarlySignal, need: Need) -> bool:
    if need is Need.READ:
        return early_signal_is_visible(user, early)
    if need is Need.MANAGE:
        return may_manage_early_signal(user, early)
    if need is Need.LINK:
        return may_register_case_from(user, early)
    return False


def _early_row(
    context: AuditContext, early_id: int, need: Need, action: AuditAction, detail: str
) -> tuple[EarlySignal | None, bool, Row]:
    """The early signal, whether ``need`` is granted, and its row (naming the person only when
    it is granted)."""
    early = (
        EarlySignal.objects.select_related(
            "rule", "address__buurt__parent__parent", "person", "team__area", "case"
        )
        .filter(pk=early_id)
        .first()
    )
    granted = early is not None and _early_allowed(acting_user(context), early, need)
    person_id = early.person_id if granted and early is not None else None
    row = Row(action, "early_signal", early_id, subject_person_id=person_id, detail=detail)
    return early, granted, row


def access_early_signal(
    context: AuditContext,
    early_id: int,
    *,
    need: Need = Need.READ,
    action: AuditAction = AuditAction.READ,
    detail: str = "",
) -> EarlySignal:
    """Open an early signal for ``need`` (READ: its page; LINK: the case registration form it
    prefills, detail ``case-registration``): one row, a read unless ``action`` says otherwise
    (a refused status form: ``update`` with ``invalid``)."""
    early, granted, row = _early_row(context, early_id, need, action, detail)
    return decide(context=signals_context(context), found=early, granted=granted, row=row)


def access_early_signal_change(
    context: AuditContext, early_id: int, *, need: Need, detail: str
) -> tuple[EarlySignal, PendingChange]:
    """Check a write on an early signal (MANAGE: its status; LINK: the case registered from
    it) without writing its row: a refusal's row at once, a granted one with the change."""
    early, granted, row = _early_row(context, early_id, need, AuditAction.UPDATE, detail)
    acting = signals_context(context)
    if not granted or early is None:
        refuse(context=acting, row=row)
    return early, PendingChange(context=acting, row=row)


def access_early_signal_list(context: AuditContext) -> QuerySet[EarlySignal]:
    """The early signals a user may list (process director, team members): one list row."""
    user = acting_user(context)
    allowed = is_coordinator(user) or is_team_member(user)
    row = Row(AuditAction.LIST, "early_signal")
    decide(context=signals_context(context), found=user, granted=allowed, row=row)
    return early_signals_visible_to(user)
