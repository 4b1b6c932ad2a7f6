"""The access matrix: every endpoint (HTML and API) × every role and relation to the object.

The list of endpoints comes from the URL configuration: an endpoint that is not in ``MATRIX``
(or in ``OUTSIDE_THE_MATRIX`` with a reason) fails ``test_every_endpoint_is_in_the_matrix``.
Each cell runs inside a savepoint that is rolled back, so writes of one cell never leak into the
next. Every access to personal data must write exactly one audit row with all required fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from veilig.accounts.models import Organisation, User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditEntry
from veilig.cases.models import Action, BreakGlass, Case, Contribution, Document
from veilig.cases.services import document_upload
from veilig.cases.vocabulary import DataCategory, LegalBasis, Scope, Status, Theme
from veilig.notifications.models import Notification
from veilig.notifications.vocabulary import NotificationKind
from veilig.testing.casework import case_for, contribution, radicalisation_table
from veilig.testing.personas import persona, verified_client

# --- Who asks -------------------------------------------------------------------------------

# subject → (username, organisation code, partner type, roles, member of the radicalisation table)
SUBJECTS: dict[str, tuple[str, str, PartnerType, list[Role], bool]] = {
    "coordinator": ("alice", "gemeente", PartnerType.MUNICIPALITY, [Role.COORDINATOR], False),
    "coordinator_rad": ("ruth", "gemeente", PartnerType.MUNICIPALITY, [Role.COORDINATOR], True),
    "participant": ("bob", "politie", PartnerType.POLICE, [Role.PARTNER], False),
    "participant_rad": ("paul", "politie", PartnerType.POLICE, [Role.PARTNER], True),
    "other_partner": ("hank", "ggz", PartnerType.MENTAL_HEALTH, [Role.PARTNER], False),
    "team_member": ("carol", "politie", PartnerType.POLICE, [Role.TEAM_MEMBER], False),
    "analyst": ("dave", "gemeente", PartnerType.MUNICIPALITY, [Role.ANALYST], False),
    "policy": ("erin", "gemeente", PartnerType.MUNICIPALITY, [Role.POLICY], False),
    "privacy_officer": (
        "frank",
        "gemeente",
        PartnerType.MUNICIPALITY,
        [Role.PRIVACY_OFFICER],
        False,
    ),
    "admin": ("grace", "gemeente", PartnerType.MUNICIPALITY, [Role.ADMIN], False),
}
ALL_SUBJECTS = ["anonymous", *SUBJECTS]
OBJECTS = ["regular", "radicalisation"]

OK, NOT_FOUND, LOGIN = "ok", "404", "login"

# --- Rules ----------------------------------------------------------------------------------

Rule = Callable[[str, str], str]


def case_read(subject: str, obj: str) -> str:
    """Coordinator and participating organisations; radicalisation only for table members."""
    if subject in ("coordinator_rad", "participant_rad"):
        return OK
    if subject in ("coordinator", "participant"):
        return OK if obj == "regular" else NOT_FOUND
    return NOT_FOUND


def case_manage(subject: str, obj: str) -> str:
    if subject == "coordinator_rad":
        return OK
    if subject == "coordinator":
        return OK if obj == "regular" else NOT_FOUND
    return NOT_FOUND


def case_roles(subject: str, obj: str) -> str:
    return (
        OK
        if subject
        in ("coordinator", "coordinator_rad", "participant", "participant_rad", "other_partner")
        else NOT_FOUND
    )


def coordinator_only(subject: str, obj: str) -> str:
    """Exporting the case list is process direction (docs/exports.md)."""
    return OK if subject in ("coordinator", "coordinator_rad") else NOT_FOUND


def break_glass(subject: str, obj: str) -> str:
    """Any case role may ask for emergency access, never to a radicalisation case."""
    return case_roles(subject, obj) if obj == "regular" else NOT_FOUND


SIGNAL_ROLES = (
    "coordinator",
    "coordinator_rad",
    "participant",
    "participant_rad",
    "other_partner",
    "team_member",
)


def signal_read(subject: str, obj: str) -> str:
    """Coordinators see every ordinary signal, the team its area; radicalisation signals only
    table members with a signal role. The test signals are routed to a team, not a partner."""
    if obj == "radicalisation":
        return OK if subject in ("coordinator_rad", "participant_rad") else NOT_FOUND
    return OK if subject in ("coordinator", "coordinator_rad", "team_member") else NOT_FOUND


def signal_link(subject: str, obj: str) -> str:
    """Linking a signal to a case is process direction."""
    if subject == "coordinator_rad":
        return OK
    return OK if subject == "coordinator" and obj == "regular" else NOT_FOUND


def signal_roles(subject: str, obj: str) -> str:
    return OK if subject in SIGNAL_ROLES else NOT_FOUND


def team_view(subject: str, obj: str) -> str:
    return OK if subject in ("coordinator", "coordinator_rad", "team_member") else NOT_FOUND


def forecast_map(subject: str, obj: str) -> str:
    """Forecasts hold no personal data but show small counts per cell: coordinators, analysts
    and the team's own members (carol is in the scenario's team)."""
    return (
        OK if subject in ("coordinator", "coordinator_rad", "analyst", "team_member") else NOT_FOUND
    )


def analyst_only(subject: str, obj: str) -> str:
    return OK if subject == "analyst" else NOT_FOUND


def privacy_only(subject: str, obj: str) -> str:
    return OK if subject == "privacy_officer" else NOT_FOUND


def any_user(subject: str, obj: str) -> str:
    return OK


def admin_only(subject: str, obj: str) -> str:
    return OK if subject == "admin" else NOT_FOUND


def table_readers(subject: str, obj: str) -> str:
    """The case tables' access matrices: functional administrators and process directors."""
    return OK if subject in ("admin", "coordinator", "coordinator_rad") else NOT_FOUND


# --- The scenario ---------------------------------------------------------------------------


@dataclass
class Scenario:
    users: dict[str, User]
    clients: dict[str, Client]
    cases: dict[str, Case]
    contributions: dict[str, Contribution]
    documents: dict[str, Document]
    actions: dict[str, Action]
    ggz: Organisation
    grant: BreakGlass
    extra: dict[str, Any] = field(default_factory=dict)


