"""The privacy officer's reads of the access log and of the break-the-glass grants.

Lists are newest first and filtered in the database; the indexes on (subject_person_id, at),
(actor, at) and (break_glass, at) serve them. A list stops at ``up_to``, the sequence number of
the first view of the page: viewing the log writes to it, and the pages must not shift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import (
    CharField,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from veilig.accounts.models import Organisation, User
from veilig.audit.detail import DETAIL_SEPARATOR, GRANT_CODE_PREFIX
from veilig.audit.models import AuditEntry, AuditResult
from veilig.cases.models import BreakGlass, Case
from veilig.privacy.events import case_ids_of


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
    queryset: QuerySet[AuditEntry],
    since: dt.date | None,
    until: dt.date | None,
    up_to: int | None,
) -> QuerySet[AuditEntry]:
    start, end = _period_bounds(since, until)
    if start is not None:
        queryset = queryset.filter(at__gte=start)
    if end is not None:
        queryset = queryset.filter(at__lt=end)
    if up_to is not None:
        queryset = queryset.filter(seq__lte=up_to)
    return queryset.order_by("-at", "-seq")


def audit_entries_about_person(
    *,
    person_id: int,
    since: dt.date | None = None,
    until: dt.date | None = None,
    up_to: int | None = None,
) -> QuerySet[AuditEntry]:
    """Who accessed a person: every row that names the person as subject, denials included."""
    return _in_period(AuditEntry.objects.filter(subject_person_id=person_id), since, until, up_to)


def audit_entries_about_persons(
    *, person_ids: list[int], merge_ids: list[int]
) -> QuerySet[AuditEntry]:
    """Every row about any of these records (one person's, merged), and about their merges."""
    about = Q(subject_person_id__in=person_ids)
    if merge_ids:
        about |= Q(object_type="person_merge", object_id__in=[str(pk) for pk in merge_ids])
    return AuditEntry.objects.filter(about)


def audit_entries_by_user(
    *,
    user_id: int,
    since: dt.date | None = None,
    until: dt.date | None = None,
    up_to: int | None = None,
) -> QuerySet[AuditEntry]:
    """What a user accessed (or tried to) in a period."""
    return _in_period(AuditEntry.objects.filter(actor_id=user_id), since, until, up_to)


def audit_entries_break_glass(
    *, since: dt.date | None = None, until: dt.date | None = None, up_to: int | None = None
) -> QuerySet[AuditEntry]:
    """Rows written under break-the-glass: the requests for it and the reads it allowed."""
    return _in_period(AuditEntry.objects.filter(break_glass=True), since, until, up_to)


def audit_organisation_names(codes: Iterable[str] | None = None) -> dict[str, str]:
    """Organisation code → name; the log stores the code as it was at the time of access."""
    queryset = Organisation.objects.all()
    if codes is not None:
        queryset = queryset.filter(code__in=set(codes))
    return dict(queryset.values_list("code", "name"))


def audit_case_references(entries: Iterable[AuditEntry]) -> dict[int, str]:
    """Case id → reference, for the cases the rows are about (one query)."""
    ids = case_ids_of((e.object_type, e.object_id, e.detail) for e in entries)
    if not ids:
        return {}
    return dict(Case.objects.filter(pk__in=ids).values_list("pk", "reference"))


def audit_users_for_review() -> QuerySet[User]:
    """Everyone whose actions the privacy officer may look up, by organisation and name."""
    return User.objects.select_related("organisation").order_by(
        "organisation__name", "last_name", "first_name", "username"
    )


def _break_glass_with_use() -> QuerySet[BreakGlass]:
    """Grants with their user and case, and how many reads were made under each.

    Every read under a grant (case, person, contribution, document, list or search) names the
    grant in its detail (``...;grant:<id>``, see ``veilig.audit.detail``); the request for the
    grant itself (object type ``break_glass``) is not a read and is not counted.
    """
    named = Concat(
        Value(DETAIL_SEPARATOR + GRANT_CODE_PREFIX),
        Cast(OuterRef("pk"), output_field=CharField()),
        Value(DETAIL_SEPARATOR),
    )
    uses = (
        AuditEntry.objects.annotate(
            codes=Concat(Value(DETAIL_SEPARATOR), "detail", Value(DETAIL_SEPARATOR))
        )
        .filter(
            break_glass=True,
            at__gte=OuterRef("granted_at"),
            at__lte=OuterRef("expires_at"),
            actor_id=OuterRef("user_id"),
            result=AuditResult.GRANTED,
            codes__contains=named,
        )
        .exclude(object_type="break_glass")
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


def break_glass_waiting() -> tuple[int, dt.datetime | None]:
    """How many grants wait for review, and since when the oldest waits (one query)."""
    counts = BreakGlass.objects.filter(reviewed_at__isnull=True).aggregate(
        n=Count("pk"), oldest=Min("granted_at")
    )
    return int(counts["n"]), counts["oldest"]
