"""Writes the consultations stage (``generator/consultations``). Private to ``writers``.

Rows go in through the one bulk writer with their historical times (the services stamp
'now'); then ``agenda_refresh`` builds each table's next agenda, exactly as the platform would.
The access-log rows the services would have written (triage decisions, informing the subject,
minutes, decisions, actions agreed at an item and their completion) are returned for the
history writer to chain with the casework's, in time order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Model

from veilig.access import policy
from veilig.access.cases import case_code
from veilig.access.needs import Purpose
from veilig.accounts.models import Organisation, User
from veilig.audit.context import AuditContext
from veilig.audit.detail import detail_join
from veilig.audit.models import AuditAction, AuditEntry
from veilig.audit.services import audit_entry_build
from veilig.cases.models import Action, Table
from veilig.consultations.models import (
    AgendaAction,
    AgendaItem,
    Attendance,
    Decision,
    DiscussionRequest,
    Meeting,
    SubjectInforming,
    TriageDecision,
)
from veilig.consultations.services.agenda import next_agenda_refresh
from veilig.consultations.vocabulary import STATEMENT_VERSION, AgendaActionKind
from veilig.demo.generator.casework import CaseworkPlan
from veilig.demo.generator.consultations import ConsultationsPlan
from veilig.demo.writers.history import AUDIT_CHANNEL, AUDIT_ORIGIN
from veilig.events.bulk import bulk_writer


@dataclass(frozen=True)
class _Ids:
    cases: list[int]
    persons: list[int]
    meetings: list[int]  # in plan order
    items: dict[tuple[int, int], int]  # (meeting index, case index) -> item id
    actions: dict[int, list[int]]  # case id -> action ids (casework first, then meetings')


def _insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    bulk_writer(model, fields).values_insert(rows)


def consultations_write(
    *,
    plan: ConsultationsPlan,
    casework: CaseworkPlan,
    users: dict[str, User],
    orgs: dict[str, Organisation],
    case_ids: list[int],
    person_ids: list[int],
    access_history: bool = True,
) -> list[AuditEntry]:
    """Write triage, informing, meetings and what hangs on them (inside a transaction);
    return the access-log rows of it, unchained, at their simulated times."""
    tables = dict(Table.objects.filter(code__in={m.table for m in plan.meetings})
                  .values_list("code", "pk"))  # fmt: skip
    _triage_write(plan, users, tables, case_ids)
    _insert(
        SubjectInforming,
        ("case", "informed_on", "postponed_reason", "review_on", "recorded_by", "recorded_at"),
        ((case_ids[i.case], i.informed_on, i.postponed_reason, i.review_on,
          users[i.recorded_by].pk, i.recorded_at) for i in plan.informing),
    )  # fmt: skip
    meeting_ids = _meetings_write(plan, users, orgs, tables)
    items = _items_write(plan, users, case_ids, meeting_ids)
    _insert(
        Action,
        ("case", "description", "owner_organisation", "owner_user", "deadline", "status",
         "result", "created_at", "completed_at"),
        ((case_ids[m.case], a.description, orgs[a.owner_organisation].pk,
          users[a.owner_user].pk if a.owner_user else None, a.deadline, a.status, a.result,
          a.created_at, a.completed_at)
         for m in plan.actions for a in (m.action,)),
    )  # fmt: skip
    actions: dict[int, list[int]] = defaultdict(list)
    rows = Action.objects.filter(case_id__in=case_ids).order_by("case_id", "id")
    for case_id, pk in rows.values_list("case_id", "pk"):
        actions[case_id].append(pk)
    ids = _Ids(case_ids, person_ids, meeting_ids, items, actions)
    _decisions_and_links_write(plan, users, ids)
    _insert(
        DiscussionRequest,
        ("case", "requested_by", "requested_at", "item"),
        ((case_ids[f.case], users[f.by].pk, f.at,
          items[(f.meeting, f.case)] if f.meeting is not None else None) for f in plan.flags),
    )  # fmt: skip
    for table_id in sorted(tables.values()):
        next_agenda_refresh(table_id=table_id)
    return _history(plan, casework, users, ids) if access_history else []


def _triage_write(
    plan: ConsultationsPlan, users: dict[str, User], tables: dict[str, int], case_ids: list[int]
) -> None:
    _insert(
        TriageDecision,
        ("case", "outcome", "table", "reason", "decided_by", "decided_at", "session"),
        ((case_ids[d.case], d.outcome, tables[d.table] if d.table else None, d.reason,
          users[d.decided_by].pk, d.decided_at, d.session) for d in plan.triage),
    )  # fmt: skip


def _meetings_write(
    plan: ConsultationsPlan,
    users: dict[str, User],
    orgs: dict[str, Organisation],
    tables: dict[str, int],
) -> list[int]:
    _insert(
        Meeting,
        ("table", "starts_at", "duration_minutes", "place", "video_link", "chair", "status",
         "agenda_ready_at", "created_by", "created_at"),
        ((tables[m.table], m.starts_at, m.duration_minutes, m.place, m.video_link,
          users[m.chair].pk, m.status, m.agenda_ready_at, users[m.chair].pk, m.created_at)
         for m in plan.meetings),
    )  # fmt: skip
    written = Meeting.objects.filter(table_id__in=tables.values()).values_list(
        "pk", "table_id", "starts_at"
    )
    by_start = {(table, start): pk for pk, table, start in written}
    meeting_ids = [by_start[(tables[m.table], m.starts_at)] for m in plan.meetings]
    _insert(
        Attendance,
        ("meeting", "user", "organisation", "incidental", "present", "statement_accepted_at",
         "statement_version", "recorded_by", "recorded_at"),
        ((pk, users[a.user].pk, orgs[a.organisation].pk, a.incidental, a.present,
          a.statement_at, STATEMENT_VERSION if a.statement_at else "", users[m.chair].pk,
          a.recorded_at)
         for pk, m in zip(meeting_ids, plan.meetings, strict=True) for a in m.attendance),
    )  # fmt: skip
    return meeting_ids


def _items_write(
    plan: ConsultationsPlan, users: dict[str, User], case_ids: list[int], meeting_ids: list[int]
) -> dict[tuple[int, int], int]:
    _insert(
        AgendaItem,
        ("meeting", "case", "position", "reason", "beeld", "oordeel", "besluit", "minuted_by",
         "minuted_at"),
        ((pk, case_ids[i.case], i.position, i.reason, i.beeld, i.oordeel, i.besluit,
          users[m.chair].pk if i.minuted_at else None, i.minuted_at)
         for pk, m in zip(meeting_ids, plan.meetings, strict=True) for i in m.items),
    )  # fmt: skip
    index_of = {pk: number for number, pk in enumerate(meeting_ids)}
    case_index = {pk: number for number, pk in enumerate(case_ids)}
    written = AgendaItem.objects.filter(meeting_id__in=meeting_ids).values_list(
        "pk", "meeting_id", "case_id"
    )
    return {(index_of[m], case_index[c]): pk for pk, m, c in written}


def _decisions_and_links_write(plan: ConsultationsPlan, users: dict[str, User], ids: _Ids) -> None:
    decisions: list[tuple[int, str, int, dt.datetime]] = []
    links: list[tuple[int, int, str]] = []
    for number, meeting in enumerate(plan.meetings):
        for item in meeting.items:
            item_id = ids.items[(number, item.case)]
            decisions.extend(
                (item_id, d.text, users[meeting.chair].pk, d.at) for d in item.decisions
            )
            for kind, refs in ((AgendaActionKind.AGREED, item.agreed),
                               (AgendaActionKind.RETURNED, item.returned)):  # fmt: skip
                links.extend((item_id, ids.actions[ids.cases[case]][n], kind) for case, n in refs)
    _insert(Decision, ("item", "text", "decided_by", "decided_at"), decisions)
    _insert(AgendaAction, ("item", "action", "kind"), links)


def _history(
    plan: ConsultationsPlan, casework: CaseworkPlan, users: dict[str, User], ids: _Ids
) -> list[AuditEntry]:
    """The rows the services write (``triage_decide``, ``subject_informing_record``,
    ``minutes_write``, ``decision_add``, ``meeting_action_add``, an action's completion)."""
    log = _Log(casework, users, ids)
    triage_ids = _ids_of(TriageDecision, ids.cases)
    seen: dict[int, int] = defaultdict(int)
    for d in plan.triage:
        pk = triage_ids[ids.cases[d.case]][seen[d.case]]
        seen[d.case] += 1
        log.row(d.decided_by, Purpose.TRIAGE, d.decided_at, AuditAction.CREATE,
                "triage_decision", pk, d.case, f"outcome:{d.outcome}")  # fmt: skip
    informing_ids = {case: pks[0] for case, pks in _ids_of(SubjectInforming, ids.cases).items()}
    for i in plan.informing:
        log.row(i.recorded_by, Purpose.CASEWORK, i.recorded_at, AuditAction.UPDATE,
                "subject_informing", informing_ids[ids.cases[i.case]], i.case,
                "informed" if i.informed_on else "postponed")  # fmt: skip
    decision_ids: dict[int, list[int]] = defaultdict(list)
    decisions = Decision.objects.filter(item_id__in=ids.items.values()).order_by("item_id", "id")
    for pk, item_id in decisions.values_list("pk", "item_id"):
        decision_ids[item_id].append(pk)
    agreed_actions = {(a.case, a.number): a.action for a in plan.actions}
    chair_purpose = Purpose.CONSULTATION
    for number, meeting in enumerate(plan.meetings):
        for item in meeting.items:
            item_id = ids.items[(number, item.case)]
            at_item = f"agenda_item:{item_id}"
            if item.minuted_at is not None:
                log.row(meeting.chair, chair_purpose, item.minuted_at, AuditAction.UPDATE,
                        "minutes", item_id, item.case, at_item)  # fmt: skip
            for pk, decision in zip(decision_ids[item_id], item.decisions, strict=True):
                log.row(meeting.chair, chair_purpose, decision.at, AuditAction.CREATE,
                        "decision", pk, item.case, at_item)  # fmt: skip
            for case, n in item.agreed:
                pk = ids.actions[ids.cases[case]][n]
                agreed = agreed_actions[(case, n)]
                log.row(meeting.chair, chair_purpose, agreed.created_at, AuditAction.CREATE,
                        "action", pk, case, at_item)  # fmt: skip
                done_by, done_at = agreed.completed_by, agreed.completed_at
                if done_at is not None and done_by is not None:
                    status = f"status:{agreed.status}"
                    log.row(done_by, Purpose.CASEWORK, done_at, AuditAction.UPDATE, "action",
                            pk, case, status)  # fmt: skip
    log.entries.sort(key=lambda e: e.at)
    return log.entries


class _Log:
    """Builds rows as the services' choke points write them (one context per login and
    purpose, channel ``demo``); each names the case and the case's subject."""

    def __init__(self, casework: CaseworkPlan, users: dict[str, User], ids: _Ids) -> None:
        self.casework, self.users, self.ids = casework, users, ids
        self.contexts: dict[tuple[str, str], AuditContext] = {}
        self.entries: list[AuditEntry] = []

    def context(self, login: str, purpose: str) -> AuditContext:
        if (login, purpose) not in self.contexts:
            user = self.users[login]
            base = AuditContext.for_command(user, role=policy.case_role(user), purpose=purpose)
            self.contexts[(login, purpose)] = replace(
                base, origin=AUDIT_ORIGIN, channel=AUDIT_CHANNEL
            )
        return self.contexts[(login, purpose)]

    def row(
        self,
        login: str,
        purpose: str,
        at: dt.datetime,
        action: AuditAction,
        object_type: str,
        object_id: int,
        case: int,
        detail: str,
    ) -> None:
        self.entries.append(
            audit_entry_build(
                context=self.context(login, purpose),
                at=at.astimezone(dt.UTC),
                action=action,
                object_type=object_type,
                object_id=object_id,
                subject_person_id=self.ids.persons[self.casework.cases[case].person],
                detail=detail_join(case_code(self.ids.cases[case]), detail),
            )
        )


def _ids_of(
    model: type[TriageDecision | SubjectInforming], case_ids: list[int]
) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    rows = model.objects.filter(case_id__in=case_ids).order_by("case_id", "id")
    for case_id, pk in rows.values_list("case_id", "pk"):
        found[case_id].append(pk)
    return found
