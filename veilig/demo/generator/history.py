"""Who did and looked at what, when: the access-log history and break-the-glass of the demo.

Every write in the casework gets the row its service would have written (create, status
change, participant, contribution, plan, action, document); participants read their cases
over time; a few partners use break-the-glass (some reviewed by the privacy officer, some
waiting); a few attempts are denied. Pure: no database.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from veilig.audit.models import AuditAction, AuditResult
from veilig.cases.vocabulary import Scope, Status, Theme
from veilig.demo.generator import casework_texts as texts
from veilig.demo.generator.casework import (
    BREAK_GLASS_GRANTS,
    COORDINATOR,
    DENIED_ATTEMPTS,
    ORG_LOGIN,
    PRIVACY_OFFICER,
    AuditEventPlan,
    BreakGlassPlan,
    CasePlan,
    DocumentPlan,
    _between,
    _pick,
)
from veilig.demo.generator.tables import TABLES

S = Status
_A = AuditAction
_TABLES = {table.code: table for table in TABLES}
_RADICALISATION_READERS = next(t.representatives for t in TABLES if t.theme == Theme.RADICALISATION)
# Reads of a case: about one per this many days it is active, at most READS_MAX.
READ_EVERY_DAYS = 75
READS_MAX = 8
PERSON_READ_SHARE = 0.1
_LOGIN_ORG = {login: org for org, login in ORG_LOGIN.items()}
_PARTNER_LOGINS = tuple(login for org, login in ORG_LOGIN.items() if org != "vbs-gemeente")


def _sees_document(login: str, case: CasePlan, document: DocumentPlan) -> bool:
    """Whether ``login`` may download ``document`` (mirrors ``access.policy._scope_filter``)."""
    if ORG_LOGIN[document.organisation] == login:
        return True
    if login == COORDINATOR:
        return document.scope != Scope.SOURCE
    if document.scope != Scope.PARTICIPANTS:
        return False
    table = _TABLES.get(case.table or "")
    if table is None:
        return True
    # The categories of the reader's organisation's membership; no membership, none.
    organisation = _LOGIN_ORG[login]
    return document.data_category in (table.categories_of(organisation) or ())


def _readers(case: CasePlan) -> list[tuple[str, dt.datetime]]:
    """The logins who may open the case, with the moment they could first."""
    readers = {COORDINATOR: case.registered_at}
    for participant in case.participants:
        readers.setdefault(ORG_LOGIN[participant.organisation], participant.at)
    if case.theme == Theme.RADICALISATION:
        readers = {k: v for k, v in readers.items() if k in _RADICALISATION_READERS}
    return sorted(readers.items())


def case_events(rng: np.random.Generator, index: int, case: CasePlan) -> list[AuditEventPlan]:
    """The rows the services would have written for this case, and reads over time."""
    events = [AuditEventPlan(case.registered_at, case.registered_by, _A.CREATE, "case", index)]
    for step in case.steps[1:]:
        events.append(
            AuditEventPlan(step.at, step.by, _A.UPDATE, "case", index,
                           detail=f"status:{step.to_status}", purpose="triage")
        )  # fmt: skip
    for number, participant in enumerate(case.participants[1:], start=1):
        events.append(
            AuditEventPlan(participant.at, participant.invited_by, _A.CREATE, "participant",
                           index, detail=f"organisation:{participant.organisation}",
                           item=number)
        )  # fmt: skip
    for number, item in enumerate(case.contributions):
        events.append(
            AuditEventPlan(item.at, item.author, _A.CREATE, "contribution", index, item=number)
        )
    for plan_step in (s for s in case.steps if s.to_status == S.PLAN and case.goals):
        events.append(
            AuditEventPlan(plan_step.at + dt.timedelta(minutes=5), case.plan_by, _A.UPDATE,
                           "plan", index, item=0)
        )  # fmt: skip
    for number, action in enumerate(case.actions):
        events.append(
            AuditEventPlan(action.created_at, COORDINATOR, _A.CREATE, "action", index,
                           item=number)
        )  # fmt: skip
        if action.completed_at is not None and action.completed_by is not None:
            events.append(
                AuditEventPlan(action.completed_at, action.completed_by, _A.UPDATE, "action",
                               index, detail=f"status:{action.status}", item=number)
            )  # fmt: skip
    readers = _readers(case)
    for number, document in enumerate(case.documents):
        events.append(
            AuditEventPlan(document.at, document.uploaded_by, _A.CREATE, "document", index,
                           item=number)
        )  # fmt: skip
        allowed = [login for login, _ in readers if _sees_document(login, case, document)]
        for _ in range(int(rng.integers(1, 4))):
            events.append(
                AuditEventPlan(_between(rng, document.at, case.active_until),
                               _pick(rng, allowed), _A.DOWNLOAD, "document", index,
                               item=number)
            )  # fmt: skip
    active_days = (case.active_until - case.registered_at).days
    reads = min(READS_MAX, 1 + int(rng.poisson(active_days / READ_EVERY_DAYS)))
    accepted = next((s.at for s in case.steps if s.to_status == S.ACCEPTED), None)
    for _ in range(reads):
        login, since = readers[int(rng.integers(len(readers)))]
        at = _between(rng, since, case.active_until)
        consultation = accepted is not None and at > accepted and rng.random() < 0.3
        purpose = "consultation" if consultation else "casework"
        events.append(AuditEventPlan(at, login, _A.READ, "case", index, purpose=purpose))
        if rng.random() < PERSON_READ_SHARE:
            events.append(
                AuditEventPlan(at + dt.timedelta(minutes=2), login, _A.READ, "person", index,
                               purpose=purpose)
            )  # fmt: skip
    return events


def break_glass_build(
    *, rng: np.random.Generator, cases: list[CasePlan], anchor: dt.datetime, hours: int
) -> tuple[list[BreakGlassPlan], list[AuditEventPlan]]:
    """A few emergency accesses in the last three months, the oldest ones reviewed."""
    since = anchor - dt.timedelta(days=90)
    candidates = [
        i for i, case in enumerate(cases)
        if case.theme != Theme.RADICALISATION and case.active_until == anchor
        and case.registered_at < since
    ]  # fmt: skip
    chosen = sorted(int(i) for i in rng.choice(candidates, size=BREAK_GLASS_GRANTS, replace=False))
    drafts = []
    for index in chosen:
        case = cases[index]
        taking_part = {ORG_LOGIN[p.organisation] for p in case.participants}
        outsiders = [login for login in _PARTNER_LOGINS if login not in taking_part]
        user = _pick(rng, outsiders)
        granted = _between(rng, since, anchor - dt.timedelta(hours=hours + 1))
        drafts.append((granted, index, user))
    drafts.sort()
    grants: list[BreakGlassPlan] = []
    events: list[AuditEventPlan] = []
    waiting = 3  # the newest grants still wait for the privacy officer
    for number, (granted, index, user) in enumerate(drafts):
        expires = granted + dt.timedelta(hours=hours)
        reviewed = None
        if number < len(drafts) - waiting:
            reviewed = min(granted + dt.timedelta(days=int(rng.integers(1, 7))),
                           anchor - dt.timedelta(hours=1))  # fmt: skip
        grants.append(
            BreakGlassPlan(
                case=index,
                user=user,
                reason=_pick(rng, texts.BREAK_GLASS_REASONS),
                granted_at=granted,
                expires_at=expires,
                reviewed_by=PRIVACY_OFFICER if reviewed else None,
                reviewed_at=reviewed,
                review_note=_pick(rng, texts.BREAK_GLASS_REVIEWS) if reviewed else "",
            )
        )
        # The request and the reads under the grant, as the services write them: flagged and
        # naming the grant (the privacy officer's queue counts reads by it, within its window).
        events.append(
            AuditEventPlan(granted, user, _A.CREATE, "break_glass", index,
                           purpose="break_glass", break_glass=True, grant=number)
        )  # fmt: skip
        for _ in range(int(rng.integers(1, 3))):
            at = _between(rng, granted, expires)
            events.append(
                AuditEventPlan(at, user, _A.READ, "case", index, break_glass=True, grant=number)
            )
    return grants, events


def denied_build(
    *, rng: np.random.Generator, cases: list[CasePlan], anchor: dt.datetime
) -> list[AuditEventPlan]:
    """Attempts to open a case the user may not see: half of them radicalisation cases."""
    radicalisation = [i for i, c in enumerate(cases) if c.theme == Theme.RADICALISATION]
    others = [i for i, c in enumerate(cases) if c.theme != Theme.RADICALISATION]
    events = []
    for number in range(DENIED_ATTEMPTS):
        pool = radicalisation if number % 2 == 0 and radicalisation else others
        index = pool[int(rng.integers(len(pool)))]
        case = cases[index]
        allowed = {login for login, _ in _readers(case)}
        outsiders = [login for login in _PARTNER_LOGINS if login not in allowed]
        at = _between(rng, case.registered_at, min(case.active_until, anchor))
        events.append(
            AuditEventPlan(at, _pick(rng, outsiders), _A.READ, "case", index,
                           result=AuditResult.DENIED)
        )  # fmt: skip
    return events
