"""Views and access per persona: denied is 404 with one audit row; query budgets on lists."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veilig.accounts.roles import PartnerType
from veilig.audit.models import AuditEntry
from veilig.signals import selectors
from veilig.signals.models import Category, RoutingRule, Signal
from veilig.signals.tests.conftest import NOORD, address, jpeg_with_exif, make_signal
from veilig.testing.casework import radicalisation_table
from veilig.testing.personas import organisation, verified_client

pytestmark = pytest.mark.django_db

ALL = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"]


@pytest.fixture
def people(alice, bob, carol, dave, erin, frank, grace):
    return {u.username: u for u in (alice, bob, carol, dave, erin, frank, grace)}


@pytest.fixture
def world(teams, people):
    police = organisation("politie", PartnerType.POLICE)
    RoutingRule.objects.create(
        name="Drugs naar politie",
        order=1,
        target_organisation=police,
        category=Category.objects.get(code="drugsoverlast"),
    )
    return {
        "centrum": make_signal(None),
        "noord": make_signal(None, point=NOORD),
        "police": make_signal(None, code="drugsoverlast", point=NOORD),
        "radical": make_signal(None, code="radicalisering"),
    }


# Who may open which signal (200) — everything else is 404.
EXPECTED = {
    "alice": {"centrum", "noord", "police"},
    "bob": {"police"},
    "carol": {"centrum"},
    "dave": set(),
    "erin": set(),
    "frank": set(),
    "grace": set(),
}


@pytest.mark.parametrize("name", ALL)
def test_signal_detail_per_persona(world, people, name) -> None:
    client = verified_client(people[name])
    for key, signal in world.items():
        before = AuditEntry.objects.filter(object_type="signal", object_id=str(signal.pk)).count()
        response = client.get(reverse("signals:detail", args=[signal.pk]))
        expected = 200 if key in EXPECTED[name] else 404
        assert response.status_code == expected, (name, key)
        rows = AuditEntry.objects.filter(object_type="signal", object_id=str(signal.pk))
        assert rows.count() == before + 1
        last = rows.last()
        assert last is not None and last.result == ("granted" if expected == 200 else "denied")


def test_radicalisation_signal_only_for_table_members(world, people) -> None:
    radical = world["radical"]
    url = reverse("signals:detail", args=[radical.pk])
    assert verified_client(people["alice"]).get(url).status_code == 404
    radicalisation_table(representatives=[people["alice"], people["bob"]])
    assert verified_client(people["alice"]).get(url).status_code == 200
    assert verified_client(people["bob"]).get(url).status_code == 200
    # ... and never to roles without signal content, even at the table.
    radicalisation_table(representatives=[people["dave"]])
    assert verified_client(people["dave"]).get(url).status_code == 404
    listed = verified_client(people["carol"]).get(reverse("signals:list"))
    assert f"#{radical.pk}<" not in listed.content.decode()


@pytest.mark.parametrize("name", ALL)
def test_lists_forms_and_team_views_per_persona(world, teams, people, name) -> None:
    client = verified_client(people[name])
    signal_roles = {"alice", "bob", "carol"}
    team_roles = {"alice", "carol"}
    checks = {
        reverse("signals:list"): name in signal_roles,
        reverse("signals:create"): name in signal_roles,
        reverse("signals:team", args=[teams["centrum"].pk]): name in team_roles,
        reverse("signals:team_map", args=[teams["centrum"].pk]): name in team_roles,
        reverse("signals:team", args=[teams["noord"].pk]): name == "alice",
    }
    for url, allowed in checks.items():
        before = AuditEntry.objects.count()
        response = client.get(url)
        assert response.status_code == (200 if allowed else 404), (name, url)
        # An empty form holds no personal data: only a denied attempt is logged there.
        logged = 0 if (url == reverse("signals:create") and allowed) else 1
        assert AuditEntry.objects.count() == before + logged, (name, url)
    before = AuditEntry.objects.count()
    response = client.post(reverse("signals:address_search"), {"q": "Grote"})
    assert response.status_code == (200 if name in signal_roles else 404), name
    assert AuditEntry.objects.count() == before + 1


def test_list_shows_only_visible_signals(world, people) -> None:
    body = verified_client(people["carol"]).get(reverse("signals:list")).content.decode()
    assert f"#{world['centrum'].pk}<" in body
    assert f"#{world['noord'].pk}<" not in body


def test_team_member_logs_a_signal_with_a_map_point_and_a_photo(teams, people, photo_root):
    RoutingRule.objects.create(name="Jeugd Centrum", order=1, target_team=teams["centrum"])
    client = verified_client(people["carol"])
    category = Category.objects.get(code="overlast-jeugd")
    response = client.post(
        reverse("signals:create"),
        {
            "category": category.pk,
            "description": "Groep jongeren bij de speeltuin.",
            "occurred_at": "2025-01-10T21:15",
            "lat": "53.217",
            "lon": "6.562",
            "location_method": "kaart",
            "source": "wijkteam",
            "photos": [SimpleUploadedFile("a.jpg", jpeg_with_exif(), content_type="image/jpeg")],
        },
    )
    signal = Signal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("signals:detail", args=[signal.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Jeugd Centrum" in page
    photo = signal.photos.get()
    image = client.get(reverse("signals:photo", args=[signal.pk, photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert b"Exif" not in b"".join(image.streaming_content)  # type: ignore[attr-defined]
    # Bob (another organisation, nothing routed to him) may not fetch the photo.
    denied = verified_client(people["bob"]).get(
        reverse("signals:photo", args=[signal.pk, photo.pk])
    )
    assert denied.status_code == 404


def test_form_by_address_text_and_errors(teams, people) -> None:
    home = address(postcode="9711AB", number=12)
    client = verified_client(people["carol"])
    category = Category.objects.get(code="vernieling")
    data = {
        "category": category.pk,
        "description": "Bushokje vernield.",
        "occurred_at": "2025-01-10T10:00",
        "source": "wijkteam",
        "address_text": "9711 AB 12",
    }
    response = client.post(reverse("signals:create"), data)
    assert response.status_code == 302
    assert Signal.objects.get().address == home
    missing = client.post(reverse("signals:create"), {**data, "address_text": ""})
    assert missing.status_code == 400
    assert "Choose a location" in missing.content.decode() or "Kies een locatie" in (
        missing.content.decode()
    )
    outside = client.post(
        reverse("signals:create"), {**data, "address_text": "", "lat": "53.5", "lon": "6.9"}
    )
    assert outside.status_code == 400 and Signal.objects.count() == 1


def test_restricted_signal_logged_by_a_non_member_goes_to_a_receipt_page(teams, people):
    client = verified_client(people["carol"])
    category = Category.objects.get(code="radicalisering")
    response = client.post(
        reverse("signals:create"),
        {
            "category": category.pk,
            "description": "Zorgelijke uitingen.",
            "occurred_at": "2025-01-10T10:00",
            "source": "wijkteam",
            "lat": "53.217",
            "lon": "6.562",
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("signals:sent"))


def test_status_change_and_invalid_transition_in_the_ui(world, people) -> None:
    client = verified_client(people["carol"])
    url = reverse("signals:status", args=[world["centrum"].pk])
    client.post(url, {"status": "in_behandeling"})
    world["centrum"].refresh_from_db()
    assert world["centrum"].status == "in_behandeling"
    response = client.post(url, {"status": "nieuw"}, follow=True)
    assert "cannot move to" in response.content.decode() or "kan niet" in response.content.decode()
    assert verified_client(people["bob"]).post(url, {"status": "doorgezet"}).status_code == 404


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_list_and_team_view_query_budgets(teams, people) -> None:
    alice, carol = verified_client(people["alice"]), verified_client(people["carol"])
    urls = [
        (alice, reverse("signals:list")),
        (carol, reverse("signals:team", args=[teams["centrum"].pk])),
        (carol, reverse("signals:team_map", args=[teams["centrum"].pk])),
    ]
    for n in range(10):
        make_signal(None, point=NOORD if n % 2 else (53.217, 6.562))
    small = [_queries(client, url) for client, url in urls]
    for n in range(30):
        make_signal(None, point=NOORD if n % 2 else (53.217, 6.562))
    large = [_queries(client, url) for client, url in urls]
    assert large == small  # the number of queries does not grow with the number of signals
    # The team page is the largest: 23 with the header's unread notifications.
    assert all(count <= 23 for count in large), large


def test_team_map_points_and_grid(teams, people, monkeypatch) -> None:
    for _ in range(6):
        make_signal(None)
    client = verified_client(people["carol"])
    url = reverse("signals:team_map", args=[teams["centrum"].pk])
    data = client.get(url).json()
    assert data["mode"] == "points" and data["signals"] == 6
    assert all(p["url"].startswith("/signalen/") for p in data["points"])
    monkeypatch.setattr(selectors, "MAP_POINT_LIMIT", 3)
    grid = client.get(url).json()
    assert grid["mode"] == "grid"
    assert sum(cell["signals"] for cell in grid["cells"]) == 6
    filtered = client.get(
        url + "?category=" + str(Category.objects.get(code="vernieling").pk)
    ).json()
    assert filtered["signals"] == 0


def test_address_search(teams, people) -> None:
    address(street="Grote Markt", number=7, postcode="9711AB")
    client = verified_client(people["carol"])
    url = reverse("signals:address_search")
    results = client.post(url, {"q": "Grote Markt 7"}).json()["results"]
    assert [r["label"] for r in results] == ["Grote Markt 7, 9711AB Voorbeeldstad"]
    assert client.post(url, {"q": "9711AB 7"}).json()["results"]
    # The term never travels in the URL: GET is refused.
    assert client.get(url + "?q=Grote").status_code == 405


def test_a_status_form_that_does_not_parse_is_one_row_for_the_attempt(world, people) -> None:
    from veilig.audit.models import AuditEntry

    client = verified_client(people["carol"])
    url = reverse("signals:status", args=[world["centrum"].pk])
    before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    client.post(url, {"status": "geen-status"})
    rows = list(AuditEntry.objects.filter(seq__gt=before))
    assert [(r.action, r.object_type, r.detail.split(";")[-1]) for r in rows] == [
        ("update", "signal", "invalid")
    ]
    world["centrum"].refresh_from_db()
    assert world["centrum"].status != "geen-status"
