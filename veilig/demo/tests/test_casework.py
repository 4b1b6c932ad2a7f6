"""The casework of Voorbeeldstad: one build (with its access history) checked from every side.

The city is built once for this module inside a transaction that is rolled back at the end;
each test runs in a savepoint inside it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings

from veilig.access.policy import cases_visible_to, contributions_visible_to
from veilig.accounts.models import User
from veilig.audit.detail import GRANT_CODE
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.audit.selectors import audit_chain_verify
from veilig.cases.models import (
    Action,
    BreakGlass,
    Case,
    Contribution,
    Document,
    DocumentStorage,
    Participant,
    ParticipantRole,
    Plan,
    StatusChange,
    Table,
)
from veilig.cases.selectors import overdue_actions
from veilig.cases.vocabulary import (
    NEEDS_REASON,
    TRANSITIONS,
    ActionStatus,
    DataCategory,
    LegalBasis,
    MeetingRhythm,
    Scope,
    Status,
    Theme,
)
from veilig.demo.generator.casework import (
    BREAK_GLASS_GRANTS,
    BSN_PREFIX,
    ORG_SOURCES,
    STATUS_COUNTS,
    TZ,
)
from veilig.demo.generator.casework_plan import casework_anchor
from veilig.demo.services import DemoCityOutcome, demo_city_build
from veilig.demo.writers.history import AUDIT_CHANNEL
from veilig.privacy.selectors import break_glass_awaiting_review, break_glass_reviewed
from veilig.registry.crypto import bsn_is_valid, decrypt
from veilig.registry.models import Person, PersonAddress, Relation

TODAY = dt.date(2026, 3, 2)
ANCHOR = casework_anchor(TODAY)
ADDRESSES = 600


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("documents")


@pytest.fixture(scope="module")
def city(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, documents: Path
) -> Iterator[DemoCityOutcome]:
    with (
        django_db_blocker.unblock(),  # type: ignore[attr-defined]
        override_settings(
            DOCUMENTS_ROOT=documents,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo_city_build(seed=3, address_count=ADDRESSES, today=TODAY)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def db_city(city: DemoCityOutcome, db: None) -> DemoCityOutcome:
    return city


def user(name: str) -> User:
    return User.objects.get(username=name)


def test_counts_per_theme_and_status(db_city):
    cases = Case.objects.all()
    assert cases.count() == sum(STATUS_COUNTS.values()) == 400
    assert db_city.counts["cases"] == 400
    statuses = Counter(cases.values_list("status", flat=True))
    assert statuses == {str(status): count for status, count in STATUS_COUNTS.items()}
    themes = Counter(cases.values_list("theme", flat=True))
    assert set(themes) == {theme.value for theme in Theme}
    assert all(count >= 8 for count in themes.values()), themes
    assert 40 <= themes[Theme.ICO] <= 130
    # Every theme reaches a table, and every year of the three has cases.
    accepted = cases.filter(table__isnull=False)
    assert set(accepted.values_list("theme", flat=True)) == {t.value for t in Theme}
    years = Counter(c.registered_at.year for c in cases)
    assert len(years) >= 3 and min(c.registered_at for c in cases) >= ANCHOR - dt.timedelta(
        days=3 * 365 + 1
    )
    assert max(c.updated_at for c in cases) < ANCHOR


def test_every_status_history_is_a_valid_path(db_city):
    changes = defaultdict(list)
    for change in StatusChange.objects.order_by("at", "id"):
        changes[change.case_id].append(change)
    for case in Case.objects.select_related("table"):
        history = changes[case.pk]
        assert history[0].from_status == "" and history[0].to_status == Status.REGISTERED
        assert history[0].at == case.registered_at
        for before, after in pairwise(history):
            assert after.from_status == before.to_status, case.reference
            assert Status(after.to_status) in TRANSITIONS[Status(before.to_status)]
            assert after.at > before.at
            if after.to_status in NEEDS_REASON:
                assert after.reason.strip(), case.reference
        assert history[-1].to_status == case.status
        assert case.updated_at == history[-1].at
        reached = {c.to_status for c in history}
        assert (case.table is not None) == (Status.ACCEPTED in reached), case.reference
        assert (case.closed_at is not None) == (case.status == Status.CLOSED)
        if case.status == Status.CLOSED:
            assert case.outcome and case.closed_at == history[-1].at
        if case.status in (Status.NOT_ACCEPTED, Status.STEPPED_DOWN):
            assert case.decision_reason == history[-1].reason
        assert any((case.crit_multi_domain, case.crit_coercion, case.crit_surroundings,
                    case.crit_area_problem))  # fmt: skip
        assert case.reference[:9] == f"ZVH-{case.registered_at.astimezone(TZ).year}-"


def test_radicalisation_cases_only_on_the_radicalisation_table(db_city):
    radical = Table.objects.get(code="vbs-radicalisering")
    assert radical.theme == Theme.RADICALISATION and not radical.subject_informed
    assert sorted(radical.representatives.values_list("username", flat=True)) == [
        "politie",
        "regisseur",
    ]
    assert sorted(radical.member_organisations.values_list("code", flat=True)) == [
        "vbs-gemeente", "vbs-om", "vbs-politie",
    ]  # fmt: skip
    assert set(Case.objects.filter(table=radical).values_list("theme", flat=True)) == {
        Theme.RADICALISATION.value
    }
    theirs = Case.objects.filter(theme=Theme.RADICALISATION)
    assert set(theirs.exclude(table=None).values_list("table__code", flat=True)) == {
        "vbs-radicalisering"
    }
    assert set(
        Participant.objects.filter(case__in=theirs).values_list("organisation__code", flat=True)
    ) <= {"vbs-gemeente", "vbs-politie"}
    total = Case.objects.count()
    assert cases_visible_to(user("regisseur")).count() == total
    politie = cases_visible_to(user("politie"))
    assert politie.filter(theme=Theme.RADICALISATION).exists()
    for name in ("ggz", "om", "corporatie", "wijkagent"):
        assert not cases_visible_to(user(name)).filter(theme=Theme.RADICALISATION).exists()
    assert cases_visible_to(user("ggz")).count() > 20
    assert not cases_visible_to(user("wijkagent")).exists()


def test_tables_are_the_covenant(db_city):
    tables = {t.code: t for t in Table.objects.prefetch_related("member_organisations", "members")}
    assert set(tables) == {
        "vbs-ico", "vbs-radicalisering", "vbs-pga", "vbs-verwarde-personen",
        "vbs-huiselijk-geweld", "vbs-jeugd",
    }  # fmt: skip
    for table in tables.values():
        assert table.retention_months > 0
        assert table.chair is not None and table.chair.username == "regisseur"
        assert table.meeting_rhythm != MeetingRhythm.AS_NEEDED
        assert table.meeting_weekday is not None
        assert table.subject_informed == bool(table.subject_informed_when)
        assert table.subject_informed or table.subject_not_informed_reason
        for member in table.members.all():
            assert member.legal_basis in LegalBasis.values
            assert member.data_categories
            assert set(member.data_categories) <= set(DataCategory.values)
        members = {o.code for o in table.member_organisations.all()}
        assert "vbs-gemeente" in members
        reps = table.representatives.select_related("organisation")
        assert {u.organisation.code for u in reps if u.organisation} <= members
        assert all(u.organisation for u in reps)
    # Participants of a case at a table are members of that table.
    for participant in Participant.objects.filter(case__table__isnull=False).select_related(
        "case__table", "organisation"
    ):
        assert participant.case.table is not None
        table = tables[participant.case.table.code]
        assert participant.organisation in table.member_organisations.all()


def test_members_see_their_own_categories_of_the_covenant(db_city):
    """Per member, not per table: at the ICO the corporation sees housing, not police."""
    ico = Table.objects.get(code="vbs-ico")
    members = {m.organisation.code: m for m in ico.members.select_related("organisation")}
    assert members["vbs-politie"].legal_basis == LegalBasis.WPG_16
    assert members["vbs-om"].legal_basis == LegalBasis.WJSG_39F
    assert members["vbs-gemeente"].legal_basis == LegalBasis.AVG_6_1_E
    assert "police" not in members["vbs-woonstede"].data_categories
    assert "housing" in members["vbs-woonstede"].data_categories
    case = (
        Case.objects.filter(
            table=ico,
            participants__organisation__code="vbs-woonstede",
            contributions__data_category=DataCategory.POLICE,
            contributions__scope=Scope.PARTICIPANTS,
        )
        .distinct()
        .first()
    )
    if case is None:
        pytest.skip("this seed has no police item in a case the corporation takes part in")
    seen = contributions_visible_to(user("corporatie"), case)
    assert (
        not seen.exclude(organisation__code="vbs-woonstede")
        .filter(data_category=DataCategory.POLICE)
        .exists()
    )
    assert (
        contributions_visible_to(user("regisseur"), case)
        .filter(data_category=DataCategory.POLICE)
        .exists()
    )


def test_participants_registrants_and_stadsdeel(db_city):
    for case in Case.objects.select_related("registered_by", "stadsdeel").prefetch_related(
        "participants"
    ):
        participants = list(case.participants.all())
        registrants = [p for p in participants if p.role == ParticipantRole.REGISTRANT]
        assert [p.organisation_id for p in registrants] == [case.registering_organisation_id]
        assert case.registered_by.organisation_id == case.registering_organisation_id
        if case.status == Status.REGISTERED:
            assert len(participants) == 1
        else:
            assert 2 <= len(participants) <= 5, case.reference
        assert all(p.invited_at >= case.registered_at for p in participants)
        home = (
            PersonAddress.objects.filter(
                person=case.subject_id, since__lte=case.registered_at.date()
            )
            .select_related("address__buurt__parent__parent")
            .order_by("-since")
            .first()
        )
        assert home is not None and case.stadsdeel is not None
        buurt = home.address.buurt
        assert buurt is not None and buurt.parent is not None
        assert buurt.parent.parent == case.stadsdeel
    registering = set(Case.objects.values_list("registering_organisation__code", flat=True))
    assert len(registering) >= 9
    assert len(set(Case.objects.values_list("registered_by", flat=True))) >= 9


def test_contributions_in_every_scope_fit_their_organisation(db_city):
    items = Contribution.objects.select_related("organisation", "author", "case")
    assert set(items.values_list("scope", flat=True)) == {s.value for s in Scope}
    participating = set(Participant.objects.values_list("case_id", "organisation_id"))
    for item in items:
        fits = {(str(c), str(b)) for c, b in ORG_SOURCES[item.organisation.code]}
        assert (item.data_category, item.legal_basis) in fits
        assert item.author.organisation_id == item.organisation_id
        assert (item.case_id, item.organisation_id) in participating
        assert item.case.registered_at <= item.created_at < ANCHOR
    police = items.filter(organisation__code="vbs-politie")
    assert set(police.values_list("data_category", "legal_basis")) == {("police", "wpg_16")}
    ggz = items.filter(organisation__code="vbs-ggz")
    assert set(ggz.values_list("data_category", "legal_basis")) == {("care", "consent")}
    # Scope works in the demo: a partner does not see another organisation's source items.
    hidden = (
        Contribution.objects.filter(
            scope=Scope.SOURCE, case__participants__organisation__code="vbs-politie"
        )
        .exclude(organisation__code="vbs-politie")
        .exclude(case__theme=Theme.RADICALISATION)
        .select_related("case")
        .first()
    )
    assert hidden is not None
    visible = contributions_visible_to(user("politie"), hidden.case)
    assert visible.exists() and not visible.filter(pk=hidden.pk).exists()


def test_plans_actions_and_overdue_work(db_city):
    with_plan = set(Plan.objects.values_list("case_id", flat=True))
    reached_plan = set(
        StatusChange.objects.filter(to_status=Status.PLAN).values_list("case_id", flat=True)
    )
    assert with_plan == reached_plan
    assert (
        Case.objects.filter(status=Status.PLAN, pk__in=with_plan).count()
        == STATUS_COUNTS[Status.PLAN]
    )
    participating = set(Participant.objects.values_list("case_id", "organisation_id"))
    for action in Action.objects.select_related("owner_user", "case"):
        assert (action.case_id, action.owner_organisation_id) in participating
        if action.owner_user is not None:
            assert action.owner_user.organisation_id == action.owner_organisation_id
        if action.status == ActionStatus.OPEN:
            assert action.completed_at is None and action.result == ""
            assert action.case.status in (Status.ACCEPTED, Status.BILATERAL, Status.LOCAL,
                                          Status.PLAN, Status.MONITORING)  # fmt: skip
        else:
            assert action.result and action.completed_at is not None
            assert action.created_at < action.completed_at < ANCHOR
    overdue = overdue_actions()
    assert overdue.count() >= 20
    assert Case.objects.filter(actions__in=overdue).distinct().count() >= 15
    assert Action.objects.filter(status=ActionStatus.OPEN, deadline__gte=TODAY).exists()
    assert Action.objects.filter(status=ActionStatus.DONE).exists()
    assert Action.objects.filter(status=ActionStatus.CANCELLED).exists()


def test_persons_bsns_addresses_and_households(db_city):
    persons = Person.objects.all()
    assert 380 <= persons.count() <= 480
    bsns = [decrypt(p.bsn_encrypted) for p in persons if p.bsn_encrypted]
    assert len(bsns) >= 200 and len(set(bsns)) == len(bsns)
    assert all(bsn_is_valid(b) and b.startswith(BSN_PREFIX) for b in bsns)
    assert all(p.bsn_digest for p in persons if p.bsn_encrypted)
    assert persons.filter(bsn_encrypted="").exists()
    homes = PersonAddress.objects.filter(until__isnull=True)
    assert homes.values("person").distinct().count() == persons.count()
    assert set(homes.values_list("address__city", flat=True)) == {"Voorbeeldstad"}
    assert PersonAddress.objects.filter(until__isnull=False).exists()
    assert Relation.objects.filter(kind="household").count() >= 20
    for case in Case.objects.select_related("subject"):
        born = case.subject.date_of_birth
        assert born is not None
        age = (case.registered_at.date() - born).days / 365.25
        low, high = (12, 25) if case.theme == Theme.YOUTH else (16, 80)
        assert low <= age < high, case.reference
    # Some persons come back: a second case after the first ended.
    assert Case.objects.values("subject").distinct().count() < Case.objects.count()


def test_documents_are_stored_files(db_city, settings, documents):
    settings.DOCUMENTS_ROOT = documents
    stored = list(Document.objects.all())
    assert len(stored) >= 10
    storage = DocumentStorage()
    for document in stored:
        path = Path(storage.path(document.file.name))
        assert path.is_file() and path.stat().st_size == document.size
        head = path.read_bytes()[:4]
        assert (head == b"%PDF") == (document.content_type == "application/pdf")
        assert document.original_name.endswith((".pdf", ".txt"))


def test_break_glass_grants_some_reviewed_some_waiting(db_city):
    grants = list(BreakGlass.objects.select_related("user", "case", "reviewed_by"))
    assert len(grants) == BREAK_GLASS_GRANTS
    assert any(g.reviewed_at for g in grants) and any(g.reviewed_at is None for g in grants)
    for grant in grants:
        assert grant.case.theme != Theme.RADICALISATION
        assert len(grant.reason) >= 20 and grant.expires_at > grant.granted_at
        assert not grant.case.participants.filter(organisation=grant.user.organisation).exists()
        if grant.reviewed_by is not None:
            assert grant.reviewed_by.username == "privacy" and grant.review_note


def test_audit_history_is_on_a_valid_chain(db_city):
    result = audit_chain_verify()
    assert result.intact, result
    rows = AuditEntry.objects.filter(channel=AUDIT_CHANNEL)
    assert result.rows == rows.count() >= 4000
    # The rows name what the services' rows name: a registration the case, every item added
    # the item itself with its case as "case:<id>" (docs/audit.md, the vocabulary of a row).
    creates = rows.filter(object_type="case", action=AuditAction.CREATE)
    assert not creates.exclude(detail="").exists()
    created = set(creates.values_list("object_id", flat=True))
    assert created == {str(pk) for pk in Case.objects.values_list("pk", flat=True)}
    for model, object_type in ((Contribution, "contribution"), (Action, "action")):
        # An action agreed at a meeting names its agenda item too ("case:<id>;agenda_item:<id>").
        named = {
            (object_id, detail.split(";")[0])
            for object_id, detail in rows.filter(
                object_type=object_type, action=AuditAction.CREATE
            ).values_list("object_id", "detail")
        }
        stored = {(str(pk), f"case:{case}") for pk, case in model.objects.values_list("pk", "case")}
        assert named == stored, object_type
    assert not rows.filter(detail__contains="[demo").exists()
    assert rows.filter(result=AuditResult.DENIED).count() >= 4
    assert rows.filter(break_glass=True).count() >= BREAK_GLASS_GRANTS * 2
    assert rows.filter(object_type="person").exists()
    assert rows.filter(action=AuditAction.DOWNLOAD, object_type="document").exists()
    # Reads over time are granted only to whoever may see the case at all.
    participating = set(Participant.objects.values_list("case_id", "organisation__code"))
    themes = dict(Case.objects.values_list("pk", "theme"))
    reads = rows.filter(action=AuditAction.READ, object_type="case", result=AuditResult.GRANTED)
    assert reads.count() >= 800
    days = []
    for read in reads:
        case_id = int(read.object_id)
        if read.organisation != "vbs-gemeente" and not read.break_glass:
            assert (case_id, read.organisation) in participating
        if themes[case_id] == Theme.RADICALISATION:
            assert read.actor_username in {"regisseur", "politie"}
        days.append(read.at)
    # Each row carries its simulated time, and the times run forward along the chain.
    assert days == sorted(days) and days[-1] < ANCHOR
    assert len({d.year for d in days}) >= 3
    times = list(rows.order_by("seq").values_list("at", flat=True))
    assert times == sorted(times)


def test_break_glass_history_counts_in_the_review_queue(db_city):
    """Every grant's reads are flagged, name the grant and lie in its window, as the services
    write them: the privacy officer's queue (and the reviewed list) counts them."""
    waiting = {g.pk: g.use_count for g in break_glass_awaiting_review()}  # type: ignore[attr-defined]
    reviewed = {g.pk: g.use_count for g in break_glass_reviewed()}  # type: ignore[attr-defined]
    assert waiting and reviewed
    assert len(waiting) + len(reviewed) == BREAK_GLASS_GRANTS
    for grant in BreakGlass.objects.select_related("case"):
        assert 1 <= (waiting | reviewed)[grant.pk] <= 2, grant
        request = AuditEntry.objects.get(
            object_type="break_glass", action=AuditAction.CREATE, object_id=str(grant.case_id)
        )
        assert request.detail == GRANT_CODE.format(grant.pk) and request.break_glass
        assert request.actor_id == grant.user_id and request.at == grant.granted_at
        assert request.purpose == "break_glass" and request.result == AuditResult.GRANTED
        assert request.subject_person_id == grant.case.subject_id
    assert audit_chain_verify().intact
