"""The consultations stage: weekly triage, informing the subject, three years of meetings.

Built from the casework plan (its cases, their steps and actions) with its own stream
(``consultations``), so adding it left the casework's draws unchanged. Pure: no database;
``writers.consultations`` writes it and then lets ``agenda_refresh`` build each table's next
agenda.

The demo's notifications are derived from what was written (``writers.notifications``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from veilig.demo.generator.casework import CaseworkPlan
from veilig.demo.generator.meetings import (
    FlagPlan,
    MeetingActionPlan,
    MeetingPlan,
    meetings_build,
)
from veilig.demo.generator.seeding import stage_rng
from veilig.demo.generator.triage import (
    InformingPlan,
    TriageDecisionPlan,
    informing_build,
    triage_build,
)


@dataclass(frozen=True)
class ConsultationsPlan:
    triage: tuple[TriageDecisionPlan, ...]
    informing: tuple[InformingPlan, ...]
    meetings: tuple[MeetingPlan, ...]
    actions: tuple[MeetingActionPlan, ...]  # agreed at meetings, in the order they were agreed
    flags: tuple[FlagPlan, ...]


def consultations_build(
    *, seed: int, casework: CaseworkPlan, anchor: dt.datetime
) -> ConsultationsPlan:
    rng = stage_rng(seed=seed, stage="consultations")
    triage = triage_build(rng=rng, cases=casework.cases, anchor=anchor)
    informing = informing_build(rng=rng, cases=casework.cases, anchor=anchor)
    outcome = meetings_build(rng=rng, cases=casework.cases, anchor=anchor)
    return ConsultationsPlan(
        triage=tuple(triage),
        informing=tuple(informing),
        meetings=tuple(outcome.meetings),
        actions=tuple(outcome.actions),
        flags=tuple(outcome.flags),
    )


def consultations_counts(plan: ConsultationsPlan) -> dict[str, int]:
    """Figures of the plan (for the docs and the tests)."""
    statuses = Counter(str(m.status) for m in plan.meetings)
    returned = Counter(ref for m in plan.meetings for i in m.items for ref in i.returned)
    return {
        "triage_decisions": len(plan.triage),
        "informing": len(plan.informing),
        "informing_postponed": sum(1 for i in plan.informing if i.informed_on is None),
        "meetings": len(plan.meetings),
        **{f"meetings_{status}": count for status, count in sorted(statuses.items())},
        "items": sum(len(m.items) for m in plan.meetings),
        "decisions": sum(len(i.decisions) for m in plan.meetings for i in m.items),
        "attendance": sum(len(m.attendance) for m in plan.meetings),
        "meeting_actions": len(plan.actions),
        "returned_links": sum(returned.values()),
        "returned_twice_or_more": sum(1 for n in returned.values() if n >= 2),
        "flags": len(plan.flags),
    }
