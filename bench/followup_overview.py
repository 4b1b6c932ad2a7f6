"""Benchmark: the follow-up overview ("snel bijsturen") against the case list, same run.

Target (issue #14, Done when): with 100,000 cases and 20,000 meetings, the coordinator's
``/bijsturen/`` p95 is within 3× the case list's (``/casussen/``) p95 measured in the same run,
as the same coordinator, the pages requested alternately (the view in process, through the
test client, second factor passed). The overview is timed twice per round: as used (its lead
times computed at most every ten minutes, ``followup.lead_times``) and cold (the cache cleared
before the request, so every figure is computed in it); both verdicts are printed.

The data: 100,000 cases registered over three years in every theme (radicalisation ones too,
which this coordinator, not a member of that table, does not see); the older a case, the
likelier it is closed (``_status_for_age``: about a third stay open, as many of them without
progress for 28 days); participants, 0-3 actions per case (most of those long past their
deadline done, the rest open: thousands overdue), status changes, triage decisions,
contributions and moves into "plan of action"; 20,000 meetings of six tables, past ones held
with minuted items, future ones planned with agendas and actions brought back.

Run: ``uv run python bench/followup_overview.py [--cases 100000] [--meetings 20000]
[--repeats 30] [--db sqlite,postgres]``. Each database round runs in a fresh process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
import uuid as uuid_module
from pathlib import Path
from typing import Any

from harness import percentiles, postgres_url, settle, setup_django

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 3.0
PG_BENCH_DB = "veilig_bench_followup"
BATCH = 5000


def _keep_given_times() -> None:
    """Let bulk_create store the moments the bench gives (auto_now_add would set "now")."""
    from veilig.cases.models import Action, Case, Contribution, StatusChange

    for model, name in (
        (Case, "registered_at"),
        (StatusChange, "at"),
        (Contribution, "created_at"),
        (Action, "created_at"),
    ):
        field: Any = model._meta.get_field(name)
        field.auto_now_add = False


def build(cases: int, meetings: int, seed: int = 14) -> dict[str, Any]:
    """Fill an empty database with synthetic casework and consultations."""
    from django.core.management import call_command
    from django.utils import timezone

    from veilig.accounts.models import Organisation
    from veilig.accounts.roles import PartnerType, Role
    from veilig.accounts.services import user_create
    from veilig.cases.models import (
        Action,
        Case,
        Contribution,
        Participant,
        StatusChange,
        Table,
    )
    from veilig.cases.vocabulary import (
        ActionStatus,
        DataCategory,
        LegalBasis,
        Scope,
        Status,
        Theme,
    )
    from veilig.consultations.models import AgendaAction, AgendaItem, Meeting, TriageDecision
    from veilig.consultations.vocabulary import (
        AgendaActionKind,
        AgendaReason,
        MeetingStatus,
        TriageOutcome,
    )
    from veilig.registry.crypto import pseudonym_for
    from veilig.registry.models import Person

    rng = random.Random(seed)
    call_command("migrate", verbosity=0, interactive=False)
    _keep_given_times()
    started = time.perf_counter()
    orgs = [
        Organisation.objects.create(code=f"org-{i}", name=f"Organisatie {i}", partner_type=pt)
        for i, pt in enumerate(list(PartnerType))
    ]
    coordinator = user_create(
        username="bench-regisseur", password=None, organisation=orgs[0], roles=[Role.COORDINATOR]
    )
    table_themes = [
        Theme.ICO,
        Theme.RADICALISATION,
        Theme.PGA,
        Theme.CONFUSED_PERSONS,
        Theme.DOMESTIC_VIOLENCE,
        Theme.YOUTH,
    ]
    tables = {
        theme: Table.objects.create(
            code=f"tafel-{theme.value}", name=f"Tafel {theme.label}", theme=theme
        )
        for theme in table_themes
    }
    for table in tables.values():
        table.member_organisations.add(*orgs[:6])
    now = timezone.now()
    people = []
    for i in range(cases):
        person_uuid = uuid_module.UUID(int=rng.getrandbits(128))
        people.append(
            Person(
                uuid=person_uuid,
                first_name=f"Voornaam{i}",
                last_name=f"Achternaam{i % 997}",
                date_of_birth=dt.date(1960, 1, 1) + dt.timedelta(days=i % 15000),
                pseudonym=pseudonym_for(str(person_uuid)),
            )
        )
    Person.objects.bulk_create(people, batch_size=BATCH)
    person_ids = list(Person.objects.order_by("id").values_list("id", flat=True))
    past_triage = {Status.REGISTERED, Status.TRIAGE}
    at_table = {Status.ACCEPTED, Status.PLAN, Status.MONITORING, Status.STEPPED_DOWN}
    with_plan = {Status.PLAN, Status.MONITORING, Status.STEPPED_DOWN}
    final = {Status.CLOSED, Status.NOT_ACCEPTED}
    plans: dict[int, tuple[Status, dt.datetime, Theme]] = {}
    case_rows = []
    for i in range(cases):
        theme = rng.choice([*table_themes, Theme.NUISANCE])
        age = rng.uniform(0, 1095)
        registered = now - dt.timedelta(days=age)
        status = _status_for_age(rng, age)
        case_table = tables.get(theme) if status in at_table or status == Status.CLOSED else None
        case_rows.append(
            Case(
                reference=f"ZVH-F-{i:07d}",
                subject_id=person_ids[i],
                theme=theme,
                status=status,
                table=case_table,
                registering_organisation=rng.choice(orgs),
                registered_by=coordinator,
                registered_at=registered,
                reason="Synthetische aanmelding.",
                crit_multi_domain=True,
                closed_at=registered + dt.timedelta(days=200) if status == Status.CLOSED else None,
            )
        )
        plans[i] = (status, registered, theme)
    Case.objects.bulk_create(case_rows, batch_size=BATCH)
    case_ids = list(
        Case.objects.order_by("id").values_list("id", "registering_organisation_id", "table_id")
    )
    participants, actions, changes, decisions, contributions = [], [], [], [], []
    accepted_by_table: dict[int, list[int]] = {}
    for index, (case_id, registrant, table_id) in enumerate(case_ids):
        status, registered, theme = plans[index]
        chosen = {registrant, *rng.sample([o.pk for o in orgs], rng.randint(0, 2))}
        participants += [
            Participant(
                case_id=case_id, organisation_id=o, role="deelnemer", invited_by=coordinator
            )
            for o in chosen
        ]
        changes.append(
            StatusChange(
                case_id=case_id, to_status=Status.REGISTERED, by=coordinator, at=registered
            )
        )
        moment = registered
        if status not in past_triage:
            moment = registered + dt.timedelta(days=rng.uniform(0.5, 40))
            outcome = {
                Status.BILATERAL: TriageOutcome.BILATERAL,
                Status.LOCAL: TriageOutcome.LOCAL,
                Status.NOT_ACCEPTED: TriageOutcome.NOT_ACCEPTED,
            }.get(status, TriageOutcome.ACCEPT)
            if theme == Theme.RADICALISATION and outcome == TriageOutcome.ACCEPT:
                outcome = TriageOutcome.ZVH_TABLE
            decisions.append(
                TriageDecision(
                    case_id=case_id,
                    outcome=outcome,
                    table_id=table_id,
                    reason="Synthetisch.",
                    decided_by=coordinator,
                    decided_at=moment,
                    session=moment.date(),
                )
            )
            changes.append(
                StatusChange(
                    case_id=case_id,
                    from_status=Status.TRIAGE,
                    to_status=status if status not in with_plan else Status.ACCEPTED,
                    by=coordinator,
                    at=moment,
                )
            )
            if table_id is not None:
                accepted_by_table.setdefault(table_id, []).append(case_id)
        if status in with_plan:
            moment = moment + dt.timedelta(days=rng.uniform(3, 120))
            changes.append(
                StatusChange(
                    case_id=case_id,
                    from_status=Status.ACCEPTED,
                    to_status=Status.PLAN,
                    by=coordinator,
                    at=moment,
                )
            )
        for _ in range(rng.randint(0, 3)):
            created = moment + dt.timedelta(days=rng.uniform(0, 60))
            deadline = created + dt.timedelta(days=rng.randint(7, 90))
            # Most actions long past their deadline were done; the recent ones less so.
            # (and all of a closed case's: it closes when its actions are finished).
            done = status in final or rng.random() < (
                0.85 if deadline < now - dt.timedelta(days=30) else 0.35
            )
            actions.append(
                Action(
                    case_id=case_id,
                    description="Synthetische actie",
                    owner_organisation_id=rng.choice(sorted(chosen)),
                    deadline=deadline.date(),
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    created_at=min(created, now),
                    completed_at=min(created + dt.timedelta(days=20), now) if done else None,
                )
            )
        if rng.random() < 0.5:
            contributions.append(
                Contribution(
                    case_id=case_id,
                    organisation_id=registrant,
                    author=coordinator,
                    text="Synthetische inbreng.",
                    data_category=DataCategory.POLICE,
                    legal_basis=LegalBasis.AVG_6_1_E,
                    scope=Scope.PARTICIPANTS,
                    created_at=min(moment + dt.timedelta(days=rng.uniform(0, 200)), now),
                )
            )
    Participant.objects.bulk_create(participants, batch_size=BATCH)
    StatusChange.objects.bulk_create(changes, batch_size=BATCH)
    TriageDecision.objects.bulk_create(decisions, batch_size=BATCH)
    Action.objects.bulk_create(actions, batch_size=BATCH)
    Contribution.objects.bulk_create(contributions, batch_size=BATCH)
    # Meetings: spread over the tables from three years ago to three months ahead.
    table_ids = [t.pk for t in tables.values()]
    meeting_rows = []
    for _ in range(meetings):
        starts = now + dt.timedelta(days=rng.uniform(-1095, 90))
        meeting_rows.append(
            Meeting(
                table_id=rng.choice(table_ids),
                starts_at=starts,
                status=MeetingStatus.HELD if starts < now else MeetingStatus.PLANNED,
                created_by=coordinator,
            )
        )
    Meeting.objects.bulk_create(meeting_rows, batch_size=BATCH)
    items = []
    for meeting_id, table_id, starts in Meeting.objects.values_list("id", "table_id", "starts_at"):
        pool = accepted_by_table.get(table_id) or [case_ids[0][0]]
        for position, case_id in enumerate(
            rng.sample(pool, min(len(pool), rng.randint(2, 8))), start=1
        ):
            held = starts < now
            items.append(
                AgendaItem(
                    meeting_id=meeting_id,
                    case_id=case_id,
                    position=position,
                    reason=rng.choice(list(AgendaReason)),
                    beeld="Synthetisch beeld." if held else "",
                    minuted_at=starts if held else None,
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    open_actions: dict[int, list[int]] = {}
    for action_id, case_id in Action.objects.filter(status=ActionStatus.OPEN).values_list(
        "id", "case_id"
    ):
        open_actions.setdefault(case_id, []).append(action_id)
    links = [
        AgendaAction(item_id=item_id, action_id=action_id, kind=AgendaActionKind.RETURNED)
        for item_id, case_id in AgendaItem.objects.values_list("id", "case_id")
        for action_id in open_actions.get(case_id, [])[:2]
    ]
    AgendaAction.objects.bulk_create(links, batch_size=BATCH)
    return {
        "coordinator": coordinator.pk,
        "seconds": time.perf_counter() - started,
        "counts": {
            "participants": len(participants),
            "actions": len(actions),
            "status changes": len(changes),
            "triage decisions": len(decisions),
            "contributions": len(contributions),
            "agenda items": len(items),
            "actions on agendas": len(links),
        },
    }


def _status_for_age(rng: random.Random, age_days: float) -> Any:
    """A status as a house's cases have them: the older the case, the likelier it is closed
    (up to 85 % after 14 months); younger than three weeks, still in triage."""
    from veilig.cases.vocabulary import Status

    if rng.random() < min(0.85, age_days / 500):
        return Status.CLOSED if rng.random() < 0.75 else Status.NOT_ACCEPTED
    if age_days < 21:
        return rng.choice([Status.REGISTERED, Status.TRIAGE])
    return rng.choice(
        [
            Status.ACCEPTED,
            Status.BILATERAL,
            Status.LOCAL,
            Status.PLAN,
            Status.MONITORING,
            Status.STEPPED_DOWN,
        ]
    )


def measure(coordinator_id: int, repeats: int) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veilig.accounts.models import User

    user = User.objects.get(pk=coordinator_id)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    followup = reverse("followup:overview")
    # (label, url, clear the cache first): the overview as used (its lead times computed at
    # most every ten minutes) and cold (computed in this request).
    rounds = [
        ("case list", reverse("cases:list"), False),
        ("followup cold", followup, True),
        ("followup", followup, False),
    ]
    samples: dict[str, list[float]] = {label: [] for label, _url, _clear in rounds}
    queries: dict[str, int] = {}
    for i in range(repeats + 3):
        for label, url, clear in rounds:  # alternating: all see the same machine
            if clear:
                cache.clear()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            queries[label] = len(captured)
            if i >= 3:  # warm-up
                samples[label].append(elapsed)
    return {
        "vendor": connection.vendor,
        "figures": {label: percentiles(values) for label, values in samples.items()},
        "queries": queries,
    }


def _existing(cases: int) -> dict[str, Any] | None:
    """The coordinator of a database this script built earlier with as many cases, else None."""
    from django.core.management import call_command
    from django.db.utils import DatabaseError

    from veilig.accounts.models import User
    from veilig.cases.models import Case

    try:
        call_command("migrate", verbosity=0, interactive=False)
        coordinator = User.objects.filter(username="bench-regisseur").first()
        if coordinator is None or Case.objects.count() != cases:
            return None
    except DatabaseError:
        return None
    return {"coordinator": coordinator.pk, "reused": True}


def run_round(
    database_url: str, cases: int, meetings: int, repeats: int, *, reuse: bool = False
) -> None:
    setup_django(database_url)
    ids = (_existing(cases) if reuse else None) or build(cases, meetings)
    settle()
    if ids.get("reused"):
        print(f"  data: {cases:,} cases, reused from --keep")
    else:
        counts = ", ".join(f"{n:,} {what}" for what, n in ids["counts"].items())
        print(f"  data: {cases:,} cases, {meetings:,} meetings, {counts} in {ids['seconds']:.1f} s")
    result = measure(ids["coordinator"], repeats)
    figures, queries = result["figures"], result["queries"]
    c50, c95 = figures["case list"]
    print(
        f"  case list   /casussen/ : p50 {c50:7.1f} ms  p95 {c95:7.1f} ms  "
        f"({queries['case list']} queries)"
    )
    for label, what in (
        ("followup", "as used, lead times computed at most every 10 minutes"),
        ("followup cold", "cold, the cache cleared before each request"),
    ):
        f50, f95 = figures[label]
        ratio = f95 / c95
        verdict = "OK" if ratio <= RATIO_TARGET else "MISSED"
        print(
            f"  follow-up   /bijsturen/: p50 {f50:7.1f} ms  p95 {f95:7.1f} ms  "
            f"({queries[label]} queries): ×{ratio:.2f} of the case list's p95 "
            f"(target ≤ ×{RATIO_TARGET:.0f}: {verdict}; {what})"
        )
    print(f"  {repeats} requests of each, alternating, after 3 warm-up rounds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the SQLite file in DIR (and the PostgreSQL database) and reuse them when they "
        "hold the same number of cases",
    )
    parser.add_argument("--round", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.round:
        run_round(args.round, args.cases, args.meetings, args.repeats, reuse=bool(args.keep))
        return
    for db in args.db.split(","):
        if db == "sqlite":
            folder = args.keep or tempfile.mkdtemp(prefix="veilig-bench-")
            Path(folder).mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{folder}/bench.sqlite3"
        else:
            maybe = postgres_url(PG_BENCH_DB, recreate=not args.keep)
            if maybe is None:
                continue
            url = maybe
        print(f"== {db} ==", flush=True)
        subprocess.run(  # noqa: S603 - our own script
            [
                sys.executable,
                __file__,
                "--round",
                url,
                "--cases",
                str(args.cases),
                "--meetings",
                str(args.meetings),
                "--repeats",
                str(args.repeats),
                *(["--keep", args.keep] if args.keep else []),
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