def build_scenario(tmp_path: Any) -> Scenario:
    users = {}
    for subject, (username, org, partner_type, roles, _rad) in SUBJECTS.items():
        users[subject] = persona(username, org_code=org, partner_type=partner_type, roles=roles)
    users["admin"].is_staff = True
    users["admin"].save()
    radicalisation_table(representatives=[u for s, u in users.items() if SUBJECTS[s][4]])
    bob = users["participant"]
    police = bob.organisation
    assert police is not None
    cases = {
        "regular": case_for(bob, theme=Theme.ICO),
        "radicalisation": case_for(bob, theme=Theme.RADICALISATION),
    }
    contributions, documents, actions = {}, {}, {}
    for kind, case in cases.items():
        contributions[kind] = contribution(case, bob, scope=Scope.PARTICIPANTS)
        documents[kind] = document_upload(
            context=AuditContext.for_command(users["participant_rad"]),
            case_id=case.pk,
            upload=SimpleUploadedFile("verslag.txt", b"Synthetisch verslag.", "text/plain"),
            data_category=DataCategory.POLICE,
            scope=Scope.PARTICIPANTS,
        )
        actions[kind] = Action.objects.create(
            case=case,
            description="Huisbezoek",
            owner_organisation=police,
            deadline=timezone.localdate() + dt.timedelta(days=7),
        )
    grant = BreakGlass.objects.create(
        user=users["other_partner"],
        case=cases["regular"],
        reason="Synthetische noodtoegang.",
        expires_at=timezone.now() - dt.timedelta(hours=1),  # expired: grants nothing any more
    )
    ggz = users["other_partner"].organisation
    assert ggz is not None
    extra = _signals_world(users)
    extra.update(_persons_world(users, cases))
    extra.update(_consultations_world(users))
    extra["notification"] = Notification.objects.create(
        recipient=bob, kind=NotificationKind.CASE_INVITED, link=f"/casussen/{cases['regular'].pk}/"
    )
    clients = {subject: verified_client(user) for subject, user in users.items()}
    clients["anonymous"] = Client()
    return Scenario(users, clients, cases, contributions, documents, actions, ggz, grant, extra)


def _persons_world(users: dict[str, User], cases: dict[str, Case]) -> dict[str, Any]:
    """Pairs of records to merge and pending merges: for each kind of object one whose records
    have only regular cases, one with a radicalisation case (out of reach of alice)."""
    from veilig.cases.services import person_merge
    from veilig.testing.casework import synthetic_person

    bob = users["participant"]

    def record(theme: Theme = Theme.ICO) -> Any:
        return case_for(bob, theme=theme, subject=synthetic_person()).subject

    pairs = {
        "regular": (cases["regular"].subject, record()),
        "radicalisation": (cases["radicalisation"].subject, record()),
    }
    merges = {}
    for kind, director in (("regular", "coordinator"), ("radicalisation", "coordinator_rad")):
        theme = Theme.RADICALISATION if kind == "radicalisation" else Theme.ICO
        merges[kind] = person_merge(
            context=AuditContext.for_command(users[director]),
            survivor_id=record(theme).pk,
            absorbed_id=record().pk,
        )
    return {"pairs": pairs, "merges": merges}


def _consultations_world(users: dict[str, User]) -> dict[str, Any]:
    """Per kind a table, a case accepted at it (the police take part), its next meeting and the
    case's item on the agenda. Statements recorded: the regular meeting alice, ruth, bob and
    paul (paul attends it without representing the table); the radicalisation meeting ruth and
    paul. hank (GGZ, not in the cases) has none."""
    from veilig.consultations.services import statement_accept
    from veilig.testing.consultations import accepted_case, meeting_of, table_with

    tables = {
        "regular": table_with(code="ico-matrix", representatives=[users["participant"]]),
        "radicalisation": radicalisation_table(representatives=[]),
    }
    directors = {"regular": users["coordinator"], "radicalisation": users["coordinator_rad"]}
    signed = {
        "regular": ["coordinator", "coordinator_rad", "participant", "participant_rad"],
        "radicalisation": ["coordinator_rad", "participant_rad"],
    }
    meeting_cases, meetings, items = {}, {}, {}
    for kind, table in tables.items():
        meeting_cases[kind] = accepted_case(directors[kind], users["participant"], table)
        meetings[kind] = meeting_of(directors[kind], table)
        items[kind] = meetings[kind].items.get(case=meeting_cases[kind])
    from veilig.consultations.services import attendance_record

    attendance_record(
        context=AuditContext.for_command(users["coordinator"]),
        meeting_id=meetings["regular"].pk,
        user=users["participant_rad"],
    )
    for kind, subjects in signed.items():
        for subject in subjects:
            statement_accept(
                context=AuditContext.for_command(users[subject]), meeting_id=meetings[kind].pk
            )
    return {
        "tables": tables,
        "meeting_cases": meeting_cases,
        "meetings": meetings,
        "items": items,
    }


def meeting_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"meeting_id": s.extra["meetings"][o].pk}


def item_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"item_id": s.extra["items"][o].pk}


def meeting_read(subject: str, obj: str) -> str:
    """Coordinators see every meeting they may, partners those of the tables they represent
    and those they attend; the radicalisation table's meetings only its members."""
    if subject in ("coordinator_rad", "participant_rad"):
        return OK
    if subject in ("coordinator", "participant"):
        return OK if obj == "regular" else NOT_FOUND
    return NOT_FOUND


def meeting_item_read(subject: str, obj: str) -> str:
    """A case in the meeting view: the meeting visible, the viewer's statement recorded, the
    case open to them (the police take part in both cases; hank has no statement)."""
    return meeting_read(subject, obj)


def meeting_manage(subject: str, obj: str) -> str:
    """Planning and running a meeting, minutes, decisions: process direction."""
    return case_manage(subject, obj)


def triage_queue(subject: str, obj: str) -> str:
    return OK if subject in ("coordinator", "coordinator_rad") else NOT_FOUND


def pair_kw(s: Scenario, o: str) -> dict[str, Any]:
    first, second = s.extra["pairs"][o]
    return {"first_id": first.pk, "second_id": second.pk}


