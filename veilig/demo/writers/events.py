"""Writes the synthetic incident records of the demo city. Private to ``writers``.

Records are inserted by the event import's writer (``events.importing.writers``: its
columns and the one bulk writer ``events.bulk``: executemany on SQLite, COPY on PostgreSQL,
indexes built once at the end of a first fill), never one by one. The keys are the platform's
own: a registry person's ``Person.pseudonym``, a key-only person's
``pseudonym_for("event-person:…")`` like the import pipeline, and for addresses
``registry.keys.address_key_of_parts`` of the real demo address, so that early warning meets
signals and records about the same person or address. Area codes come from the platform's
area index over the stored buurten (as the import does); the wijk is the buurt's parent.
"""

from __future__ import annotations

import json
from itertools import repeat

import numpy as np
from django.db import connection

from veilig.demo.generator.addresses import AddressPlan
from veilig.demo.generator.casework import CaseworkPlan
from veilig.demo.generator.events import CATEGORIES, NO_TIME, EventPlan
from veilig.demo.generator.events_themes import SOURCES
from veilig.events.importing.writers import writer_for
from veilig.events.models import EventSource
from veilig.geo.index import area_index, area_index_invalidate
from veilig.geo.models import AreaLevel
from veilig.registry.crypto import pseudonym_for
from veilig.registry.keys import address_key_of_parts

ATTRIBUTES = (json.dumps({}), json.dumps({"Poging": "N"}), json.dumps({"Poging": "J"}))


def demo_source_codes() -> tuple[str, ...]:
    return tuple(code for code, *_rest in SOURCES)


def events_write(
    *, plan: EventPlan, addresses: AddressPlan, casework: CaseworkPlan, seed: int
) -> int:
    """Write the event sources and every record; returns the number of records."""
    source_ids = [_source(code, name, form) for code, name, form, _prefix in SOURCES]
    themes = [c[0] for c in CATEGORIES]
    names = [c[1] for c in CATEGORIES]
    codes = [c[2] for c in CATEGORIES]
    buurt_codes, wijk_codes = _area_codes(plan)
    address_keys = _address_keys(plan, addresses)
    person_keys = _person_keys(plan, casework, seed)
    writer = writer_for(connection)
    db_times = writer.rows.time_texts
    burglary = np.asarray([theme == "woninginbraak" for theme in themes])[plan.category]
    attribute = np.where(burglary, np.where(plan.attempt, 2, 1), 0)
    rows = zip(
        [source_ids[s] for s in plan.source.tolist()],
        plan.external_id,
        [themes[c] for c in plan.category.tolist()],
        [names[c] for c in plan.category.tolist()],
        [codes[c] for c in plan.category.tolist()],
        db_times(plan.begin),
        db_times(plan.end, missing=NO_TIME),
        db_times(plan.reported),
        plan.rd_x.tolist(),
        plan.rd_y.tolist(),
        plan.lat.tolist(),
        plan.lon.tolist(),
        buurt_codes,
        wijk_codes,
        person_keys,
        address_keys,
        [ATTRIBUTES[a] for a in attribute.tolist()],
        [""] * len(plan),
        repeat(None, len(plan)),  # import_run: the demo's records come from no import
        strict=True,
    )
    with writer.session(new_rows=len(plan)):
        writer.rows.insert(rows)  # streamed: 300,000 rows need not be one list
    return len(plan)


def _source(code: str, name: str, form: str) -> int:
    theme_map = {c[2]: c[0] for c in CATEGORIES} if form == "bvh" else {}
    source, _created = EventSource.objects.update_or_create(
        code=code, defaults={"name": name, "format": form, "theme_map": theme_map}
    )
    return int(source.pk)


def _area_codes(plan: EventPlan) -> tuple[list[str], list[str]]:
    """Buurt codes from the platform's index over the stored buurten; wijk = the parent.

    A point the stored polygons (rounded to 1 cm) place in no buurt keeps the generator's.
    """
    area_index_invalidate()  # the buurten were written in this transaction
    index = area_index(level=AreaLevel.BUURT)
    located = index.locate_rd(plan.rd_x, plan.rd_y)
    planned = np.asarray(plan.buurt_codes)[plan.buurt]
    buurt = np.where(located == "", planned, located)
    parent = dict(zip(plan.buurt_codes, plan.wijk_codes, strict=True))
    buurten = buurt.tolist()
    return buurten, [parent.get(code, "") for code in buurten]


def _address_keys(plan: EventPlan, addresses: AddressPlan) -> list[str]:
    used = np.unique(plan.address[plan.address >= 0]).tolist()
    keys = {
        i: address_key_of_parts(addresses.postcode[i], addresses.house_number[i],
                                addresses.house_letter[i], addresses.addition[i])
        for i in used
    }  # fmt: skip
    return [keys.get(i, "") for i in plan.address.tolist()]


def _person_keys(plan: EventPlan, casework: CaseworkPlan, seed: int) -> list[str]:
    keys: dict[int, str] = {}
    for index in np.unique(plan.person[plan.person >= 0]).tolist():
        if index < plan.registry_count:
            keys[index] = pseudonym_for(casework.persons[index].uuid)  # = Person.pseudonym
        else:
            number = index - plan.registry_count
            keys[index] = pseudonym_for(f"event-person:vbs{seed}-persoon-{number:06d}")
    return [keys.get(i, "") for i in plan.person.tolist()]
