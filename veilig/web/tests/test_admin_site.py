"""/beheer/: who may use which model, the styled 403, no case content, every change audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from veilig.accounts.models import Organisation, PrivilegeRequest, User
from veilig.accounts.roles import PartnerType, Role
from veilig.audit.admin_changes import AuditedAdmin, object_type_of
from veilig.audit.models import AuditEntry
from veilig.cases.models import Table
from veilig.cases.vocabulary import Theme
from veilig.events.models import EventSource
from veilig.geo.models import Area
from veilig.signals.models import Category, EarlyWarningRule, RoutingRule, Team, TeamMembership
from veilig.testing.administrators import staff_administrator
from veilig.testing.personas import organisation, persona, verified_client
from veilig.web.tests.areas import build_small_city


@dataclass(frozen=True)
class Managed:
    """A model the functional administrator manages, and one object of it."""

    model: type[Model]
    make: Callable[[], Model]
    add: bool = True

    @property
    def id(self) -> str:
        return self.model._meta.label_lower

    def urls(self, obj: Model) -> list[str]:
        meta = self.model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        urls = [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_change", args=[obj.pk])]
        if self.add:
            urls.append(reverse(f"{prefix}_add"))
        return urls


def _team() -> Team:
    return Team.objects.create(name="Wijkteam Centrum", area=build_small_city()["SD999901"])


def _routing_rule() -> RoutingRule:
    return RoutingRule.objects.create(name="Alles naar Centrum", target_team=_team())


def _privilege_request() -> PrivilegeRequest:
    bob = persona("bob2", org_code="politie", partner_type=PartnerType.POLICE, roles=[])
    return PrivilegeRequest.objects.create(
        requester=staff_administrator("ivan"), target=bob, role=Role.COORDINATOR.value
    )


MANAGED = [
    Managed(
        User,
        lambda: persona("zoe", org_code="ggz", partner_type=PartnerType.MENTAL_HEALTH, roles=[]),
    ),
    Managed(Organisation, lambda: organisation("ggz", PartnerType.MENTAL_HEALTH)),
    Managed(PrivilegeRequest, _privilege_request, add=False),
    Managed(Table, lambda: Table.objects.create(code="ico", name="ICO", theme=Theme.ICO)),
    Managed(Category, lambda: Category.objects.get(code="overlast-jeugd")),
    Managed(RoutingRule, _routing_rule),
    Managed(Team, _team),
    Managed(EarlyWarningRule, lambda: EarlyWarningRule.objects.order_by("pk")[0]),
    Managed(Area, lambda: build_small_city()["SD999901"], add=False),
    Managed(EventSource, lambda: EventSource.objects.create(code="bvh", name="BVH", format="bvh")),
]


def _is_site_403(response: Any) -> bool:
    page = response.content.decode()
    return response.status_code == 403 and 'class="utrecht-page-body veilig-main"' in page


@pytest.fixture
def beheer(db: None) -> Client:
    return verified_client(staff_administrator("grace"))


@pytest.mark.django_db
@pytest.mark.parametrize("managed", MANAGED, ids=lambda m: m.id)
class TestWhoMayUseWhat:
    def test_the_administrator_lists_adds_and_changes(
        self, managed: Managed, beheer: Client
    ) -> None:
        obj = managed.make()
        for url in managed.urls(obj):
            assert beheer.get(url).status_code == 200, url

    def test_coordinator_and_partner_get_the_styled_403(self, managed: Managed) -> None:
        obj = managed.make()
        alice = persona(
            "alice",
            org_code="gemeente",
            partner_type=PartnerType.MUNICIPALITY,
            roles=[Role.COORDINATOR],
        )
        bob = persona(
            "bob", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.PARTNER]
        )
        for user in (alice, bob):
            client = verified_client(user)
            for url in managed.urls(obj):
                assert _is_site_403(client.get(url)), (user.username, url)

    def test_anonymous_goes_to_the_sign_in_page(self, managed: Managed, db: None) -> None:
        obj = managed.make()
        for url in managed.urls(obj):
            response = Client().get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@pytest.mark.django_db
class TestTheStyled403:
    def test_a_model_the_administrator_may_not_use(self, beheer: Client) -> None:
        for name in ("admin:auth_group_changelist", "admin:registry_address_changelist"):
            response = beheer.get(reverse(name))
            assert _is_site_403(response), name
            assert reverse("admin:index") in response.content.decode()  # a way back

    def test_staff_without_any_permission(self) -> None:
        carol = persona(
            "carol", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.TEAM_MEMBER]
        )
        carol.is_staff = True
        carol.save()
        response = verified_client(carol).get(reverse("admin:index"))
        assert _is_site_403(response)
        assert reverse("web:home") in response.content.decode()
        # No link back into /beheer/: there is nothing there for this user.
        assert f'href="{reverse("admin:index")}"' not in response.content.decode()

    def test_the_admin_login_form_is_not_used(self, beheer: Client) -> None:
        response = Client().get(reverse("admin:login"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert beheer.get(reverse("admin:login"))["Location"] == reverse("admin:index")

    def test_the_404_page_has_the_layout_and_a_way_back(self, beheer: Client) -> None:
        response = beheer.get("/bestaat-niet/")
        assert response.status_code == 404
        page = response.content.decode()
        assert 'class="utrecht-page-body veilig-main"' in page
        assert f'href="{reverse("web:home")}"' in page


# What /beheer/ holds: configuration and accounts, never case content (DESIGN.md). A new
# registration must be added here on purpose.
ALLOWED_IN_THE_ADMIN = {
    "accounts.organisation",
    "accounts.user",
    "accounts.privilegerequest",
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_database.dbtaskresult",
    "cases.table",
    "events.eventsource",
    "events.importrun",
    "geo.area",
    "registry.address",
    "signals.category",
    "signals.earlywarningrule",
    "signals.routingrule",
    "signals.team",
}


def test_no_case_content_in_the_admin() -> None:
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == ALLOWED_IN_THE_ADMIN
    for content in ("cases.case", "cases.contribution", "cases.document", "registry.person"):
        assert content not in registered
    assert not {label for label in registered if label.startswith("signals.")} & {
        "signals.signal",
        "signals.earlysignal",
        "signals.signalphoto",
    }


def test_every_model_admin_writes_audit_rows() -> None:
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdmin), model


def test_object_type_codes() -> None:
    assert object_type_of(RoutingRule) == "routing_rule"
    assert object_type_of(TeamMembership) == "team_membership"
    assert object_type_of(EarlyWarningRule) == "early_warning_rule"
    from django_tasks_db.models import DBTaskResult

    assert object_type_of(DBTaskResult) == "db_task_result"


def _rows(object_type: str) -> list[tuple[str, str, str, str]]:
    return list(
        AuditEntry.objects.filter(object_type=object_type)
        .order_by("seq")
        .values_list("action", "actor_username", "object_id", "detail")
    )


@pytest.mark.django_db
class TestChangesAreLogged:
    def test_create_change_and_delete_of_a_routing_rule(self, beheer: Client) -> None:
        team = _team()
        add = reverse("admin:signals_routingrule_add")
        data = {
            "name": "Jeugd naar Centrum",
            "order": "10",
            "active": "on",
            "target_team": team.pk,
            "priority": "2",
            "deadline_hours": "72",
        }
        assert beheer.post(add, data).status_code == 302
        rule = RoutingRule.objects.get(name="Jeugd naar Centrum")
        change = reverse("admin:signals_routingrule_change", args=[rule.pk])
        data.update(name="Jeugd naar wijkteam Centrum", deadline_hours="48")
        assert beheer.post(change, data).status_code == 302
        delete = reverse("admin:signals_routingrule_delete", args=[rule.pk])
        assert beheer.post(delete, {"post": "yes"}).status_code == 302
        pk = str(rule.pk)
        assert _rows("routing_rule") == [
            ("create", "grace", pk, ""),
            ("update", "grace", pk, "field:deadline_hours"),
            ("update", "grace", pk, "field:name"),
            ("delete", "grace", pk, ""),
        ]
        # Codes only: neither the old nor the new name is in the log.
        assert not AuditEntry.objects.filter(detail__contains="Jeugd").exists()

    def test_an_inline_row_names_its_parent(self, beheer: Client) -> None:
        team = _team()
        carol = persona(
            "carol", org_code="politie", partner_type=PartnerType.POLICE, roles=[Role.TEAM_MEMBER]
        )
        data = {
            "name": team.name,
            "area": team.area_id,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": carol.pk,
            "memberships-0-function": "wijkagent",
        }
        response = beheer.post(reverse("admin:signals_team_change", args=[team.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        membership = TeamMembership.objects.get(team=team)
        assert _rows("team_membership") == [
            ("create", "grace", str(membership.pk), f"team:{team.pk}")
        ]

    def test_list_editable_changes_are_logged(self, beheer: Client) -> None:
        rule = _routing_rule()
        data = {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": rule.pk,
            "form-0-order": "5",
            "form-0-active": "on",
            "_save": "Save",
        }
        response = beheer.post(reverse("admin:signals_routingrule_changelist"), data)
        assert response.status_code == 302
        assert _rows("routing_rule") == [("update", "grace", str(rule.pk), "field:order")]

    def test_the_privacy_officer_sees_the_change_in_the_user_log(self, beheer: Client) -> None:
        source = EventSource.objects.create(code="bvh", name="BVH", format="bvh")
        change = reverse("admin:events_eventsource_change", args=[source.pk])
        data = {
            "code": "bvh",
            "name": "Politie BVH",
            "format": "bvh",
            "mapping": "{}",
            "theme_map": "{}",
        }
        assert beheer.post(change, data).status_code == 302
        frank = persona(
            "frank",
            org_code="gemeente",
            partner_type=PartnerType.MUNICIPALITY,
            roles=[Role.PRIVACY_OFFICER],
        )
        grace = User.objects.get(username="grace")
        page = verified_client(frank).get(reverse("privacy:user_log"), {"gebruiker": grace.pk})
        assert page.status_code == 200
        assert "event source" in page.content.decode()