def merge_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"merge_id": s.extra["merges"][o].pk}


def _signals_world(users: dict[str, User]) -> dict[str, Any]:
    """A small city with a team for Centrum (carol is in it) and one signal of each kind."""
    from veilig.access.signals import system_context
    from veilig.geo.index import area_index_invalidate
    from veilig.signals.models import Category, EarlySignal, EarlyWarningRule, Team, TeamMembership
    from veilig.signals.services import signal_create
    from veilig.signals.tests.conftest import CENTRUM, jpeg_with_exif
    from veilig.web.tests.areas import build_small_city

    area_index_invalidate()
    city = build_small_city()
    team = Team.objects.create(name="Wijkteam Centrum", area=city["SD999901"])
    TeamMembership.objects.create(team=team, user=users["team_member"], function="wijkagent")
    signals = {}
    for kind, code in (("regular", "overlast-jeugd"), ("radicalisation", "radicalisering")):
        signals[kind] = signal_create(
            context=system_context(),
            category=Category.objects.get(code=code),
            occurred_at=timezone.now() - dt.timedelta(hours=2),
            description="Synthetische melding.",
            source="bewoner",
            location_method="kaart",
            lat=CENTRUM[0],
            lon=CENTRUM[1],
            photos=[SimpleUploadedFile("foto.jpg", jpeg_with_exif(), "image/jpeg")],
        )
    rule = (
        EarlyWarningRule.objects.filter(recipient="team").first()
        or EarlyWarningRule.objects.first()
    )
    assert rule is not None
    early = EarlySignal.objects.create(
        rule=rule,
        team=team,
        stadsdeel_code=team.area.code,
        window_start=timezone.now(),
        window_end=timezone.now(),
        signal_ids=[signals["regular"].pk],
        summary="Synthetisch.",
    )
    area_index_invalidate()
    from veilig.events.models import EventSource, ImportRun, ImportStatus

    source = EventSource.objects.create(code="bvh", name="Politie BVH", format="bvh")
    run = ImportRun.objects.create(
        source=source,
        file_name="export.xlsx",
        started_by=users["analyst"],
        status=ImportStatus.DONE,
    )
    return {
        "run": run,
        "signals": signals,
        "team": team,
        "early": early,
        "category": Category.objects.get(code="overlast-jeugd"),
    }


# --- Endpoints ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    rule: Rule
    kwargs: Callable[[Scenario, str], dict[str, Any]] = lambda s, o: {}
    data: Callable[[Scenario, str], Any] | None = None
    audited: bool = True  # touches personal data: exactly one audit row per request
    # Rows when granted, if not one: e.g. 0 for an empty form (denials still write one), or 2
    # when a request opens two records (a signal and the case it is linked to).
    rows_when_granted: int = 1
    per_object: bool = True  # the answer depends on the case (regular/radicalisation)
    api: bool = False
    multipart: bool = False

    @property
    def id(self) -> str:
        return f"{self.name} {self.method}"


ONE: dict[str, Any] = {"per_object": False}  # a list: the answer does not depend on one case
Kwargs = Callable[[Scenario, str], dict[str, Any]]


def with_format(fmt: str, kwargs: Kwargs | None = None) -> Kwargs:
    """The URL arguments of an export (docs/exports.md): ``fmt`` is csv or xlsx."""
    return lambda s, o: {**(kwargs(s, o) if kwargs else {}), "fmt": fmt}


def case_kw(key: str = "case_id") -> Callable[[Scenario, str], dict[str, Any]]:
    return lambda s, o: {key: s.cases[o].pk}


def upload(s: Scenario, o: str) -> dict[str, Any]:
    return {
        "upload": SimpleUploadedFile("notitie.txt", b"Synthetisch.", "text/plain"),
        "data_category": DataCategory.POLICE,
        "scope": Scope.PARTICIPANTS,
    }


def contribution_data(s: Scenario, o: str) -> dict[str, Any]:
    return {
        "text": "Synthetische inbreng.",
        "data_category": DataCategory.POLICE,
        "legal_basis": LegalBasis.WPG_16,
        "scope": Scope.PARTICIPANTS,
    }


def action_data(s: Scenario, o: str) -> dict[str, Any]:
    police = s.users["participant"].organisation
    assert police is not None
    return {
        "description": "Nieuwe actie",
        "owner_organisation": police.pk,
        "deadline": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
    }


def registration_html(s: Scenario, o: str) -> dict[str, Any]:
    return {
        "first_name": "Testpersoon",
        "last_name": "Matrix",
        "date_of_birth": "01-02-1990",
        "theme": Theme.ICO,
        "reason": "Synthetische aanmelding.",
        "crit_multi_domain": "on",
    }


def registration_api(s: Scenario, o: str) -> dict[str, Any]:
    return {
        "person": {
            "first_name": "Testpersoon",
            "last_name": "Matrix",
            "date_of_birth": "1990-02-01",
        },
        "theme": Theme.ICO,
        "reason": "Synthetische aanmelding.",
        "criteria": {"multi_domain": True},
    }


def reason_for_break_glass(s: Scenario, o: str) -> dict[str, Any]:
    return {
        "reference": s.cases[o].reference,
        "reason": "Acute crisis: de behandelaar heeft de voorgeschiedenis nodig.",
    }


