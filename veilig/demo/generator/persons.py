"""The subjects of the demo cases and a few members of their households. Pure: no database.

Names come from a seeded Dutch Faker; dates of birth fit the theme of the person's first case
(youth cases: 12 to 21 years old); some persons have a synthetic BSN in the demo range. Everyone
lives at an address of Voorbeeldstad (some moved there from another address of the city).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import numpy as np
from faker import Faker

from veilig.cases.vocabulary import Status, Theme
from veilig.demo.generator.casework import (
    AGES,
    BSN_SHARE_RELATIVE,
    BSN_SHARE_SUBJECT,
    RE_REGISTRATION_SHARE,
    PersonPlan,
    RelationPlan,
    ResidencePlan,
    _Draft,
    _split_last_name,
    synthetic_bsn,
)
from veilig.registry.models import RelationKind

# Household members added for some themes: (share of cases, description, age offset range).
HOUSEHOLD: dict[Theme, tuple[float, str, tuple[int, int]]] = {
    Theme.DOMESTIC_VIOLENCE: (0.4, "partner", (-6, 6)),
    Theme.YOUTH: (0.4, "ouder", (22, 38)),
    Theme.CONFUSED_PERSONS: (0.1, "huisgenoot", (-10, 10)),
}
NETWORK_RELATIONS = 8
NETWORK_THEMES = frozenset({Theme.ICO, Theme.PGA, Theme.YOUTH})


@dataclass(frozen=True)
class People:
    persons: tuple[PersonPlan, ...]
    relations: tuple[RelationPlan, ...]
    case_person: tuple[int, ...]  # per draft: the index of its subject
    case_address: tuple[int | None, ...]  # per draft: the subject's address at registration


class _Builder:
    def __init__(self, rng: np.random.Generator, faker: Faker, address_count: int) -> None:
        self.rng = rng
        self.faker = faker
        self.address_count = address_count
        self.persons: list[PersonPlan] = []
        self.bsns: set[str] = set()
        # Distinct addresses first; only a very small city makes persons share them by chance.
        order = rng.permutation(address_count) if address_count else np.zeros(0, dtype=int)
        self.free = [int(i) for i in order]

    def address(self) -> int | None:
        if not self.address_count:
            return None
        if self.free:
            return self.free.pop()
        return int(self.rng.integers(self.address_count))

    def person(
        self,
        *,
        born: dt.date,
        bsn_share: float,
        home: int | None,
        since: dt.date,
        last_name: str | None = None,
    ) -> int:
        rng, faker = self.rng, self.faker
        female = bool(rng.random() < 0.45)
        first = str(faker.first_name_female() if female else faker.first_name_male())
        prefix, last = _split_last_name(last_name or str(faker.last_name()))
        residences: list[ResidencePlan] = []
        if home is not None:
            earlier = since - dt.timedelta(days=int(rng.integers(365, 3000)))
            if rng.random() < 0.25 and earlier > born and (previous := self.address()) is not None:
                residences.append(ResidencePlan(previous, earlier, since - dt.timedelta(days=1)))
            residences.append(ResidencePlan(home, since, None))
        self.persons.append(
            PersonPlan(
                uuid=str(uuid.UUID(bytes=rng.bytes(16), version=4)),
                first_name=first,
                prefix=prefix,
                last_name=last,
                date_of_birth=born,
                bsn=synthetic_bsn(rng, self.bsns) if rng.random() < bsn_share else "",
                residences=tuple(residences),
            )
        )
        return len(self.persons) - 1


def _born(rng: np.random.Generator, on: dt.date, ages: tuple[int, int]) -> dt.date:
    age_days = int(rng.integers(ages[0] * 365 + 1, ages[1] * 365 + 300))
    return on - dt.timedelta(days=age_days)


def people_build(
    *, rng: np.random.Generator, faker: Faker, drafts: list[_Draft], address_count: int
) -> People:
    """Subjects for the drafts (ordered by registration), with homes and some relatives."""
    builder = _Builder(rng, faker, address_count)
    relations: list[RelationPlan] = []
    case_person: list[int] = []
    case_address: list[int | None] = []
    reusable: list[tuple[int, Theme, dt.date, int | None]] = []  # person, theme, free from, home
    for draft in drafts:
        registered = draft.days[0]
        again = [
            r for r in reusable
            if r[1] == draft.theme and r[2] + dt.timedelta(days=30) < registered
        ]  # fmt: skip
        if again and rng.random() < RE_REGISTRATION_SHARE:
            chosen = again[int(rng.integers(len(again)))]
            reusable.remove(chosen)
            case_person.append(chosen[0])
            case_address.append(chosen[3])
            continue
        home = builder.address()
        born = _born(rng, registered, AGES[draft.theme])
        since = max(born, registered - dt.timedelta(days=int(rng.integers(100, 4000))))
        subject = builder.person(born=born, bsn_share=BSN_SHARE_SUBJECT, home=home, since=since)
        case_person.append(subject)
        case_address.append(home)
        if draft.path[-1] in (Status.CLOSED, Status.NOT_ACCEPTED):
            reusable.append((subject, draft.theme, draft.days[-1], home))
        if draft.theme in HOUSEHOLD:
            share, description, (lo, hi) = HOUSEHOLD[draft.theme]
            if rng.random() < share:
                subject_born = builder.persons[subject].date_of_birth
                other_born = subject_born - dt.timedelta(days=int(rng.integers(lo * 365, hi * 365)))
                other_born = min(other_born, registered - dt.timedelta(days=18 * 365))
                same_name = description == "ouder" or rng.random() < 0.3
                member = builder.person(
                    born=other_born,
                    bsn_share=BSN_SHARE_RELATIVE,
                    home=home,
                    since=max(since, other_born),
                    last_name=_full_last(builder.persons[subject]) if same_name else None,
                )
                relations.append(RelationPlan(subject, member, RelationKind.HOUSEHOLD, description))
    candidates = sorted({p for p, d in zip(case_person, drafts, strict=True)
                         if d.theme in NETWORK_THEMES})  # fmt: skip
    seen: set[tuple[int, int]] = set()
    while len(seen) < NETWORK_RELATIONS and len(candidates) > 1:
        a, b = (int(i) for i in rng.choice(len(candidates), size=2, replace=False))
        pair = (min(candidates[a], candidates[b]), max(candidates[a], candidates[b]))
        if pair not in seen:
            seen.add(pair)
            relations.append(
                RelationPlan(pair[0], pair[1], RelationKind.NETWORK, "zelfde vriendengroep")
            )
    return People(
        persons=tuple(builder.persons),
        relations=tuple(relations),
        case_person=tuple(case_person),
        case_address=tuple(case_address),
    )


def _full_last(person: PersonPlan) -> str:
    return f"{person.prefix} {person.last_name}".strip()
