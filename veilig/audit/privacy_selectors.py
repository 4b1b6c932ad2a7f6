"""Reads of the privacy officer's pages: the access log by person, user and break-the-glass,
the review queue and the person lookup.

Kept beside ``selectors.py`` (which holds the chain verification) while that module is being
reworked; both are selectors in the sense of the house rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import CharField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from veilig.accounts.models import Organisation, User
from veilig.audit.models import AuditChainHead, AuditEntry
from veilig.cases.models import BreakGlass
from veilig.registry.crypto import bsn_digest
from veilig.registry.models import Person

# --- The privacy officer's reads -------------------------------------------------------------
# Lists are newest first and filtered in the database; the indexes on (subject_person_id, at),
# (actor, at) and (break_glass, at) serve them.


def _period_bounds(
    since: dt.date | None, until: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Local calendar days (Europe/Amsterdam) to aware datetimes; ``until`` is inclusive."""
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min)) if since else None
    end = (
        timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
        if until
        else None
    )
    return start, end


def _in_period(
    queryset: QuerySet[AuditEntry], since: dt.date | None, until: dt.date | None
) -> QuerySet[AuditEntry]:
    start, end = _period_bounds(since, until)
    if start is not None:
        queryset = queryset.filter(at__gte=start)
    if end is not None:
        queryset = queryset.filter(at__lt=end)
    return queryset.order_by("-at", "-seq")


def audit_entries_about_person(
    *, person_id: int, since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet[AuditEntry]:
    """Who accessed a person: every row that names the person as subject, denials included."""
    return _in_period(AuditEntry.objects.filter(subject_person_id=person_id), since, until)


def audit_entries_by_user(
    *, user_id: int, since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet[AuditEntry]:
    """What a user accessed (or tried to) in a period."""
    return _in_period(AuditEntry.objects.filter(actor_id=user_id), since, until)


def audit_entries_break_glass(
    *, since: dt.date | None = None, until: dt.date | None = None
) -> QuerySet[AuditEntry]:
    """Rows written under break-the-glass: the requests for it and the reads it allowed."""
    return _in_period(AuditEntry.objects.filter(break_glass=True), since, until)


def audit_chain_head() -> AuditChainHead | None:
    return AuditChainHead.objects.filter(pk=1).first()


def audit_organisation_names(codes: Iterable[str] | None = None) -> dict[str, str]:
    """Organisation code → name; the log stores the code as it was at the time of access."""
    queryset = Organisation.objects.all()
    if codes is not None:
        queryset = queryset.filter(code__in=set(codes))
    return dict(queryset.values_list("code", "name"))


def audit_users_for_review() -> QuerySet[User]:
    """Everyone whose actions the privacy officer may look up, by organisation and name."""
    return User.objects.select_related("organisation").order_by(
        "organisation__name", "last_name", "first_name", "username"
    )


def _break_glass_with_use() -> QuerySet[BreakGlass]:
    """Grants with their user and case, and how often the case was opened under them."""
    uses = (
        AuditEntry.objects.filter(
            object_type="case",
            object_id=Cast(OuterRef("case_id"), output_field=CharField()),
            actor_id=OuterRef("user_id"),
            break_glass=True,
            at__gte=OuterRef("granted_at"),
            at__lte=OuterRef("expires_at"),
        )
        .order_by()
        .values("actor_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return BreakGlass.objects.select_related(
        "user", "user__organisation", "case", "reviewed_by"
    ).annotate(use_count=Coalesce(Subquery(uses, output_field=IntegerField()), 0))


def break_glass_awaiting_review() -> QuerySet[BreakGlass]:
    """Break-the-glass grants nobody has reviewed yet, oldest first (the review queue)."""
    return _break_glass_with_use().filter(reviewed_at__isnull=True).order_by("granted_at", "pk")


def break_glass_reviewed() -> QuerySet[BreakGlass]:
    """Reviewed grants, most recently reviewed first."""
    return _break_glass_with_use().filter(reviewed_at__isnull=False).order_by("-reviewed_at", "-pk")


def break_glass_grant(*, grant_id: int) -> BreakGlass | None:
    return BreakGlass.objects.select_related("case", "user").filter(pk=grant_id).first()


def person_by_id(*, person_id: int) -> Person | None:
    return Person.objects.filter(pk=person_id).first()


def person_lookup(
    *,
    name: str = "",
    date_of_birth: dt.date | None = None,
    bsn: str = "",
    limit: int = 50,
) -> list[Person]:
    """Persons matching every given criterion (name words, date of birth, BSN by its digest).

    Returns an empty list when no criterion is given; the BSN is never compared in clear.
    """
    condition = Q()
    for word in name.split():
        condition &= (
            Q(first_name__icontains=word) | Q(prefix__icontains=word) | Q(last_name__icontains=word)
        )
    if date_of_birth is not None:
        condition &= Q(date_of_birth=date_of_birth)
    if bsn.strip():
        condition &= Q(bsn_digest=bsn_digest(bsn.strip()))
    if not condition:
        return []
    return list(Person.objects.filter(condition).order_by("last_name", "first_name", "pk")[:limit])