CASE_PAGES = [
    Endpoint("cases:detail", "GET", case_read, case_kw()),
    Endpoint("cases:transition", "GET", case_manage, case_kw()),
    Endpoint(
        "cases:transition",
        "POST",
        case_manage,
        case_kw(),
        lambda s, o: {"to_status": Status.TRIAGE, "from_status": Status.REGISTERED},
    ),
    Endpoint("cases:invite", "GET", case_manage, case_kw()),
    Endpoint(
        "cases:invite",
        "POST",
        case_manage,
        case_kw(),
        lambda s, o: {"organisation": s.ggz.pk, "role": "deelnemer"},
    ),
    Endpoint("cases:contribution_add", "GET", case_read, case_kw()),
    Endpoint("cases:contribution_add", "POST", case_read, case_kw(), contribution_data),
    Endpoint("cases:plan", "GET", case_manage, case_kw()),
    Endpoint("cases:plan", "POST", case_manage, case_kw(), lambda s, o: {"goals": "Doelen."}),
    Endpoint("cases:action_add", "GET", case_read, case_kw()),
    Endpoint("cases:action_add", "POST", case_read, case_kw(), action_data),
    Endpoint(
        "cases:action_update",
        "GET",
        case_read,
        lambda s, o: {"case_id": s.cases[o].pk, "action_id": s.actions[o].pk},
    ),
    Endpoint(
        "cases:action_update",
        "POST",
        case_read,
        lambda s, o: {"case_id": s.cases[o].pk, "action_id": s.actions[o].pk},
        lambda s, o: {"status": "done", "result": "Gedaan."},
    ),
    Endpoint("cases:document_upload", "GET", case_read, case_kw()),
    Endpoint("cases:document_upload", "POST", case_read, case_kw(), upload, multipart=True),
    Endpoint(
        "cases:document_download", "GET", case_read, lambda s, o: {"document_id": s.documents[o].pk}
    ),
    Endpoint("cases:person", "GET", case_read, lambda s, o: {"person_id": s.cases[o].subject_id}),
    # Person records: process direction, and only with every case of the records in sight.
    Endpoint("cases:duplicates", "GET", case_manage, per_object=False),
    Endpoint("cases:merge", "GET", case_manage, pair_kw),
    Endpoint(
        "cases:merge",
        "POST",
        case_manage,
        pair_kw,
        lambda s, o: {"survivor": s.extra["pairs"][o][0].pk},
    ),
    Endpoint("cases:merge_detail", "GET", case_manage, merge_kw),
    Endpoint("cases:merge_undo", "POST", case_manage, merge_kw),
    Endpoint("cases:merge_confirm", "POST", case_manage, merge_kw),
    Endpoint("cases:list", "GET", case_roles, per_object=False),
    Endpoint("cases:list", "POST", case_roles, data=lambda s, o: {"q": "Matrix"}, per_object=False),
    Endpoint("cases:export", "GET", coordinator_only, with_format("csv"), **ONE),
    Endpoint("cases:export", "GET", coordinator_only, with_format("xlsx"), **ONE),
    Endpoint("cases:register", "GET", case_roles, audited=False, per_object=False),
    Endpoint("cases:register", "POST", case_roles, data=registration_html, per_object=False),
    Endpoint("cases:break_glass", "GET", case_roles, audited=False, per_object=False),
    Endpoint("cases:break_glass", "POST", break_glass, data=reason_for_break_glass),
]

API = [
    Endpoint("api:case-list", "GET", case_roles, per_object=False, api=True),
    Endpoint(
        "api:case-list", "POST", case_roles, data=registration_api, per_object=False, api=True
    ),
    Endpoint(
        "api:case-search",
        "POST",
        case_roles,
        data=lambda s, o: {"query": "Matrix"},
        per_object=False,
        api=True,
    ),
    Endpoint("api:case-detail", "GET", case_read, case_kw("pk"), api=True),
    Endpoint(
        "api:case-transition",
        "POST",
        case_manage,
        case_kw("pk"),
        lambda s, o: {"to_status": Status.TRIAGE},
        api=True,
    ),
    Endpoint(
        "api:case-participants",
        "POST",
        case_manage,
        case_kw("pk"),
        lambda s, o: {"organisation": s.ggz.pk},
        api=True,
    ),
    Endpoint(
        "api:case-contributions", "POST", case_read, case_kw("pk"), contribution_data, api=True
    ),
    Endpoint(
        "api:case-plan",
        "PUT",
        case_manage,
        case_kw("pk"),
        lambda s, o: {"goals": "Doelen."},
        api=True,
    ),
    Endpoint(
        "api:case-plan",
        "POST",
        case_manage,
        case_kw("pk"),
        lambda s, o: {"goals": "Doelen."},
        api=True,
    ),
    Endpoint("api:case-actions", "POST", case_read, case_kw("pk"), action_data, api=True),
    Endpoint(
        "api:case-documents", "POST", case_read, case_kw("pk"), upload, api=True, multipart=True
    ),
    Endpoint(
        "api:action-detail",
        "PATCH",
        case_read,
        lambda s, o: {"pk": s.actions[o].pk},
        lambda s, o: {"status": "done", "result": "Gedaan."},
        api=True,
    ),
    Endpoint(
        "api:document-download", "GET", case_read, lambda s, o: {"pk": s.documents[o].pk}, api=True
    ),
    Endpoint(
        "api:contribution-detail",
        "GET",
        case_read,
        lambda s, o: {"pk": s.contributions[o].pk},
        api=True,
    ),
    Endpoint(
        "api:person-detail", "GET", case_read, lambda s, o: {"pk": s.cases[o].subject_id}, api=True
    ),
    Endpoint("api:break-glass", "POST", break_glass, data=reason_for_break_glass, api=True),
]


def person_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"person_id": s.cases[o].subject_id}


PRIVACY = [
    Endpoint("privacy:person_search", "GET", privacy_only, per_object=False),
    Endpoint(
        "privacy:person_search",
        "POST",
        privacy_only,
        per_object=False,
        data=lambda s, o: {"naam": "Voorbeeld"},
    ),
    Endpoint("privacy:person_log", "GET", privacy_only, person_kw),
    Endpoint("privacy:subject_access", "GET", privacy_only, person_kw),
    Endpoint("privacy:subject_access_json", "GET", privacy_only, person_kw),
    Endpoint("privacy:subject_access_pdf", "GET", privacy_only, person_kw),
    Endpoint("privacy:user_log", "GET", privacy_only, per_object=False),
    Endpoint("privacy:break_glass", "GET", privacy_only, per_object=False),
    Endpoint(
        "privacy:break_glass_review",
        "POST",
        privacy_only,
        lambda s, o: {"grant_id": s.grant.pk},
        lambda s, o: {"note": "Terecht."},
        per_object=False,
    ),
    Endpoint("privacy:chain", "GET", privacy_only, per_object=False),
]


def signal_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"signal_id": s.extra["signals"][o].pk}


