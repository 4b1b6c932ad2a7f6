"""Reads about the demo city: its state, whether its data is present, and its digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from veilig.accounts.models import Organisation, User
from veilig.cases.models import (
    Action,
    BreakGlass,
    Case,
    Contribution,
    Document,
    Participant,
    Plan,
    StatusChange,
    Table,
)
from veilig.demo import constants
from veilig.demo.generator.organisations import DEMO_ORGANISATION_CODES, DEMO_USERNAMES
from veilig.demo.generator.tables import DEMO_TABLE_CODES
from veilig.demo.models import DemoState
from veilig.demo.selectors.consultations import consultations_feed
from veilig.demo.selectors.street import demo_event_sources, street_feed
from veilig.geo.models import Area, Street
from veilig.registry.crypto import decrypt
from veilig.registry.models import Address, Person, Relation


def demo_state_get() -> DemoState | None:
    return DemoState.objects.filter(pk=1).first()


def demo_areas() -> QuerySet[Area]:
    """Every area of Voorbeeldstad (its codes use the fictional gemeente number)."""
    number = constants.GEMEENTE_NUMBER
    return Area.objects.filter(boundary_year=constants.BOUNDARY_YEAR).filter(
        Q(code=constants.GEMEENTE_CODE)
        | Q(code__startswith=f"SD{number}")
        | Q(code__startswith=f"WK{number}")
        | Q(code__startswith=f"BU{number}")
    )


def demo_addresses() -> QuerySet[Address]:
    return Address.objects.filter(buurt__in=demo_areas())


def demo_streets() -> QuerySet[Street]:
    """The street layer of the demo city (the streets of its buurten)."""
    return Street.objects.filter(buurt__in=demo_areas())


def demo_users() -> QuerySet[User]:
    return User.objects.filter(username__in=DEMO_USERNAMES)


def demo_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(code__in=DEMO_ORGANISATION_CODES)


def demo_tables() -> QuerySet[Table]:
    return Table.objects.filter(code__in=DEMO_TABLE_CODES)


def demo_cases() -> QuerySet[Case]:
    """The cases of the demo city: registered by a demo organisation or on a demo table."""
    return Case.objects.filter(
        Q(registering_organisation__code__in=DEMO_ORGANISATION_CODES)
        | Q(table__code__in=DEMO_TABLE_CODES)
    )


def demo_persons() -> QuerySet[Person]:
    """Persons living (or who lived) at an address of the demo city."""
    return Person.objects.filter(
        pk__in=Person.objects.filter(addresses__address__in=demo_addresses()).values("pk")
    )


def demo_city_data_exists() -> bool:
    """True when any area, event source, table, case, active login or organisation of the demo
    is present.

    Logins that a removed city left behind because the access log names them are inactive;
    they (and their organisations) do not count: a new build takes them over.
    """
    kept = demo_users().filter(is_active=False).values("organisation_id")
    return (
        demo_areas().exists()
        or demo_event_sources().exists()
        or demo_tables().exists()
        or demo_cases().exists()
        or demo_users().filter(is_active=True).exists()
        or Organisation.objects.filter(
            Q(code__in=DEMO_ORGANISATION_CODES) | Q(name__startswith="Gemeente Voorbeeldstad")
        )
        .exclude(pk__in=kept)
        .exists()
    )


def demo_city_digest() -> str:
    """SHA-256 over everything the generator wrote (not password hashes, ids or times).

    Equal digests mean an identical city: codes, names, figures, geometries, addresses, the
    street layer, organisations and logins.
    """
    digest = hashlib.sha256()

    def feed(row: object) -> None:
        digest.update(json.dumps(row, sort_keys=True, separators=(",", ":")).encode())
        digest.update(b"\n")

    for area in demo_areas().select_related("parent").order_by("code"):
        feed(
            [
                area.code,
                area.name,
                area.level,
                area.parent.code if area.parent else None,
                area.boundary_year,
                area.inhabitants,
                area.households,
                area.geometry,
                [area.rd_min_x, area.rd_min_y, area.rd_max_x, area.rd_max_y],
            ]
        )
    rows = demo_addresses().order_by(
        "postcode", "house_number", "house_letter", "house_number_addition"
    )
    for row in rows.values_list(
        "street",
        "house_number",
        "house_letter",
        "house_number_addition",
        "postcode",
        "city",
        "buurt__code",
        "rd_x",
        "rd_y",
        "lat",
        "lon",
    ).iterator(chunk_size=10_000):
        feed(list(row))
    for street in (
        demo_streets()
        .order_by("name", "buurt__code")
        .values_list("name", "buurt__code", "geometry")
    ):
        feed(list(street))
    for organisation in demo_organisations().order_by("code"):
        feed([organisation.code, organisation.name, organisation.partner_type])
    for user in demo_users().select_related("organisation").order_by("username"):
        feed(
            [
                user.username,
                user.organisation.code if user.organisation else None,
                user.first_name,
                user.last_name,
                user.email,
                user.is_staff,
                user.is_superuser,
                sorted(user.roles.values_list("role", flat=True)),
            ]
        )
    _casework_feed(feed)
    consultations_feed(feed, _time)
    street_feed(feed, _time)
    return digest.hexdigest()


def _casework_feed(feed: Callable[[object], None]) -> None:
    """Feed the casework: tables, persons, cases with everything on them, break-the-glass.

    Records are identified by natural keys (references, UUIDs, user names), never by ids.
    Times are included: they are relative to the build day, so a digest holds for a seed and
    a day. The access log is not included (its rows carry the time they were written).
    """
    tables = demo_tables().select_related("chair")
    for table in tables.prefetch_related("members__organisation", "representatives"):
        feed(
            [
                table.code,
                table.name,
                table.theme,
                sorted(
                    (m.organisation.code, m.legal_basis, sorted(m.data_categories))
                    for m in table.members.all()
                ),
                sorted(u.username for u in table.representatives.all()),
                table.retention_months,
                table.subject_informed,
                table.subject_informed_when,
                table.subject_not_informed_reason,
                table.chair.username if table.chair else "",
                table.meeting_rhythm,
                table.meeting_weekday,
            ]
        )
    cases = demo_cases()
    persons = Person.objects.filter(Q(pk__in=demo_persons()) | Q(pk__in=cases.values("subject")))
    uuids = dict(persons.values_list("pk", "uuid"))
    for person in persons.prefetch_related("addresses__address").order_by("uuid"):
        feed(
            [
                str(person.uuid),
                person.full_name,
                str(person.date_of_birth),
                decrypt(person.bsn_encrypted) if person.bsn_encrypted else "",
                person.pseudonym,
                sorted(
                    [str(a.address), str(a.since), str(a.until)] for a in person.addresses.all()
                ),
            ]
        )
    for relation in Relation.objects.filter(person__in=persons).order_by(
        "person__uuid", "other__uuid"
    ):
        feed([str(uuids[relation.person_id]), str(uuids.get(relation.other_id)), relation.kind,
              relation.description])  # fmt: skip
    for case in cases.select_related(
        "subject", "registering_organisation", "registered_by", "table", "stadsdeel"
    ).order_by("reference"):
        feed(
            [
                case.reference,
                str(case.subject.uuid),
                case.theme,
                case.status,
                case.registering_organisation.code,
                case.registered_by.username,
                case.table.code if case.table else None,
                case.stadsdeel.code if case.stadsdeel else None,
                case.reason,
                [case.crit_multi_domain, case.crit_coercion, case.crit_surroundings,
                 case.crit_area_problem],
                case.decision_reason,
                case.outcome,
                _time(case.registered_at),
                _time(case.updated_at),
                _time(case.closed_at),
            ]
        )  # fmt: skip
    related: list[tuple[Any, tuple[str, ...]]] = [
        (StatusChange.objects.order_by("case__reference", "at", "id"),
         ("from_status", "to_status", "by__username", "at", "reason")),
        (Participant.objects.order_by("case__reference", "invited_at", "id"),
         ("organisation__code", "role", "invited_by__username", "invited_at")),
        (Contribution.objects.order_by("case__reference", "created_at", "id"),
         ("organisation__code", "author__username", "text", "data_category", "legal_basis",
          "scope", "created_at")),
        (Plan.objects.order_by("case__reference"), ("goals", "updated_by__username", "updated_at")),
        (Action.objects.order_by("case__reference", "created_at", "id"),
         ("description", "owner_organisation__code", "owner_user__username", "deadline",
          "status", "result", "created_at", "completed_at")),
        (Document.objects.order_by("case__reference", "uploaded_at", "id"),
         ("organisation__code", "uploaded_by__username", "original_name", "content_type", "size",
          "data_category", "scope", "uploaded_at")),
        (BreakGlass.objects.order_by("case__reference", "granted_at", "id"),
         ("user__username", "reason", "granted_at", "expires_at", "reviewed_by__username",
          "reviewed_at", "review_note")),
    ]  # fmt: skip
    for queryset, fields in related:
        rows = queryset.filter(case__in=cases).values_list("case__reference", *fields)
        for row in rows.iterator(chunk_size=5_000):
            feed([_time(value) for value in row])


def _time(value: object) -> object:
    """Dates and times as ISO text in UTC (the databases hand them back in different forms)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
