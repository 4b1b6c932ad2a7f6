"""The inbox pages: own items only (404 for another's), following marks read, all read, the
e-mail setting, the unread count in the menu and on the partner's home page; no audit row."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext

from veilig.accounts.models import User
from veilig.audit.models import AuditEntry
from veilig.notifications.models import Notification, NotificationPreference
from veilig.notifications.services import notify
from veilig.notifications.vocabulary import Delivery, NotificationKind
from veilig.testing.personas import verified_client

pytestmark = pytest.mark.django_db


# Pages are checked in the test run's language (English, veilig/conftest.py); the catalogue's
# Dutch is checked by veilig/tests/test_translations.py.
def _label(kind: NotificationKind) -> str:
    return str(kind.label)


def _unread(count: int) -> str:
    return ngettext(
        "%(counter)s unread notification", "%(counter)s unread notifications", count
    ) % {"counter": count}


def _item(user: User, kind: NotificationKind = NotificationKind.CASE_INVITED) -> Notification:
    return notify(recipients=[user], kind=kind, link="/casussen/7/")[0]


def test_the_inbox_lists_own_items_newest_first(bob: User, hank: User) -> None:
    _item(bob, NotificationKind.CASE_INVITED)
    _item(bob, NotificationKind.ACTION_ASSIGNED)
    _item(hank, NotificationKind.AGENDA_READY)
    before = AuditEntry.objects.count()
    response = verified_client(bob).get("/berichten/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(_label(NotificationKind.ACTION_ASSIGNED)) < page.index(
        _label(NotificationKind.CASE_INVITED)
    )
    assert _label(NotificationKind.AGENDA_READY) not in page  # hank's
    assert _unread(2) in page
    assert AuditEntry.objects.count() == before  # no personal data, no row


def test_following_an_item_marks_it_read_and_redirects(bob: User) -> None:
    item = _item(bob)
    client = verified_client(bob)
    response = client.get(reverse("notifications:follow", args=[item.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/casussen/7/"
    item.refresh_from_db()
    assert item.read_at is not None
    page = client.get("/berichten/").content.decode()
    assert _unread(0) in page
    assert f">{pgettext('notification', 'read')}<" in page


def test_another_users_item_is_not_found(bob: User, hank: User) -> None:
    item = _item(bob)
    response = verified_client(hank).get(reverse("notifications:follow", args=[item.pk]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.read_at is None
    assert verified_client(hank).get("/berichten/999999/").status_code == 404


def test_mark_all_read_is_a_post_of_own_items(bob: User, hank: User) -> None:
    _item(bob)
    _item(bob)
    theirs = _item(hank)
    client = verified_client(bob)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=bob, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_preference_form(bob: User) -> None:
    client = verified_client(bob)
    url = reverse("notifications:preferences")
    form = client.get(url).context["form"]
    assert form["delivery"].value() == Delivery.IMMEDIATE
    assert client.post(url, {"delivery": "nonsense"}).status_code == 200
    assert not NotificationPreference.objects.exists()
    assert client.post(url, {"delivery": Delivery.DAILY_DIGEST}).status_code == 302
    assert NotificationPreference.objects.get(user=bob).delivery == Delivery.DAILY_DIGEST
    assert client.post(url, {"delivery": Delivery.IMMEDIATE}).status_code == 302
    assert NotificationPreference.objects.get(user=bob).delivery == Delivery.IMMEDIATE


def test_anonymous_visitors_sign_in_first(client) -> None:
    for url in ("/berichten/", "/berichten/instellingen/", "/berichten/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/account/inloggen/" in response["Location"]


def test_the_menu_and_the_partner_home_count_unread(bob: User) -> None:
    client = verified_client(bob)
    assert "veilig-nav__count" not in client.get("/").content.decode()
    _item(bob)
    _item(bob)
    page = client.get("/").content.decode()
    menu = f'{gettext("Notifications")} <span class="veilig-nav__count">('
    menu += ngettext("%(counter)s unread", "%(counter)s unread", 2) % {"counter": 2}
    home = capfirst(gettext("unread notifications"))
    assert menu + ")</span>" in page
    assert f'href="/berichten/">{home}</a>: <strong class="veilig-home__count">2</strong>' in page


def test_the_api_lists_own_notifications_newest_first(bob: User, hank: User) -> None:
    first = _item(bob, NotificationKind.CASE_INVITED)
    second = _item(bob, NotificationKind.ACTION_ASSIGNED)
    _item(hank)
    before = AuditEntry.objects.count()
    response = verified_client(bob).get("/api/v1/notifications/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [second.pk, first.pk]
    assert set(body["results"][0]) == {"id", "kind", "kind_label", "link", "created_at", "read_at"}
    assert body["results"][0]["kind"] == "action_assigned"
    assert AuditEntry.objects.count() == before


def test_no_row_holds_a_link_off_the_site(bob: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Notification.objects.create(
            recipient=bob, kind=NotificationKind.CASE_INVITED, link="//elders.example/"
        )