def photo_kw(s: Scenario, o: str) -> dict[str, Any]:
    signal = s.extra["signals"][o]
    return {"signal_id": signal.pk, "photo_id": signal.photos.get().pk}


def team_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"team_id": s.extra["team"].pk}


def new_signal(s: Scenario, o: str) -> dict[str, Any]:
    from veilig.signals.tests.conftest import CENTRUM

    return {
        "category": s.extra["category"].pk,
        "description": "Synthetische melding.",
        "occurred_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "lat": CENTRUM[0],
        "lon": CENTRUM[1],
        "location_method": "kaart",
        "source": "wijkteam",
    }


SIGNALS = [
    Endpoint("signals:list", "GET", signal_roles, per_object=False),
    Endpoint("signals:create", "GET", signal_roles, per_object=False, rows_when_granted=0),
    Endpoint("signals:create", "POST", signal_roles, data=new_signal, per_object=False),
    Endpoint("signals:sent", "GET", any_user, audited=False, per_object=False),
    Endpoint(
        "signals:address_search",
        "POST",
        signal_roles,
        data=lambda s, o: {"q": "Grote Markt"},
        per_object=False,
    ),
    Endpoint("signals:detail", "GET", signal_read, signal_kw),
    Endpoint(
        "signals:status", "POST", signal_read, signal_kw, lambda s, o: {"status": "in_behandeling"}
    ),
    Endpoint(
        "signals:link_case",
        "POST",
        signal_link,
        signal_kw,
        lambda s, o: {"reference": s.cases["regular"].reference},
        rows_when_granted=2,
    ),
    Endpoint("signals:photo", "GET", signal_read, photo_kw),
    Endpoint("signals:teams", "GET", team_view, per_object=False, rows_when_granted=0),
    Endpoint("signals:team", "GET", team_view, team_kw, per_object=False),
    Endpoint("signals:team_map", "GET", team_view, team_kw, per_object=False),
    Endpoint("signals:export", "GET", signal_roles, with_format("csv"), **ONE),
    Endpoint("signals:team_export", "GET", team_view, with_format("xlsx", team_kw), **ONE),
    Endpoint("signals:team_early_export", "GET", team_view, with_format("csv", team_kw), **ONE),
    Endpoint(
        "signals:early_detail",
        "GET",
        team_view,
        lambda s, o: {"early_id": s.extra["early"].pk},
        per_object=False,
    ),
    Endpoint("signals:early_list", "GET", team_view, per_object=False),
    Endpoint(
        "signals:early_status",
        "POST",
        team_view,
        lambda s, o: {"early_id": s.extra["early"].pk},
        lambda s, o: {"status": "in_progress"},
        per_object=False,
    ),
]


def run_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"run_id": s.extra["run"].pk}


# Import screens: pseudonymised data. Opening a screen writes no row; a denial, an upload, the
# results of a finished run (detail, progress) and a report export do (access/events.py).
# The import itself is tested in veilig/events/tests.
EVENTS = [
    Endpoint("events:import_list", "GET", analyst_only, per_object=False, rows_when_granted=0),
    Endpoint("events:import_new", "GET", analyst_only, per_object=False, rows_when_granted=0),
    Endpoint(
        "events:import_new",
        "POST",
        analyst_only,
        per_object=False,
        rows_when_granted=0,
        data=lambda s, o: {},
    ),
    Endpoint("events:import_detail", "GET", analyst_only, run_kw, per_object=False),
    Endpoint(
        "events:import_mapping", "GET", analyst_only, run_kw, per_object=False, rows_when_granted=0
    ),
    Endpoint(
        "events:import_mapping",
        "POST",
        analyst_only,
        run_kw,
        per_object=False,
        rows_when_granted=0,
        data=lambda s, o: {},
    ),
    Endpoint("events:import_progress", "GET", analyst_only, run_kw, per_object=False),
    Endpoint("events:import_report", "GET", analyst_only, with_format("csv", run_kw), **ONE),
    Endpoint("events:import_report", "GET", analyst_only, with_format("xlsx", run_kw), **ONE),
]

# Forecasts: aggregates, no audit rows (granted or denied).
FORECASTS = [
    Endpoint("forecasts:teams", "GET", forecast_map, per_object=False, audited=False),
    Endpoint("forecasts:team_map", "GET", forecast_map, team_kw, per_object=False, audited=False),
]

SHELL = [
    Endpoint("web:home", "GET", any_user, audited=False, per_object=False),
    Endpoint("geo:explorer", "GET", any_user, audited=False, per_object=False),
    Endpoint("geo:explorer_geojson", "GET", any_user, audited=False, per_object=False),
    # The street layer of the maps: synthetic demo streets, not personal data (docs/maps.md).
    Endpoint("geo:streets_geojson", "GET", any_user, audited=False, per_object=False),
]


def target_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"user_id": s.users["coordinator"].pk}


# The administrator's second-factor pages (web/views_two_factor.py): opening one writes no row,
# a denial does; issuing a code for a user who has an app is refused on the page (no row); a
# reset writes its row.
TWO_FACTOR_ADMIN = [
    Endpoint("web:two_factor_admin", "GET", admin_only, per_object=False, rows_when_granted=0),
    Endpoint(
        "web:two_factor_admin_user",
        "GET",
        admin_only,
        target_kw,
        per_object=False,
        rows_when_granted=0,
    ),
    Endpoint(
        "web:two_factor_admin_issue",
        "POST",
        admin_only,
        target_kw,
        per_object=False,
        rows_when_granted=0,
        data=lambda s, o: {},
    ),
    Endpoint(
        "web:two_factor_admin_reset",
        "POST",
        admin_only,
        target_kw,
        per_object=False,
        data=lambda s, o: {"reason": "Telefoon kwijt, gecontroleerd via de leidinggevende."},
    ),
]


def table_kw(s: Scenario, o: str) -> dict[str, Any]:
    from veilig.cases.models import Table

    return {"table_id": Table.objects.get(theme=Theme.RADICALISATION).pk}


