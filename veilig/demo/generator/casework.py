"""The casework of the Veiligheidshuis Voorbeeldstad as plain data: persons, cases, history.

About 400 cases registered over the last three years, across every theme and every status of
the workflow. Each case walks a valid path through ``TRANSITIONS`` with plausible dates; it
gets participants, contributions in every sharing scope, and (when it got that far) a plan
with actions. Some cases get a document; a few partners use break-the-glass; participants read
the cases over time. Pure: no database. Dates are relative to ``today`` (the build day): every
event happens before its midnight, so the same seed and day give the same casework.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from zoneinfo import ZoneInfo

import numpy as np

from veilig.audit.models import AuditAction, AuditResult
from veilig.cases.models import ParticipantRole
from veilig.cases.vocabulary import ActionStatus, DataCategory, LegalBasis, Scope, Status, Theme
from veilig.demo.generator import casework_texts as texts
from veilig.demo.generator.tables import TABLE_FOR_THEME, TABLES, TablePlan

TZ = ZoneInfo("Europe/Amsterdam")
HISTORY_DAYS = 3 * 365

S = Status
# How many cases end up in each status (about 400 in all; every status present).
STATUS_COUNTS: dict[Status, int] = {
    S.REGISTERED: 10,
    S.TRIAGE: 14,
    S.ACCEPTED: 16,
    S.BILATERAL: 16,
    S.LOCAL: 16,
    S.NOT_ACCEPTED: 44,
    S.PLAN: 62,
    S.MONITORING: 50,
    S.STEPPED_DOWN: 28,
    S.CLOSED: 144,
}
THEME_WEIGHTS: dict[Theme, float] = {
    Theme.ICO: 0.22,
    Theme.RADICALISATION: 0.05,
    Theme.PGA: 0.10,
    Theme.CONFUSED_PERSONS: 0.18,
    Theme.DOMESTIC_VIOLENCE: 0.17,
    Theme.YOUTH: 0.17,
    Theme.NUISANCE: 0.11,
}

# The paths to each final status, with their weights.
_R, _T, _A, _B, _L, _N, _P, _M, _SD, _C = (
    S.REGISTERED, S.TRIAGE, S.ACCEPTED, S.BILATERAL, S.LOCAL, S.NOT_ACCEPTED, S.PLAN,
    S.MONITORING, S.STEPPED_DOWN, S.CLOSED,
)  # fmt: skip
PATHS: dict[Status, tuple[tuple[tuple[Status, ...], float], ...]] = {
    _R: (((_R,), 1.0),),
    _T: (((_R, _T), 1.0),),
    _A: (((_R, _T, _A), 1.0),),
    _B: (((_R, _T, _B), 1.0),),
    _L: (((_R, _T, _L), 1.0),),
    _N: (((_R, _T, _N), 1.0),),
    _P: (((_R, _T, _A, _P), 0.85), ((_R, _T, _A, _P, _M, _P), 0.15)),
    _M: (((_R, _T, _A, _P, _M), 0.85), ((_R, _T, _A, _P, _M, _P, _M), 0.15)),
    _SD: (((_R, _T, _A, _P, _M, _SD), 0.8), ((_R, _T, _A, _P, _SD), 0.2)),
    _C: (
        ((_R, _T, _A, _P, _M, _SD, _C), 0.35),
        ((_R, _T, _A, _P, _M, _C), 0.2),
        ((_R, _T, _A, _P, _C), 0.1),
        ((_R, _T, _B, _C), 0.15),
        ((_R, _T, _L, _C), 0.15),
        ((_R, _T, _A, _C), 0.05),
    ),
}
# Days between entering one status and the next (inclusive bounds).
GAPS: dict[tuple[Status, Status], tuple[int, int]] = {
    (_R, _T): (1, 10),
    (_T, _A): (2, 21),
    (_T, _B): (2, 21),
    (_T, _L): (2, 21),
    (_T, _N): (2, 21),
    (_A, _P): (7, 35),
    (_A, _C): (10, 60),
    (_P, _M): (45, 150),
    (_M, _P): (20, 120),
    (_P, _SD): (60, 180),
    (_M, _SD): (30, 150),
    (_SD, _C): (30, 120),
    (_M, _C): (30, 120),
    (_P, _C): (30, 200),
    (_B, _C): (30, 200),
    (_L, _C): (30, 200),
}
# How long a case has been in its final, still open status on the build day (days).
DWELL: dict[Status, tuple[int, int]] = {
    _R: (0, 6),
    _T: (0, 13),
    _A: (1, 20),
    _B: (5, 150),
    _L: (5, 150),
    _P: (5, 120),
    _M: (5, 200),
    _SD: (5, 150),
}

COORDINATOR = "regisseur"
PRIVACY_OFFICER = "privacy"
# The login that works on cases for each organisation.
ORG_LOGIN: dict[str, str] = {
    "vbs-gemeente": "regisseur",
    "vbs-politie": "politie",
    "vbs-om": "om",
    "vbs-reclassering": "reclassering",
    "vbs-ggz": "ggz",
    "vbs-veilig-thuis": "veiligthuis",
    "vbs-rvdk": "raad",
    "vbs-woonstede": "corporatie",
    "vbs-stadswonen": "stadswonen",
    "vbs-wijkteam": "wijkteam",
    "vbs-onderwijs": "onderwijs",
}
# Colleagues who may own an action (team members: they own it but do not see the case).
EXTRA_OWNERS: dict[str, tuple[str, ...]] = {"vbs-politie": ("wijkagent",), "vbs-gemeente": ("boa",)}

_D, _LB = DataCategory, LegalBasis
# What each organisation contributes: its data category and the legal basis that fits it.
ORG_SOURCES: dict[str, tuple[tuple[DataCategory, LegalBasis], ...]] = {
    "vbs-gemeente": ((_D.MUNICIPAL, _LB.AVG_6_1_E),),
    "vbs-politie": ((_D.POLICE, _LB.WPG_16),),
    "vbs-om": ((_D.JUSTICE, _LB.WJSG_39F),),
    "vbs-reclassering": ((_D.JUSTICE, _LB.WJSG_39F),),
    "vbs-ggz": ((_D.CARE, _LB.CONSENT),),
    "vbs-veilig-thuis": ((_D.CARE, _LB.WMO_5_1), (_D.CARE, _LB.AVG_6_1_C)),
    "vbs-rvdk": ((_D.CARE, _LB.JEUGDWET), (_D.JUSTICE, _LB.JEUGDWET)),
    "vbs-woonstede": ((_D.HOUSING, _LB.CONSENT), (_D.HOUSING, _LB.AVG_6_1_E)),
    "vbs-stadswonen": ((_D.HOUSING, _LB.CONSENT), (_D.HOUSING, _LB.AVG_6_1_E)),
    "vbs-wijkteam": ((_D.CARE, _LB.WMO_5_1), (_D.MUNICIPAL, _LB.WMO_5_1)),
    "vbs-onderwijs": ((_D.SCHOOL, _LB.AVG_6_1_E), (_D.SCHOOL, _LB.CONSENT)),
}

# Who registers a case of a theme, and who may be invited to take part.
REGISTRANTS: dict[Theme, tuple[str, ...]] = {
    Theme.ICO: ("vbs-politie", "vbs-reclassering", "vbs-om", "vbs-gemeente", "vbs-wijkteam"),
    Theme.RADICALISATION: ("vbs-politie", "vbs-gemeente"),
    Theme.PGA: ("vbs-politie", "vbs-om", "vbs-reclassering"),
    Theme.CONFUSED_PERSONS: ("vbs-politie", "vbs-ggz", "vbs-gemeente", "vbs-wijkteam",
                             "vbs-woonstede"),
    Theme.DOMESTIC_VIOLENCE: ("vbs-veilig-thuis", "vbs-politie", "vbs-wijkteam"),
    Theme.YOUTH: ("vbs-rvdk", "vbs-onderwijs", "vbs-politie", "vbs-wijkteam", "vbs-gemeente"),
    Theme.NUISANCE: ("vbs-woonstede", "vbs-stadswonen", "vbs-gemeente", "vbs-politie"),
}  # fmt: skip
POOLS: dict[Theme, tuple[str, ...]] = {
    theme: next(t.members for t in TABLES if t.code == TABLE_FOR_THEME[theme]) for theme in Theme
}
# Radicalisation cases involve only the organisations whose logins sit at that table.
POOLS[Theme.RADICALISATION] = ("vbs-gemeente", "vbs-politie")
POOLS[Theme.NUISANCE] = ("vbs-gemeente", "vbs-politie", "vbs-woonstede", "vbs-stadswonen",
                         "vbs-wijkteam", "vbs-ggz")  # fmt: skip

# Age range of the subject at registration.
AGES: dict[Theme, tuple[int, int]] = {
    Theme.ICO: (18, 55),
    Theme.RADICALISATION: (16, 35),
    Theme.PGA: (18, 40),
    Theme.CONFUSED_PERSONS: (20, 75),
    Theme.DOMESTIC_VIOLENCE: (22, 60),
    Theme.YOUTH: (12, 21),
    Theme.NUISANCE: (20, 70),
}
# Probability of each admission criterion per theme: multi-domain, coercion, surroundings, area.
CRITERIA: dict[Theme, tuple[float, float, float, float]] = {
    Theme.ICO: (0.9, 0.7, 0.5, 0.1),
    Theme.RADICALISATION: (0.4, 0.6, 0.6, 0.2),
    Theme.PGA: (0.7, 0.9, 0.4, 0.3),
    Theme.CONFUSED_PERSONS: (0.9, 0.4, 0.6, 0.1),
    Theme.DOMESTIC_VIOLENCE: (0.6, 0.5, 0.95, 0.0),
    Theme.YOUTH: (0.8, 0.4, 0.6, 0.2),
    Theme.NUISANCE: (0.4, 0.3, 0.8, 0.8),
}
SCOPE_WEIGHTS: tuple[tuple[Scope, float], ...] = (
    (Scope.PARTICIPANTS, 0.6),
    (Scope.COORDINATION, 0.25),
    (Scope.SOURCE, 0.15),
)
BSN_SHARE_SUBJECT = 0.7
BSN_SHARE_RELATIVE = 0.4
RE_REGISTRATION_SHARE = 0.08
DOCUMENT_SHARE = 0.09
BREAK_GLASS_GRANTS = 7
DENIED_ATTEMPTS = 8
# The demo's BSNs all start with these digits (see docs/demo.md).
BSN_PREFIX = "9999"
_NAME_PREFIXES = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "op"})


@dataclass(frozen=True)
class ResidencePlan:
    address: int  # index into the AddressPlan
    since: dt.date
    until: dt.date | None


@dataclass(frozen=True)
class PersonPlan:
    uuid: str
    first_name: str
    prefix: str
    last_name: str
    date_of_birth: dt.date
    bsn: str  # '' when the person has none in the registry
    residences: tuple[ResidencePlan, ...]  # oldest first


@dataclass(frozen=True)
class RelationPlan:
    person: int
    other: int
    kind: str
    description: str


@dataclass(frozen=True)
class StepPlan:
    from_status: str  # '' for the registration itself
    to_status: Status
    at: dt.datetime
    by: str
    reason: str


@dataclass(frozen=True)
class ParticipantPlan:
    organisation: str
    role: ParticipantRole
    invited_by: str
    at: dt.datetime


@dataclass(frozen=True)
class ContributionPlan:
    organisation: str
    author: str
    text: str
    data_category: DataCategory
    legal_basis: LegalBasis
    scope: Scope
    at: dt.datetime


@dataclass(frozen=True)
class ActionPlan:
    description: str
    owner_organisation: str
    owner_user: str | None
    deadline: dt.date
    status: ActionStatus
    result: str
    created_at: dt.datetime
    completed_at: dt.datetime | None
    completed_by: str | None


@dataclass(frozen=True)
class DocumentPlan:
    organisation: str
    uploaded_by: str
    name: str  # the original file name, with extension
    title: str
    body: str
    data_category: DataCategory
    scope: Scope
    at: dt.datetime


@dataclass
class CasePlan:
    reference: str
    person: int
    theme: Theme
    status: Status
    registering_organisation: str
    registered_by: str
    registered_at: dt.datetime
    stadsdeel: str | None
    reason: str
    criteria: tuple[bool, bool, bool, bool]
    table: str | None
    decision_reason: str
    outcome: str
    closed_at: dt.datetime | None
    updated_at: dt.datetime
    steps: tuple[StepPlan, ...]
    # Until when things happen on the case: its closing or refusal, else the build day.
    active_until: dt.datetime
    participants: list[ParticipantPlan] = field(default_factory=list)
    contributions: list[ContributionPlan] = field(default_factory=list)
    goals: str = ""
    plan_by: str = ""
    plan_at: dt.datetime | None = None
    actions: list[ActionPlan] = field(default_factory=list)
    documents: list[DocumentPlan] = field(default_factory=list)


@dataclass(frozen=True)
class BreakGlassPlan:
    case: int
    user: str
    reason: str
    granted_at: dt.datetime
    expires_at: dt.datetime
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_note: str


@dataclass(frozen=True)
class AuditEventPlan:
    """One access-log row to write: who did what to which case, person or document, when."""

    at: dt.datetime  # the simulated moment: the row's time (see writers.history)
    user: str
    action: AuditAction
    # case, person, break_glass, or an item of the case: contribution, participant, plan,
    # action, document (the row then names the item, and its case as ``case:<id>``)
    object_type: str
    case: int
    detail: str = ""
    purpose: str = "casework"
    break_glass: bool = False
    result: AuditResult = AuditResult.GRANTED
    item: int | None = None  # index into the case's items of ``object_type``
    grant: int | None = None  # index into the break-the-glass grants (detail grant:<id>)


@dataclass(frozen=True)
class CaseworkPlan:
    tables: tuple[TablePlan, ...]
    persons: tuple[PersonPlan, ...]
    relations: tuple[RelationPlan, ...]
    cases: tuple[CasePlan, ...]
    break_glass: tuple[BreakGlassPlan, ...]
    audit: tuple[AuditEventPlan, ...]


def bsn_check_digit(first_eight: str) -> int | None:
    """The ninth digit that makes ``first_eight`` a number passing the BSN 11-check, if any."""
    total = sum(int(d) * w for d, w in zip(first_eight, range(9, 1, -1), strict=True))
    last = total % 11
    return None if last == 10 else last


def synthetic_bsn(rng: np.random.Generator, used: set[str]) -> str:
    """A fresh number passing the 11-check in the demo range (``BSN_PREFIX``)."""
    while True:
        body = BSN_PREFIX + "".join(str(d) for d in rng.integers(0, 10, size=4))
        check = bsn_check_digit(body)
        if check is not None and (bsn := f"{body}{check}") not in used:
            used.add(bsn)
            return bsn


def _pick(rng: np.random.Generator, items: Sequence[str]) -> str:
    return items[int(rng.integers(len(items)))]


def _weighted(rng: np.random.Generator, options: Sequence[tuple[object, float]]) -> object:
    weights = np.array([w for _, w in options], dtype=float)
    return options[int(rng.choice(len(options), p=weights / weights.sum()))][0]


def _moment(rng: np.random.Generator, day: dt.date) -> dt.datetime:
    """A moment during office hours (08:30-17:00, Amsterdam) of ``day``, in UTC."""
    minutes = int(rng.integers(8 * 60 + 30, 17 * 60))
    local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=TZ)
    return local.astimezone(dt.UTC)


def _between(rng: np.random.Generator, start: dt.datetime, stop: dt.datetime) -> dt.datetime:
    """An office-hours moment strictly between ``start`` and ``stop`` (close to either edge
    when the window is short)."""
    first, last = start.astimezone(TZ).date(), stop.astimezone(TZ).date()
    day = first + dt.timedelta(days=int(rng.integers(0, (last - first).days + 1)))
    moment = _moment(rng, day)
    low, high = start + dt.timedelta(minutes=1), stop - dt.timedelta(minutes=1)
    if high <= low:
        return start + (stop - start) / 2
    return min(max(moment, low), high)


def _fill(rng: np.random.Generator, template: str) -> str:
    return template.format(
        n=int(rng.integers(2, 9)), k=int(rng.integers(1, 5)), incident=_pick(rng, texts.INCIDENTS)
    )


def _split_last_name(full: str) -> tuple[str, str]:
    """'van der Ploeg' -> ('van der', 'Ploeg'): the tussenvoegsel apart, as the registry has it."""
    words = full.split()
    cut = 0
    while cut < len(words) - 1 and words[cut] in _NAME_PREFIXES:
        cut += 1
    return " ".join(words[:cut]), " ".join(words[cut:])


@dataclass
class _Draft:
    theme: Theme
    path: tuple[Status, ...]
    days: list[dt.date]  # the day each status of the path was entered


def _drafts(rng: np.random.Generator, last_day: dt.date) -> list[_Draft]:
    themes = list(THEME_WEIGHTS)
    weights = np.array(list(THEME_WEIGHTS.values()))
    drafts = []
    for final, count in STATUS_COUNTS.items():
        for _ in range(count):
            theme = themes[int(rng.choice(len(themes), p=weights / weights.sum()))]
            path: tuple[Status, ...] = _weighted(rng, PATHS[final])  # type: ignore[assignment]
            if theme == Theme.RADICALISATION and S.LOCAL in path:
                theme = Theme.ICO  # the weegploeg has no local route (no random draw)
            gaps = [
                int(rng.integers(lo, hi + 1))
                for lo, hi in (GAPS[(a, b)] for a, b in pairwise(path))
            ]
            total = sum(gaps)
            earliest = last_day - dt.timedelta(days=HISTORY_DAYS)
            if final in DWELL:
                lo, hi = DWELL[final]
                start = last_day - dt.timedelta(days=total + int(rng.integers(lo, hi + 1)))
                start = max(start, earliest)
            else:
                span = max((last_day - earliest).days - total - 1, 0)
                start = earliest + dt.timedelta(days=int(rng.integers(0, span + 1)))
            days = [start]
            for gap in gaps:
                days.append(days[-1] + dt.timedelta(days=gap))
            drafts.append(_Draft(theme, path, days))
    return drafts
