"""Reads of the triage pages: the weekly session, its queue, a case's triage facts.

The cases themselves come through the choke points (``veilig.access.meetings.access_triage_queue``,
``veilig.access.cases.access_case``); these functions only arrange what those returned, and count
earlier cases of the same person among the cases the user may open (never the hidden ones).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from veilig.access.meetings import TRIAGE_STATUSES
from veilig.access.policy import cases_visible_to
from veilig.accounts.models import User
from veilig.cases.models import Case
from veilig.consultations.models import SubjectInforming, TriageDecision
from veilig.consultations.vocabulary import TriageOutcome

CRITERIA = ("crit_multi_domain", "crit_coercion", "crit_surroundings", "crit_area_problem")
_CRITERIA_LABELS: dict[str, str | Promise] = {
    field.name: field.verbose_name for field in Case._meta.concrete_fields if field.name in CRITERIA
}
_TUESDAY = 1
_CUTOFF = dt.time(12, 0)


def triage_current_session(*, today: dt.date) -> dt.date:
    """The session triage works on today: today when it is Tuesday, else the next Tuesday."""
    return today + dt.timedelta(days=(_TUESDAY - today.weekday()) % 7)


def triage_session_cutoff(*, session: dt.date) -> dt.datetime:
    """Monday noon before the session: what was registered earlier belongs to it."""
    monday = session - dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(monday, _CUTOFF))


def triage_waiting_for_session(*, queue: QuerySet[Case], cutoff: dt.datetime) -> QuerySet[Case]:
    """The cases of ``queue`` for the session with ``cutoff``: registered before it, and not
    sent back ("more information needed") at or after it (those wait for the next week)."""
    sent_back = TriageDecision.objects.filter(
        case=OuterRef("pk"), outcome=TriageOutcome.MORE_INFORMATION, decided_at__gte=cutoff
    )
    return queue.filter(registered_at__lt=cutoff).filter(~Exists(sent_back))


@dataclass(frozen=True)
class TriageRow:
    """One case as triage sees it."""

    case: Case
    criteria: list[str | Promise]
    earlier: list[str]  # references of earlier cases of the same person the user may open


@dataclass(frozen=True)
class TriageQueue:
    session: dt.date
    cutoff: dt.datetime
    this_session: list[TriageRow]
    next_week: list[TriageRow]
    review: list[SubjectInforming]  # postponed informing whose review date has come


def criteria_met(case: Case) -> list[str | Promise]:
    """The labels of the admission criteria the registration says are met."""
    return [_CRITERIA_LABELS[name] for name in CRITERIA if getattr(case, name)]


def earlier_cases(*, user: User, cases: list[Case]) -> dict[int, list[str]]:
    """Case id -> references of the earlier cases of its person that ``user`` may open (one
    query; a case the user may not open is neither listed nor counted)."""
    subjects = {case.subject_id for case in cases}
    rows = (
        cases_visible_to(user)
        .filter(subject_id__in=subjects)
        .order_by("registered_at", "pk")
        .values_list("pk", "subject_id", "reference", "registered_at")
    )
    by_subject: dict[int, list[tuple[int, str, dt.datetime]]] = {}
    for pk, subject_id, reference, at in rows:
        by_subject.setdefault(subject_id, []).append((pk, reference, at))
    return {
        case.pk: [
            reference
            for pk, reference, at in by_subject.get(case.subject_id, [])
            if pk != case.pk and (at, pk) < (case.registered_at, case.pk)
        ]
        for case in cases
    }


def _rows(user: User, cases: list[Case]) -> list[TriageRow]:
    earlier = earlier_cases(user=user, cases=cases)
    return [TriageRow(case, criteria_met(case), earlier[case.pk]) for case in cases]


def informing_to_review(*, user: User, today: dt.date) -> list[SubjectInforming]:
    """Postponed informing of the subject whose review date has come, in cases ``user`` sees."""
    return list(
        SubjectInforming.objects.filter(
            informed_on__isnull=True,
            review_on__lte=today,
            case__in=cases_visible_to(user).values("pk"),
        )
        .select_related("case")
        .order_by("review_on", "pk")
    )


def triage_queue_view(*, user: User, queue: QuerySet[Case], now: dt.datetime) -> TriageQueue:
    """The triage page: this session's cases, those for next week, the informing to review."""
    session = triage_current_session(today=timezone.localdate(now))
    cutoff = triage_session_cutoff(session=session)
    this_ids = set(
        triage_waiting_for_session(queue=queue, cutoff=cutoff).values_list("pk", flat=True)
    )
    cases = list(queue.select_related("registering_organisation").order_by("registered_at", "pk"))
    rows = _rows(user, cases)
    return TriageQueue(
        session=session,
        cutoff=cutoff,
        this_session=[row for row in rows if row.case.pk in this_ids],
        next_week=[row for row in rows if row.case.pk not in this_ids],
        review=informing_to_review(user=user, today=timezone.localdate(now)),
    )


def triage_decisions_of(*, case: Case) -> list[TriageDecision]:
    """The earlier triage decisions on a case (already opened), oldest first."""
    return list(case.triage_decisions.select_related("table"))


def subject_informing_of(*, case: Case) -> SubjectInforming | None:
    """How informing the subject of a case (already opened) stands, if recorded."""
    return SubjectInforming.objects.filter(case=case).first()


def triage_waiting_count(*, visible: QuerySet[Case], today: dt.date) -> int:
    """How many of the ``visible`` cases wait for this week's triage session (one query)."""
    cutoff = triage_session_cutoff(session=triage_current_session(today=today))
    queue = visible.filter(status__in=TRIAGE_STATUSES)
    return triage_waiting_for_session(queue=queue, cutoff=cutoff).count()