# The case tables' access matrices (configuration; the matrix names the representatives, so it
# writes a read row; the list of tables writes one only when refused).
TABLES = [
    Endpoint("tables:list", "GET", table_readers, per_object=False, rows_when_granted=0),
    Endpoint("tables:matrix", "GET", table_readers, table_kw, per_object=False),
    Endpoint("tables:matrix_pdf", "GET", table_readers, table_kw, per_object=False),
]


# Issue #14. Each list belongs to one part: triage, meetings, their outputs (PDF, iCalendar),
# the follow-up overview, the consultations API and the notifications inbox.
def triage_decision(s: Scenario, o: str) -> dict[str, Any]:
    """Accept a registered case: the regular one at the ICO table, the radicalisation one at
    the radicalisation table (the weegploeg's "approach through the ZVH table")."""
    outcome = "zvh_table" if o == "radicalisation" else "accept"
    kind = "weegploeg" if o == "radicalisation" else "general"
    return {
        "outcome": outcome,
        "table": s.extra["tables"][o].pk,
        "reason": "Synthetisch besluit.",
        "kind": kind,
    }


def informing_data(s: Scenario, o: str) -> dict[str, Any]:
    return {"step": "informed", "informed_on": timezone.localdate().strftime("%d-%m-%Y")}


TRIAGE: list[Endpoint] = [
    Endpoint("triage:queue", "GET", triage_queue, per_object=False),
    Endpoint("triage:decide", "GET", case_manage, case_kw()),
    Endpoint("triage:decide", "POST", case_manage, case_kw(), triage_decision),
    Endpoint("triage:inform", "GET", case_manage, case_kw()),
    Endpoint("triage:inform", "POST", case_manage, case_kw(), informing_data),
]


def meeting_case_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"case_id": s.extra["meeting_cases"][o].pk}


def schedule_data(s: Scenario, o: str) -> dict[str, Any]:
    when = timezone.localtime() + dt.timedelta(days=21)
    return {
        "table": s.extra["tables"]["regular"].pk,
        "starts_at": when.strftime("%d-%m-%Y 14:00"),
        "duration_minutes": 90,
        "place": "Veiligheidshuis",
    }


def meeting_action_data(s: Scenario, o: str) -> dict[str, Any]:
    police = s.users["participant"].organisation
    assert police is not None
    return {
        "description": "Huisbezoek",
        "owner_organisation": police.pk,
        "deadline": (timezone.localdate() + dt.timedelta(days=14)).strftime("%d-%m-%Y"),
    }


# The meeting pages (docs/consultations.md, "Meeting pages"). The list and the empty planning
# form hold no personal data: a row only when refused. Adding the meeting's own case to its
# agenda again is refused by the service and the page is shown again: the attempt's row and the
# page's read row.
MEETINGS: list[Endpoint] = [
    Endpoint("meetings:list", "GET", case_roles, per_object=False, rows_when_granted=0),
    Endpoint("meetings:schedule", "GET", coordinator_only, per_object=False, rows_when_granted=0),
    Endpoint("meetings:schedule", "POST", coordinator_only, data=schedule_data, per_object=False),
    Endpoint("meetings:detail", "GET", meeting_read, meeting_kw),
    Endpoint(
        "meetings:agenda_add",
        "POST",
        meeting_manage,
        meeting_kw,
        lambda s, o: {"case": s.extra["meeting_cases"][o].pk},
        rows_when_granted=2,
    ),
    Endpoint(
        "meetings:agenda_move",
        "POST",
        meeting_manage,
        meeting_kw,
        lambda s, o: {"item": s.extra["items"][o].pk, "position": 1},
    ),
    Endpoint("meetings:publish", "POST", meeting_manage, meeting_kw),
    Endpoint("meetings:hold", "POST", meeting_manage, meeting_kw),
    Endpoint("meetings:cancel", "POST", meeting_manage, meeting_kw),
    Endpoint(
        "meetings:attendance",
        "POST",
        meeting_manage,
        meeting_kw,
        lambda s, o: {"user": s.users["participant"].pk, "present": "on"},
    ),
    Endpoint("meetings:statement", "POST", meeting_read, meeting_kw),
    Endpoint("meetings:item", "GET", meeting_item_read, item_kw),
    Endpoint(
        "meetings:minutes",
        "POST",
        meeting_manage,
        item_kw,
        lambda s, o: {"beeld": "Synthetisch beeld."},
    ),
    Endpoint(
        "meetings:decision", "POST", meeting_manage, item_kw, lambda s, o: {"text": "Besluit."}
    ),
    Endpoint("meetings:action", "POST", meeting_manage, item_kw, meeting_action_data),
    Endpoint("meetings:flag", "POST", case_read, meeting_case_kw),
]

# The agenda and minutes as PDF for the one asking (only what they may see), the meeting as
# iCalendar: the meeting visible; one export (PDF) or download (iCalendar) row each.
MEETING_OUTPUTS: list[Endpoint] = [
    Endpoint("meeting_outputs:agenda_pdf", "GET", meeting_read, meeting_kw),
    Endpoint("meeting_outputs:minutes_pdf", "GET", meeting_read, meeting_kw),
    Endpoint("meeting_outputs:ics", "GET", meeting_read, meeting_kw),
]


def owner_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"organisation_id": s.users["participant"].organisation_id}


# The follow-up overview ("snel bijsturen"): process direction only, one list row.
FOLLOWUP: list[Endpoint] = [
    Endpoint("followup:overview", "GET", coordinator_only, **ONE),
    Endpoint("followup:overdue", "GET", coordinator_only, owner_kw, **ONE),
]


def _pk(key: str) -> Kwargs:
    return lambda s, o: {"pk": s.extra[key][o].pk}


def _meeting_data(s: Scenario, o: str) -> dict[str, Any]:
    return {
        "table": s.extra["tables"][o].pk,
        "starts_at": (timezone.now() + dt.timedelta(days=21)).isoformat(),
        "place": "Veiligheidshuis, zaal 3",
    }


def _case_at_the_table(s: Scenario, o: str) -> dict[str, Any]:
    """The scenario's case of this kind, moved (inside the cell's savepoint, without a row) to
    accepted at the kind's table, so that the chair can add it to the agenda."""
    Case.objects.filter(pk=s.cases[o].pk).update(status=Status.ACCEPTED, table=s.extra["tables"][o])
    return {"case": s.cases[o].pk}


