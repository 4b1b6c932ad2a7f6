"""Who reported each demo signal, when, and how far it got in the workflow. Pure.

Sources: the wijkteam (the wijkagent or BOA of the team of the stadsdeel, whoever fits the
category better), the police, a partner that fits the category (corporation, GGZ, wijkteam,
school) or a resident (no login). Statuses follow from simulated handling times: a signal is
taken up within a fraction of its category's handling time, one in five is forwarded, then
closed; a few get stuck for weeks and a few are reopened with a note. Whatever lies after the
end of the history has not happened yet, so old signals are closed and recent ones open —
some past their deadline. Signals about a person with a running case are often linked to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from veilig.demo.generator import events_time as t
from veilig.demo.generator.casework import CaseworkPlan
from veilig.demo.generator.signals_texts import REOPEN_NOTE
from veilig.demo.generator.teams import TeamPlan
from veilig.signals.vocabulary import SignalSource, SignalStatus

IntArray = npt.NDArray[np.int64]
Step = tuple[str, int, str]  # (to status, at, note)

# Partner logins that report each category (root code); none: no partner signals.
PARTNERS: dict[str, tuple[str, ...]] = {
    "overlast-jeugd": ("onderwijs", "wijkteam"),
    "drugsoverlast": ("corporatie", "stadswonen"),
    "verward-gedrag": ("ggz", "wijkteam", "corporatie"),
    "woninginbraak": (),
    "vernieling": ("corporatie", "stadswonen"),
    "overlast-personen": ("wijkteam", "corporatie"),
    "woonoverlast": ("corporatie", "stadswonen"),
    "ondermijning": ("corporatie", "stadswonen"),
    "overig": ("wijkteam",),
    "radicalisering": ("onderwijs", "wijkteam"),
}
ORGANISATION_OF: dict[str, str] = {
    "politie": "vbs-politie",
    "onderwijs": "vbs-onderwijs",
    "wijkteam": "vbs-wijkteam",
    "corporatie": "vbs-woonstede",
    "stadswonen": "vbs-stadswonen",
    "ggz": "vbs-ggz",
}
POLICE_MATTERS = frozenset(
    {"drugsoverlast", "verward-gedrag", "woninginbraak", "ondermijning", "radicalisering"}
)
# Typical handling time per category (hours).
HANDLING_HOURS: dict[str, float] = {
    "verward-gedrag": 12, "drugsoverlast": 24, "radicalisering": 24, "overlast-jeugd": 24,
    "woninginbraak": 24, "woonoverlast": 96, "ondermijning": 120,
}  # fmt: skip
DEFAULT_HANDLING_HOURS = 48.0
REPORT_DELAY_MINUTES = {"wijkteam": 15, "politie": 45, "partner": 1_200, "bewoner": 90}
FORWARDED, STUCK, REOPENED, CASE_LINK = 0.2, 0.08, 0.02, 0.6


@dataclass(frozen=True)
class Workflow:
    source: list[str]
    reporter: list[str]  # username, '' for a resident
    organisation: list[str]  # organisation code, '' for a resident
    reported: IntArray
    steps: list[tuple[Step, ...]]  # the first is ('nieuw', reported, '')
    case: IntArray  # casework case index, -1: none

    @property
    def status(self) -> list[str]:
        return [steps[-1][0] for steps in self.steps]


def root_of(category: str) -> str:
    return max((c for c in PARTNERS if category.startswith(c)), key=len)


def workflow_build(
    *,
    rng: np.random.Generator,
    categories: list[str],
    occurred: IntArray,
    stadsdeel: list[str],
    persons: list[tuple[int, ...]],
    casework: CaseworkPlan,
    teams: tuple[TeamPlan, ...],
    end: int,
) -> Workflow:
    roots = [root_of(c) for c in categories]
    team_of = {team.stadsdeel: team for team in teams}
    source, reporter, organisation = [], [], []
    draws = rng.random((len(roots), 3)).tolist()
    for root, area, (draw, swap, pick) in zip(roots, stadsdeel, draws, strict=True):
        kind = _source(root, draw)
        source.append(kind.value)
        if kind == SignalSource.TEAM:
            team = team_of[area]
            agent = (root in POLICE_MATTERS) != (swap < 0.25)
            reporter.append(team.wijkagent if agent else team.boa)
            organisation.append("vbs-politie" if agent else "vbs-gemeente")
        elif kind == SignalSource.POLICE:
            reporter.append("politie")
            organisation.append("vbs-politie")
        elif kind == SignalSource.PARTNER:
            login = PARTNERS[root][int(pick * len(PARTNERS[root]))]
            reporter.append(login)
            organisation.append(ORGANISATION_OF[login])
        else:
            reporter.append("")
            organisation.append("")
    minutes = np.asarray([REPORT_DELAY_MINUTES[s] for s in source], dtype=float)
    delay = np.exp(np.log(minutes * 60) + rng.normal(0, 1.0, len(source))).astype(np.int64)
    reported = np.clip(occurred + delay, occurred, end - 1).astype(np.int64)
    steps = _steps(rng=rng, roots=roots, reported=reported, end=end)
    case = _case_links(rng=rng, occurred=occurred, persons=persons, casework=casework)
    return Workflow(source, reporter, organisation, reported, steps, case)


def _source(root: str, draw: float) -> SignalSource:
    if root == "radicalisering":
        return SignalSource.TEAM if draw < 0.4 else SignalSource.PARTNER
    team, police, partner = 0.5, 0.15, 0.2 if PARTNERS[root] else 0.0
    for kind, share in (
        (SignalSource.TEAM, team + (0.2 - partner)),
        (SignalSource.POLICE, police),
        (SignalSource.PARTNER, partner),
    ):
        if draw < share:
            return kind
        draw -= share
    return SignalSource.RESIDENT  # fmt: skip


def _steps(
    *, rng: np.random.Generator, roots: list[str], reported: IntArray, end: int
) -> list[tuple[Step, ...]]:
    n = len(roots)
    hours = np.asarray([HANDLING_HOURS.get(r, DEFAULT_HANDLING_HOURS) for r in roots]) * t.HOUR

    def later(median: npt.NDArray[np.float64], sigma: float) -> IntArray:
        return (np.exp(np.log(median) + rng.normal(0, sigma, n)) + 60).astype(np.int64)

    taken = reported + later(0.3 * hours, 0.9)
    forwarded = np.where(rng.random(n) < FORWARDED, taken + later(0.5 * hours, 0.8), -1)
    stuck = np.where(rng.random(n) < STUCK, rng.uniform(5, 20, n), 1.0)
    handled = (later(2.5 * hours, 1.0) * stuck).astype(np.int64)
    closed = np.maximum(taken, forwarded) + handled
    reopen_after = later(np.full(n, 4.0 * t.DAY), 0.5)
    reopened = np.where(rng.random(n) < REOPENED, closed + reopen_after, -1)
    closed_again = reopened + later(0.5 * hours, 1.0)
    found = []
    for i in range(n):
        steps: list[Step] = [(SignalStatus.NEW.value, int(reported[i]), "")]
        plan = [(SignalStatus.IN_PROGRESS, taken[i], ""),
                (SignalStatus.FORWARDED, forwarded[i], ""),
                (SignalStatus.CLOSED, closed[i], ""),
                (SignalStatus.IN_PROGRESS, reopened[i], REOPEN_NOTE),
                (SignalStatus.CLOSED, closed_again[i] if reopened[i] >= 0 else -1, "")]  # fmt: skip
        for status, at, note in plan:
            if at < 0:
                continue
            if at >= end:
                break
            steps.append((status.value, int(at), note))
        found.append(tuple(steps))
    return found


def _case_links(
    *,
    rng: np.random.Generator,
    occurred: IntArray,
    persons: list[tuple[int, ...]],
    casework: CaseworkPlan,
) -> IntArray:
    """A running case of an involved person, linked for most such signals."""
    cases_of: dict[int, list[tuple[int, int, int]]] = {}
    for index, case in enumerate(casework.cases):
        closed = int(case.closed_at.timestamp()) if case.closed_at else 2**62
        cases_of.setdefault(case.person, []).append(
            (int(case.registered_at.timestamp()), closed, index)
        )
    draws = rng.random(len(persons)).tolist()
    found = np.full(len(persons), -1, dtype=np.int64)
    rows = zip(persons, occurred.tolist(), draws, strict=True)
    for i, (involved, moment, draw) in enumerate(rows):
        running = [c for p in involved for c in cases_of.get(p, []) if c[0] <= moment <= c[1]]
        if running and draw < CASE_LINK:
            found[i] = max(running)[2]
    return found
