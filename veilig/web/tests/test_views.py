"""The shell, the navigation per role, the home page per role, error and lockout pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from veilig.accounts.models import User
from veilig.accounts.roles import PartnerType, Role
from veilig.testing.personas import persona, verified_client

HOME = reverse("web:home")
ADMIN = reverse("admin:index")


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
class TestShell:
    def test_landmarks_skip_link_language_and_theme(self, alice_client: Client) -> None:
        content = alice_client.get(HOME, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        assert '<html lang="nl"' in content
        assert 'href="#main"' in content and 'id="main"' in content
        for landmark in ("<header", "<nav", "<main", "<footer"):
            assert landmark in content
        assert 'class="voorbeeld-theme' in content
        assert "https://" not in content.split("</head>")[0]  # no CDN in the head

    def test_header_names_user_organisation_role_and_posts_sign_out(
        self, alice_client: Client
    ) -> None:
        content = alice_client.get(HOME).content.decode()
        assert "Alice" in content
        assert "Gemeente" in content
        assert str(Role.COORDINATOR.label) in content
        assert f'method="post" action="{reverse("accounts:logout")}"' in content

    def test_language_switch_to_english(self, alice_client: Client) -> None:
        assert f'action="{reverse("set_language")}"' in alice_client.get(HOME).content.decode()
        response = alice_client.post(reverse("set_language"), {"language": "en", "next": HOME})
        assert response.status_code == 302
        content = alice_client.get(HOME).content.decode()
        assert '<html lang="en"' in content
        assert 'lang="nl">Nederlands</button>' in content

    def test_no_banners_outside_demo_mode(self, alice_client: Client) -> None:
        content = alice_client.get(HOME).content.decode()
        assert 'id="demo-banner"' not in content
        assert 'id="two-factor-banner"' not in content

    @override_settings(DEMO_MODE=True, TWO_FACTOR_REQUIRED=False)
    def test_demo_banner_and_optional_2fa_banner(self, alice_client: Client) -> None:
        content = alice_client.get(HOME).content.decode()
        assert 'id="demo-banner"' in content
        assert 'id="two-factor-banner"' in content
        assert reverse("accounts:two_factor_setup") in content

    def test_current_page_is_marked_in_the_menu(self, alice_client: Client) -> None:
        content = alice_client.get(HOME).content.decode()
        assert f'href="{HOME}" aria-current="page"' in content


@pytest.mark.django_db
class TestNavigationPerRole:
    def test_admin_item_only_for_the_functional_administrator(
        self, alice_client: Client, grace_client: Client
    ) -> None:
        assert f'href="{ADMIN}"' in grace_client.get(HOME).content.decode()
        assert f'href="{ADMIN}"' not in alice_client.get(HOME).content.decode()

    @pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
    def test_other_roles_do_not_get_the_admin_item(self, role: Role) -> None:
        user = persona(
            f"user-{role.value}",
            org_code="gemeente",
            partner_type=PartnerType.MUNICIPALITY,
            roles=[role],
        )
        response = verified_client(user).get(HOME)
        labels = [str(item.label) for item in response.context["nav_items"]]
        assert "Management" not in labels
        assert f'href="{ADMIN}"' not in response.content.decode()
        assert f'href="{reverse("geo:explorer")}"' in response.content.decode()


@pytest.mark.django_db
class TestHomePerRole:
    """The sections per role; their live content is tested in test_home.py."""

    def test_one_section_per_role(self, erin: User) -> None:
        response = verified_client(erin).get(HOME)
        sections = response.context["sections"]
        assert [s["role"] for s in sections] == [Role.POLICY]
        content = response.content.decode()
        assert 'id="role-policy"' in content
        assert 'id="role-admin"' not in content

    def test_user_with_two_roles_gets_two_sections(self) -> None:
        user = persona(
            "henk",
            org_code="politie",
            partner_type=PartnerType.POLICE,
            roles=[Role.PARTNER, Role.TEAM_MEMBER],
        )
        content = verified_client(user).get(HOME).content.decode()
        assert 'id="role-partner"' in content
        assert 'id="role-team_member"' in content

    def test_user_without_roles_is_told_whom_to_ask(self) -> None:
        user = persona(
            "ingrid", org_code="gemeente", partner_type=PartnerType.MUNICIPALITY, roles=[]
        )
        content = verified_client(user).get(HOME).content.decode()
        assert 'id="no-role"' in content

    def test_every_figure_is_a_count_of_what_exists(self, grace: User) -> None:
        """Nothing waits for an administrator here: every number on the page is a zero."""
        content = verified_client(grace).get(HOME).content.decode()
        match = re.search(r"<main[^>]*>(.*)</main>", content, re.S)
        assert match is not None
        text = re.sub(r"<[^>]+>", " ", match.group(1))
        assert set(re.findall(r"\d+", text)) == {"0"}, text


@pytest.mark.django_db
class TestErrorPages:
    def test_404_in_the_shell(self, alice_client: Client) -> None:
        response = alice_client.get("/bestaat-niet/", headers={"Accept-Language": "en"})
        assert response.status_code == 404
        content = response.content.decode()
        assert "Page not found" in content
        assert "<nav" in content and 'id="main"' in content

    def test_500_renders_without_request_context(self) -> None:
        content = render_to_string("500.html")
        assert "Something went wrong" in content
        assert 'id="main"' in content


@pytest.mark.django_db
class TestAccountPages:
    def test_login_page_uses_form_field_components(self, client: Client) -> None:
        content = client.get(reverse("accounts:login")).content.decode()
        assert "utrecht-form-field" in content
        assert 'for="id_username"' in content and 'for="id_password"' in content
        assert "<nav" not in content

    def test_failed_login_shows_an_alert(self, client: Client, alice: User) -> None:
        response = client.post(
            reverse("accounts:login"), {"username": "alice", "password": "wrong-password"}
        )
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()

    def test_setup_page_explains_steps_and_links_code_field(
        self, client: Client, alice: User
    ) -> None:
        client.force_login(alice)
        content = client.get(reverse("accounts:two_factor_setup")).content.decode()
        assert "<ol" in content and "<svg" in content
        assert 'role="img"' in content
        assert 'aria-describedby="id_token-description"' in content
        assert 'autocomplete="one-time-code"' in content

    def test_wrong_code_is_linked_to_the_field(self, client: Client, alice: User) -> None:
        client.force_login(alice)
        client.get(reverse("accounts:two_factor_setup"))
        response = client.post(reverse("accounts:two_factor_setup"), {"token": "abc"})
        content = response.content.decode()
        assert 'aria-invalid="true"' in content
        assert 'id="id_token-error"' in content

    def test_lockout_page_says_how_long(self) -> None:
        content = render_to_string(
            "accounts/locked_out.html",
            {"failure_limit": 5, "cooloff_timedelta": timedelta(minutes=15)},
        )
        assert "15 minutes" in content
        assert "5 failed attempts" in content

    def test_lockout_through_the_login_form(self, client: Client, alice: User, settings) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("accounts:login"), {"username": "alice", "password": "nope"})
        response = client.post(reverse("accounts:login"), {"username": "alice", "password": "x"})
        assert response.status_code == 429
        assert "temporarily locked" in response.content.decode()