def _triage_data(s: Scenario, o: str) -> dict[str, Any]:
    if o == "radicalisation":
        return {"outcome": "zvh_table", "reason": "Via de tafel.", "table": s.extra["tables"][o].pk}
    return {"outcome": "accept", "reason": "Meervoudig.", "table": s.extra["tables"][o].pk}


CONSULTATIONS_API: list[Endpoint] = [
    # The list writes a row only when refused (tables, dates and places are no personal data).
    Endpoint(
        "api:meeting-list", "GET", case_roles, per_object=False, api=True, rows_when_granted=0
    ),
    Endpoint("api:meeting-list", "POST", meeting_manage, data=_meeting_data, api=True),
    Endpoint("api:meeting-detail", "GET", meeting_read, _pk("meetings"), api=True),
    Endpoint(
        "api:meeting-transition",
        "POST",
        meeting_manage,
        _pk("meetings"),
        lambda s, o: {"to_status": "agenda_ready"},
        api=True,
    ),
    Endpoint(
        "api:meeting-agenda-items",
        "POST",
        meeting_manage,
        _pk("meetings"),
        _case_at_the_table,
        api=True,
    ),
    Endpoint(
        "api:meeting-agenda-move",
        "POST",
        meeting_manage,
        _pk("meetings"),
        lambda s, o: {"item": s.extra["items"][o].pk, "position": 1},
        api=True,
    ),
    Endpoint(
        "api:meeting-attendance",
        "POST",
        meeting_manage,
        _pk("meetings"),
        lambda s, o: {"user": s.users["other_partner"].pk},
        api=True,
    ),
    Endpoint("api:meeting-statement", "POST", meeting_read, _pk("meetings"), api=True),
    Endpoint("api:agenda-item-detail", "GET", meeting_item_read, _pk("items"), api=True),
    Endpoint(
        "api:agenda-item-minutes",
        "PUT",
        meeting_manage,
        _pk("items"),
        lambda s, o: {"beeld": "Beeld.", "oordeel": "Oordeel.", "besluit": "Besluit."},
        api=True,
    ),
    Endpoint(
        "api:agenda-item-decisions",
        "POST",
        meeting_manage,
        _pk("items"),
        lambda s, o: {"text": "Politie legt huisbezoek af."},
        api=True,
    ),
    Endpoint(
        "api:agenda-item-actions", "POST", meeting_manage, _pk("items"), action_data, api=True
    ),
    Endpoint("api:triage-list", "GET", triage_queue, per_object=False, api=True),
    Endpoint(
        "api:case-triage-decision", "POST", case_manage, case_kw("pk"), _triage_data, api=True
    ),
    Endpoint(
        "api:case-subject-informing",
        "PUT",
        case_manage,
        case_kw("pk"),
        lambda s, o: {"informed_on": timezone.localdate().isoformat()},
        api=True,
    ),
]


def dashboard_roles(subject: str, obj: str) -> str:
    """The theme dashboards: analysts (unsuppressed) and policy officers (suppressed)."""
    return OK if subject in ("analyst", "policy") else NOT_FOUND


def theme_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"theme": "woninginbraak"}


def chart_kw(fmt: str) -> Kwargs:
    return lambda s, o: {"theme": "woninginbraak", "chart": "trend", "fmt": fmt}


# The theme dashboards (veilig/intel/dashboards, veilig/intel/api): every view, export and API
# read writes one row, refusals too; the index and the list of themes hold no figures (no row).
DASHBOARDS = [
    Endpoint("dashboards:index", "GET", dashboard_roles, audited=False, per_object=False),
    Endpoint("dashboards:page", "GET", dashboard_roles, theme_kw, **ONE),
    *(
        Endpoint("dashboards:export", "GET", dashboard_roles, with_format(fmt, theme_kw), **ONE)
        for fmt in ("csv", "xlsx", "geojson", "gpkg")
    ),
    # One chart format: the three share the view and its rule (and rendering costs seconds);
    # SVG and PDF are checked in veilig/intel/tests/test_dashboard_views.py.
    Endpoint("dashboards:chart", "GET", dashboard_roles, chart_kw("png"), **ONE),
    Endpoint(
        "api:dashboard-theme-list",
        "GET",
        dashboard_roles,
        audited=False,
        per_object=False,
        api=True,
    ),
    Endpoint("api:dashboard-detail", "GET", dashboard_roles, theme_kw, per_object=False, api=True),
]


def own_notification(subject: str, obj: str) -> str:
    """A notification is its recipient's alone (bob's, in the scenario)."""
    return OK if subject == "participant" else NOT_FOUND


def notification_kw(s: Scenario, o: str) -> dict[str, Any]:
    return {"notification_id": s.extra["notification"].pk}


# The inbox (veilig/notifications): kinds and links only, no personal data, so no audit row.
NOTIFICATIONS = [
    Endpoint("notifications:inbox", "GET", any_user, audited=False, per_object=False),
    Endpoint(
        "notifications:follow", "GET", own_notification, notification_kw, audited=False, **ONE
    ),
    Endpoint("notifications:mark_all_read", "POST", any_user, audited=False, per_object=False),
    Endpoint("notifications:preferences", "GET", any_user, audited=False, per_object=False),
    Endpoint("api:notification-list", "GET", any_user, audited=False, per_object=False, api=True),
    Endpoint(
        "notifications:preferences",
        "POST",
        any_user,
        data=lambda s, o: {"delivery": "daily_digest"},
        audited=False,
        per_object=False,
    ),
]

MATRIX: list[Endpoint] = [
    *CASE_PAGES,
    *API,
    *PRIVACY,
    *SIGNALS,
    *EVENTS,
    *FORECASTS,
    *SHELL,
    *TWO_FACTOR_ADMIN,
    *TABLES,
    *TRIAGE,
    *MEETINGS,
    *MEETING_OUTPUTS,
    *FOLLOWUP,
    *CONSULTATIONS_API,
    *NOTIFICATIONS,
    *DASHBOARDS,
]

