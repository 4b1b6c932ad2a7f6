"""The casework stage: persons, cases, break-the-glass and access history for one seed and day.

It draws from its own streams (``casework``, ``casework-audit``), so adding it left the other
stages unchanged, and the access history can grow without changing the cases.
"""

from __future__ import annotations

import datetime as dt

from veilig.demo.generator.addresses import AddressPlan
from veilig.demo.generator.cases import cases_build
from veilig.demo.generator.casework import TZ, CaseworkPlan, _drafts
from veilig.demo.generator.geography import Geography
from veilig.demo.generator.history import break_glass_build, case_events, denied_build
from veilig.demo.generator.persons import people_build
from veilig.demo.generator.seeding import stage_faker, stage_rng
from veilig.demo.generator.tables import TABLES

DEFAULT_BREAK_GLASS_HOURS = 8


def casework_anchor(today: dt.date) -> dt.datetime:
    """The end of the simulated history: midnight (Amsterdam) at the start of ``today``, UTC."""
    return dt.datetime.combine(today, dt.time(0), tzinfo=TZ).astimezone(dt.UTC)


def casework_build(
    *,
    seed: int,
    geography: Geography,
    addresses: AddressPlan,
    today: dt.date,
    break_glass_hours: int = DEFAULT_BREAK_GLASS_HOURS,
) -> CaseworkPlan:
    rng = stage_rng(seed=seed, stage="casework")
    faker = stage_faker(seed=seed, stage="casework")
    anchor = casework_anchor(today)
    last_day = today - dt.timedelta(days=1)
    drafts = sorted(_drafts(rng, last_day), key=lambda d: (d.days[0], d.days[-1], d.theme))
    people = people_build(rng=rng, faker=faker, drafts=drafts, address_count=len(addresses.street))
    parents = {a.code: a.parent_code for a in (*geography.wijken, *geography.buurten)}

    def stadsdeel_of(address: int) -> str:
        wijk = parents[addresses.buurt_code[address]]
        stadsdeel = parents[wijk] if wijk else None
        if stadsdeel is None:  # pragma: no cover - every wijk has a stadsdeel
            raise ValueError(wijk)
        return stadsdeel

    cases = cases_build(
        rng=rng, drafts=drafts, people=people, stadsdeel_of=stadsdeel_of, anchor=anchor
    )
    history = stage_rng(seed=seed, stage="casework-audit")
    events = []
    for index, case in enumerate(cases):
        events.extend(case_events(history, index, case))
    grants, grant_events = break_glass_build(
        rng=history, cases=cases, anchor=anchor, hours=break_glass_hours
    )
    events.extend(grant_events)
    events.extend(denied_build(rng=history, cases=cases, anchor=anchor))
    ordered = [event for _, event in sorted(enumerate(events), key=lambda p: (p[1].at, p[0]))]
    return CaseworkPlan(
        tables=TABLES,
        persons=people.persons,
        relations=people.relations,
        cases=tuple(cases),
        break_glass=tuple(grants),
        audit=tuple(ordered),
    )
