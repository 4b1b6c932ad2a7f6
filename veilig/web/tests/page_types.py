"""Every page type of the interface, per demo role: the one list the phone browser test walks.

``PAGE_TYPES`` holds one ``PageType`` per page a role can open: a name, the demo logins that open
it, and how to build its URL from the ``Site`` (the objects the pages show). To add a page type
(an export, the access matrix, an early-signal action…), add one ``PageType`` here; when it needs
an object the demo city lacks, add a field to ``Site`` and fill it in ``site_build``.
``test_browser_pages.py`` visits each page as each of its roles at 360×740 and 1280×900.
Lists are opened with a filter that keeps them to a few dozen rows: their rows are alike, and
axe's time grows with the size of the page (the whole explorer of 100 buurten takes 5 s a run).

The data is a small demo city (``demo_city_build`` with few addresses and no access-log
history: the casework, teams, signals and logins are the real demo's, in about 7 s), plus what
the demo does not make: one finished and one unmapped import, an early signal for the team of
``wijkagent``, a break-the-glass grant waiting for review.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q
from django.test import override_settings
from django.utils import timezone

from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.cases.models import Case
from veilig.cases.services.break_glass import break_glass_open
from veilig.cases.vocabulary import ActionStatus
from veilig.demo.services import demo_city_build
from veilig.events import services as event_services
from veilig.events.models import ImportRun, ImportStatus
from veilig.signals.models import EarlySignal, EarlyWarningRule, Signal, Team
from veilig.signals.vocabulary import EarlyRecipient
from veilig.testing.seeds import seed_administration_group, seed_signal_catalogue
from veilig.testing.worker import worker_run

# The demo logins of each role (README.md, "Demo logins").
COORDINATOR = "regisseur"
PARTNER = "politie"
TEAM_MEMBER = "wijkagent"
ANALYST = "analist"
POLICY = "beleid"
PRIVACY_OFFICER = "privacy"
ADMIN = "beheer"
# The privacy officer comes after the others: the user log then shows their visits.
ROLES: tuple[str, ...] = (
    COORDINATOR,
    PARTNER,
    TEAM_MEMBER,
    ANALYST,
    POLICY,
    ADMIN,
    PRIVACY_OFFICER,
)
EVERY_ROLE = frozenset(ROLES)

DEMO_ADDRESSES = 1_500  # enough for signals in every team; the default 100,000 takes minutes


@dataclass
class Site:
    """The ids of the objects the pages show (filled by ``site_build``)."""

    case: int = 0  # open, with actions and contributions, the police take part
    person: int = 0  # the subject of ``case``
    signal: int = 0  # routed to the team of wijkagent
    team: int = 0  # the team of wijkagent
    early: int = 0  # an early signal for that team
    import_done: int = 0  # a finished import with a rejected row
    import_unmapped: int = 0  # an upload of a generic source, waiting for its columns
    user: int = 0  # the coordinator: for the user log and the second-factor admin page
    extra: dict[str, int] = field(default_factory=dict)  # for page types added later


@dataclass(frozen=True)
class PageType:
    name: str
    roles: frozenset[str]
    url: Callable[[Site], str]
    # A CSS selector that shows the page has drawn what its scripts add (a map), or "".
    ready: str = ""
    # What to do on the page before it is checked (fill in and send a search form), or None.
    act: Callable[[Any, Site], None] | None = None
    status: int = 200  # the answer expected (the not-found page: 404)


def _search_person(page: Any, site: Site) -> None:
    page.locator("#id_person_id").fill(str(site.person))
    page.locator("#person-search button[type=submit]").click()
    page.wait_for_load_state()


PAGE_TYPES: tuple[PageType, ...] = (
    # Every role
    PageType("home", EVERY_ROLE, lambda s: "/"),
    PageType(
        "areas-explorer",
        EVERY_ROLE,
        lambda s: "/gebieden/?stadsdeel=SD999901",
        ready="#explorer-map path.leaflet-interactive",
    ),
    PageType("algorithm-register", EVERY_ROLE, lambda s: "/algoritmeregister/"),
    PageType("account-replace-app", EVERY_ROLE, lambda s: "/account/tweestaps/vervangen/"),
    PageType("not-found", frozenset({POLICY}), lambda s: "/bestaat-niet/", status=404),
    # Casework
    PageType(
        "case-list",
        frozenset({COORDINATOR, PARTNER}),
        lambda s: "/casussen/?overdue=on&theme=verwarde_personen",
    ),
    PageType("case-detail", frozenset({COORDINATOR, PARTNER}), lambda s: f"/casussen/{s.case}/"),
    PageType("case-register", frozenset({COORDINATOR, PARTNER}), lambda s: "/casussen/aanmelden/"),
    PageType(
        "case-person",
        frozenset({COORDINATOR, PARTNER}),
        lambda s: f"/casussen/personen/{s.person}/",
    ),
    PageType("case-break-glass", frozenset({PARTNER}), lambda s: "/casussen/noodtoegang/"),
    # Consultations (issue #14)
    PageType("triage-queue", frozenset({COORDINATOR}), lambda s: "/triage/"),
    PageType(
        "triage-decide",
        frozenset({COORDINATOR}),
        lambda s: f"/triage/{s.extra['triage']}/besluit/",
    ),
    PageType("meeting-list", frozenset({COORDINATOR, PARTNER}), lambda s: "/overleggen/"),
    PageType(
        "meeting-schedule",
        frozenset({COORDINATOR}),
        lambda s: f"/overleggen/nieuw/?tafel={s.extra['table']}",
    ),
    PageType(
        "meeting-detail",
        frozenset({COORDINATOR, PARTNER}),
        lambda s: f"/overleggen/{s.extra['meeting']}/",
    ),
    PageType(
        "meeting-item",
        frozenset({COORDINATOR, PARTNER}),
        lambda s: f"/overleggen/punten/{s.extra['item']}/",
    ),
    PageType("tables", frozenset({COORDINATOR, ADMIN}), lambda s: "/tafels/"),
    PageType(
        "table-covenant",
        frozenset({COORDINATOR, ADMIN}),
        lambda s: f"/tafels/{s.extra['table']}/toegang/",
    ),
    PageType("inbox", EVERY_ROLE, lambda s: "/berichten/"),
    PageType("inbox-settings", frozenset({PARTNER}), lambda s: "/berichten/instellingen/"),
    # Signals and teams
    PageType(
        "signal-list",
        frozenset({COORDINATOR, PARTNER, TEAM_MEMBER}),
        lambda s: "/signalen/?open=on",
    ),
    PageType(
        "signal-detail", frozenset({COORDINATOR, TEAM_MEMBER}), lambda s: f"/signalen/{s.signal}/"
    ),
    PageType(
        "signal-form", frozenset({COORDINATOR, PARTNER, TEAM_MEMBER}), lambda s: "/signalen/nieuw/"
    ),
    PageType("team-index", frozenset({COORDINATOR, TEAM_MEMBER}), lambda s: "/signalen/teams/"),
    PageType(
        "team-map",
        frozenset({COORDINATOR, TEAM_MEMBER}),
        lambda s: f"/signalen/teams/{s.team}/",
        ready="#team-map-summary:not(:empty)",
    ),
    PageType(
        "early-signal-detail",
        frozenset({COORDINATOR, TEAM_MEMBER}),
        lambda s: f"/signalen/vroegsignalen/{s.early}/",
    ),
    # Forecasts and imports
    PageType(
        "forecast-index",
        frozenset({COORDINATOR, TEAM_MEMBER, ANALYST}),
        lambda s: "/voorspellingen/teams/",
    ),
    PageType(
        "forecast-map",
        frozenset({TEAM_MEMBER, ANALYST}),
        lambda s: f"/voorspellingen/teams/{s.team}/",
        ready="#forecast-map.leaflet-container",
    ),
    PageType("import-list", frozenset({ANALYST}), lambda s: "/registraties/imports/"),
    PageType("import-new", frozenset({ANALYST}), lambda s: "/registraties/imports/nieuw/"),
    PageType(
        "import-detail",
        frozenset({ANALYST}),
        lambda s: f"/registraties/imports/{s.import_done}/",
    ),
    PageType(
        "import-mapping",
        frozenset({ANALYST}),
        lambda s: f"/registraties/imports/{s.import_unmapped}/kolommen/",
    ),
    # Theme dashboards: analysts see the figures, policy officers with small cells suppressed
    PageType("dashboard-index", frozenset({ANALYST, POLICY}), lambda s: "/dashboards/"),
    PageType(
        "dashboard",
        frozenset({ANALYST, POLICY}),
        lambda s: "/dashboards/woninginbraak/?level=wijk",
        ready="#trend[data-chart-drawn='true'] svg",
    ),
    # Privacy officer
    PageType("privacy-person-search", frozenset({PRIVACY_OFFICER}), lambda s: "/privacy/"),
    PageType(
        "privacy-person-found",
        frozenset({PRIVACY_OFFICER}),
        lambda s: "/privacy/",
        act=_search_person,
    ),
    PageType(
        "privacy-person-log",
        frozenset({PRIVACY_OFFICER}),
        lambda s: f"/privacy/personen/{s.person}/",
    ),
    PageType(
        "privacy-subject-access",
        frozenset({PRIVACY_OFFICER}),
        lambda s: f"/privacy/personen/{s.person}/inzage/",
    ),
    PageType(
        "privacy-user-log",
        frozenset({PRIVACY_OFFICER}),
        lambda s: f"/privacy/gebruikers/?gebruiker={s.user}",
    ),
    PageType(
        "privacy-break-glass", frozenset({PRIVACY_OFFICER}), lambda s: "/privacy/noodtoegang/"
    ),
    PageType("privacy-chain", frozenset({PRIVACY_OFFICER}), lambda s: "/privacy/logboek/controle/"),
    # Functional administrator
    PageType("admin-index", frozenset({ADMIN}), lambda s: "/beheer/"),
    PageType("admin-two-factor", frozenset({ADMIN}), lambda s: "/account/beheer/tweestaps/"),
    PageType(
        "admin-two-factor-user",
        frozenset({ADMIN}),
        lambda s: f"/account/beheer/tweestaps/{s.user}/",
    ),
)


def pages_of(role: str) -> list[PageType]:
    return [page for page in PAGE_TYPES if role in page.roles]


def site_build(*, var_dir: Path, documents: Path) -> Site:
    """The small demo city and the few objects it lacks; returns their ids."""
    with override_settings(VAR_DIR=var_dir, DOCUMENTS_ROOT=documents):
        seed_signal_catalogue()  # another transactional test may have flushed these
        seed_administration_group()
        demo_city_build(seed=1, address_count=DEMO_ADDRESSES, access_history=False)
        users = {user.username: user for user in User.objects.filter(username__in=ROLES)}
        team = Team.objects.get(memberships__user=users[TEAM_MEMBER])
        case = _case_with_everything(users[PARTNER])
        signal = Signal.objects.filter(team=team).order_by("-pk").first()
        assert signal is not None, "the demo city routes no signal to the Centrum team"
        done, unmapped = _imports(users[ANALYST])
        _break_glass(users[PARTNER])
        extra = _consultations(users)
        return Site(
            case=case.pk,
            person=case.subject_id,
            signal=signal.pk,
            team=team.pk,
            early=_early_signal(team, signal).pk,
            import_done=done.pk,
            import_unmapped=unmapped.pk,
            user=users[COORDINATOR].pk,
            extra=extra,
        )


def _consultations(users: dict[str, User]) -> dict[str, int]:
    """A case waiting for triage; the next meeting of a table the police represent, with the
    statements of the coordinator and the police recorded, and an item the police may see."""
    from veilig.access.meetings import shown_item_ids
    from veilig.cases.models import Table
    from veilig.cases.vocabulary import Status, Theme
    from veilig.consultations.services import statement_accept
    from veilig.consultations.services.agenda import next_meeting

    waiting = (
        Case.objects.filter(status__in=[Status.REGISTERED, Status.TRIAGE])
        .exclude(theme=Theme.RADICALISATION)
        .order_by("pk")
        .first()
    )
    assert waiting is not None, "the demo city has no case waiting for triage"
    table = (
        Table.objects.filter(representatives=users[PARTNER])
        .exclude(theme=Theme.RADICALISATION)
        .order_by("pk")
        .first()
    )
    assert table is not None
    meeting = next_meeting(table_id=table.pk)
    assert meeting is not None, "the demo city plans no next meeting"
    for login in (COORDINATOR, PARTNER):
        statement_accept(context=AuditContext.for_command(users[login]), meeting_id=meeting.pk)
    shown = shown_item_ids(users[PARTNER], meeting)
    assert shown, "the police may see no item of the next meeting"
    return {"triage": waiting.pk, "table": table.pk, "meeting": meeting.pk, "item": min(shown)}


def _case_with_everything(partner: User) -> Case:
    """An open case of the police with open actions and contributions (so update links show)."""
    case = (
        Case.objects.filter(participants__organisation=partner.organisation)
        .annotate(
            open_actions=Count(
                "actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True
            ),
            notes=Count("contributions", distinct=True),
        )
        .filter(open_actions__gte=1, notes__gte=2)
        .order_by("pk")
        .first()
    )
    assert case is not None, "the demo city has no open police case with actions"
    return case


def _early_signal(team: Team, signal: Signal) -> EarlySignal:
    existing = EarlySignal.objects.filter(team=team, rule__recipient=EarlyRecipient.TEAM).first()
    if existing is not None:
        return existing
    rule = EarlyWarningRule.objects.filter(recipient=EarlyRecipient.TEAM).first()
    assert rule is not None, "the demo city has no early-warning rule for teams"
    now = timezone.now()
    early: EarlySignal = EarlySignal.objects.create(
        rule=rule,
        subject_key="browser-test",
        team=team,
        stadsdeel_code=team.area.code,
        window_start=now - dt.timedelta(days=14),
        window_end=now,
        signal_ids=[signal.pk],
        summary="Drie signalen van dezelfde categorie in twee weken",
    )
    return early


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


IMPORT_HEADER = ["id", "x", "y", "begin", "soort"]
IMPORT_MAPPING = {
    "external_id": "id",
    "crs": "rd",
    "x": "x",
    "y": "y",
    "begin": "begin",
    "theme_column": "soort",
}


def _imports(analyst: User) -> tuple[ImportRun, ImportRun]:
    """A finished import with one rejected row, and a second upload waiting for its columns."""
    context = AuditContext.for_command(analyst)
    rows: list[list[Any]] = [
        IMPORT_HEADER,
        ["T1", 171500, 498500, "2026-03-05 14:30", "Woninginbraak"],
        ["T2", 171600, 498600, "2026-03-06 10:00", "Woninginbraak"],
        ["T3", 171700, 498700, "nooit", "Woninginbraak"],
    ]
    done = event_services.import_run_start(
        context=context,
        upload=SimpleUploadedFile("handhaving-maart.csv", _csv(rows)),
        new_source=event_services.NewSource(code="browser", name="Handhaving", format="generic"),
    )
    event_services.import_run_map(run=done, mapping=IMPORT_MAPPING)
    worker_run()
    done.refresh_from_db()
    assert done.status == ImportStatus.DONE, done.message
    unmapped = event_services.import_run_start(
        context=context,
        upload=SimpleUploadedFile("handhaving-april.csv", _csv(rows[:2])),
        source_id=done.source_id,
    )
    return done, unmapped


def _break_glass(partner: User) -> None:
    """A grant waiting for the privacy officer's review, on a case the police are not part of."""
    case = Case.objects.exclude(participants__organisation=partner.organisation).order_by("pk")[0]
    break_glass_open(
        context=AuditContext.for_command(partner),
        reference=case.reference,
        reason="Acute dreiging bij de woning; de wijkagent moet nu weten wie er betrokken zijn.",
    )