# Endpoints outside the role matrix, with the reason.
OUTSIDE_THE_MATRIX = {
    "accounts:login": "public: the sign-in page",
    "accounts:logout": "signs the current user out; no data",
    "accounts:two_factor_setup": "the user's own second factor; tested in accounts/tests",
    "accounts:two_factor_verify": "the user's own second factor; tested in accounts/tests",
    "accounts:two_factor_replace": "the user's own second factor; tested in accounts/tests",
    "accounts:two_factor_backup": "the user's own second factor; tested in accounts/tests",
    "set_language": "Django's language switch; no data",
    "algorithms:register": "public: the algorithm register (no personal data); intel/tests",
    "algorithms:technical": "public: its technical appendix (no personal data); intel/tests",
}
# Django's admin is guarded by staff status and the admin role (see test_admin_site below).
OUTSIDE_NAMESPACES = {"admin"}


def _url_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for item in patterns:
        if isinstance(item, URLResolver):
            inner = f"{namespace}{item.namespace}:" if item.namespace else namespace
            yield from _url_names(item.url_patterns, inner)
        elif item.name:
            yield f"{namespace}{item.name}"


def test_every_endpoint_is_in_the_matrix() -> None:
    names = set(_url_names(get_resolver().url_patterns))
    names = {n for n in names if n.split(":")[0] not in OUTSIDE_NAMESPACES}
    covered = {e.name for e in MATRIX} | set(OUTSIDE_THE_MATRIX)
    missing = sorted(names - covered)
    assert not missing, f"endpoints missing from the access matrix: {missing}"
    stale = sorted(covered - names)
    assert not stale, f"matrix entries without an endpoint: {stale}"


# --- Running the cells ----------------------------------------------------------------------


class _Rollback(Exception):
    pass


REQUIRED_FIELDS = (
    "seq",
    "at",
    "actor_username",
    "organisation",
    "role",
    "object_type",
    "action",
    "result",
    "origin",
    "channel",
    "prev_hash",
    "hash",
)


def _request(endpoint: Endpoint, scenario: Scenario, subject: str, obj: str) -> Any:
    client = scenario.clients[subject]
    url = reverse(endpoint.name, kwargs=endpoint.kwargs(scenario, obj))
    data = endpoint.data(scenario, obj) if endpoint.data else None
    method = getattr(client, endpoint.method.lower())
    if endpoint.method == "GET":
        return client.get(url)
    if endpoint.api and not endpoint.multipart:
        return method(url, data or {}, content_type="application/json")
    if endpoint.method in ("PUT", "PATCH"):
        return method(url, data or {}, content_type="application/json")
    return method(url, data or {})


def _outcome(endpoint: Endpoint, response: Any) -> str:
    status = response.status_code
    if status == 404:
        return NOT_FOUND
    if status in (401, 403) and endpoint.api:
        return LOGIN
    if status == 302 and "/account/inloggen/" in response.get("Location", ""):
        return LOGIN
    if status in (200, 201, 204, 302):
        return OK
    return f"unexpected {status}"


def _expected(endpoint: Endpoint, subject: str, obj: str) -> str:
    if subject == "anonymous":
        return LOGIN
    return endpoint.rule(subject, obj)


def run_cell(endpoint: Endpoint, scenario: Scenario, subject: str, obj: str) -> list[str]:
    """Runs one cell in a savepoint; returns the problems found (empty when all is right)."""
    problems: list[str] = []
    try:
        with transaction.atomic():
            before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
            response = _request(endpoint, scenario, subject, obj)
            outcome = _outcome(endpoint, response)
            expected = _expected(endpoint, subject, obj)
            cell = f"{endpoint.id} × {subject} × {obj}"
            if outcome != expected:
                problems.append(f"{cell}: expected {expected}, got {outcome}")
            rows = list(AuditEntry.objects.filter(seq__gt=before))
            want = 1 if endpoint.audited and subject != "anonymous" else 0
            if want and expected == OK:
                want = endpoint.rows_when_granted
            if len(rows) != want:
                problems.append(f"{cell}: {len(rows)} audit rows, expected {want}")
            for row in rows:
                empty = [f for f in REQUIRED_FIELDS if getattr(row, f) in ("", None)]
                if empty:
                    problems.append(f"{cell}: audit row without {empty}")
                if row.actor_username != scenario.users[subject].username:
                    problems.append(f"{cell}: audit row names {row.actor_username}")
                wanted_result = "granted" if expected == OK else "denied"
                if row.result != wanted_result and outcome == expected:
                    problems.append(f"{cell}: audit result {row.result}, expected {wanted_result}")
            raise _Rollback
    except _Rollback:
        pass
    return problems


@pytest.fixture
def scenario(db: None, tmp_path: Any, settings: Any) -> Scenario:
    settings.DOCUMENTS_ROOT = tmp_path
    return build_scenario(tmp_path)


@pytest.mark.parametrize("endpoint", MATRIX, ids=lambda e: e.id)
def test_access_matrix(endpoint: Endpoint, scenario: Scenario) -> None:
    objects = OBJECTS if endpoint.per_object else ["regular"]
    problems = [
        problem
        for subject in ALL_SUBJECTS
        for obj in objects
        for problem in run_cell(endpoint, scenario, subject, obj)
    ]
    assert not problems, "\n".join(problems)


def test_matrix_size() -> None:
    cells = sum(len(ALL_SUBJECTS) * (len(OBJECTS) if e.per_object else 1) for e in MATRIX)
    # Printed with -s; the closing note of the issue reports it.
    print(f"access matrix: {len(MATRIX)} endpoint×method rows, {cells} cells")
    assert cells > 500


@pytest.mark.django_db
def test_admin_site_only_for_staff_administrators() -> None:
    """Staff administrators use /beheer/; every other user gets the site's 403 page, and an
    anonymous visitor the site's own sign-in page (password and second factor)."""
    index = reverse("admin:index")
    for subject, (username, org, partner_type, roles, _rad) in SUBJECTS.items():
        user = persona(username, org_code=org, partner_type=partner_type, roles=roles)
        if subject == "admin":
            user.is_staff = True
            user.save()
        response = verified_client(user).get(index)
        if subject == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 403, subject
            assert "veilig-main" in response.content.decode(), subject
    response = Client().get(index)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
