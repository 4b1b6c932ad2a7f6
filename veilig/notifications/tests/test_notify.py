"""notify: rows, immediate e-mails through the task runner, the digest, deduplication, and
e-mails that hold nothing but a fixed sentence and a link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from veilig.accounts.models import User
from veilig.cases.models import Action
from veilig.cases.vocabulary import Scope
from veilig.notifications.models import Notification, NotificationPreference
from veilig.notifications.services import notification_digest_send, notify
from veilig.notifications.vocabulary import Delivery, NotificationKind
from veilig.testing.casework import case_for, contribution, synthetic_person
from veilig.testing.worker import worker_run

pytestmark = pytest.mark.django_db

SITE = "https://veilig.test.example"


def _with_mail(user: User, address: str) -> User:
    user.email = address
    user.save(update_fields=["email"])
    return user


def _digest(user: User) -> None:
    NotificationPreference.objects.create(user=user, delivery=Delivery.DAILY_DIGEST)


def test_notify_stores_and_the_worker_sends_at_once(bob: User, settings) -> None:
    settings.SITE_URL = SITE
    settings.LANGUAGE_CODE = "nl"  # the product's language: the Dutch is in the catalogue
    _with_mail(bob, "bob@politie.example")
    stored = notify(recipients=[bob], kind=NotificationKind.CASE_INVITED, link="/casussen/7/")
    assert [n.recipient for n in stored] == [bob]
    assert stored[0].read_at is None and stored[0].emailed_at is None
    assert mail.outbox == []  # queued, not sent by the request
    assert DBTaskResult.objects.filter(
        task_path="veilig.notifications.tasks.notification_email"
    ).exists()
    worker_run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@politie.example"]
    with translation.override(settings.LANGUAGE_CODE):  # mails are in the site's language
        assert message.subject == gettext("Veilig: you have been invited to a case")
    assert f"{SITE}/casussen/7/" in message.body
    stored[0].refresh_from_db()
    assert stored[0].emailed_at is not None
    worker_run()
    assert len(mail.outbox) == 1  # sent once


def test_no_address_means_the_inbox_only(bob: User) -> None:
    stored = notify(recipients=[bob], kind=NotificationKind.ACTION_ASSIGNED, link="/casussen/7/")
    assert len(stored) == 1
    assert not DBTaskResult.objects.exists()
    worker_run()
    assert mail.outbox == []


def test_digest_users_wait_for_the_digest(bob: User, hank: User, settings) -> None:
    settings.SITE_URL = SITE
    settings.LANGUAGE_CODE = "nl"  # the product's language: the Dutch is in the catalogue
    settings.NOTIFICATION_DIGEST_HOUR = 7
    _with_mail(bob, "bob@politie.example")
    _with_mail(hank, "hank@ggz.example")
    _digest(bob)
    notify(recipients=[bob, hank], kind=NotificationKind.CASE_INVITED, link="/casussen/7/")
    notify(recipients=[bob], kind=NotificationKind.ACTION_DUE_SOON, link="/casussen/8/#plan")
    worker_run()
    assert [m.to for m in mail.outbox] == [["hank@ggz.example"]]  # bob waits
    tz = timezone.get_current_timezone()
    early = dt.datetime.combine(timezone.localdate(), dt.time(6, 59), tzinfo=tz)
    assert notification_digest_send(now=early) == 0  # before the hour
    at_seven = early + dt.timedelta(minutes=31)
    assert notification_digest_send(now=at_seven) == 1
    digest = mail.outbox[-1]
    assert digest.to == ["bob@politie.example"]
    assert f"{SITE}/casussen/7/" in digest.body and f"{SITE}/casussen/8/#plan" in digest.body
    with translation.override(settings.LANGUAGE_CODE):
        assert str(NotificationKind.CASE_INVITED.label) in digest.body
    assert not Notification.objects.filter(recipient=bob, emailed_at__isnull=True).exists()
    notify(recipients=[bob], kind=NotificationKind.AGENDA_READY, link="/casussen/9/")
    assert notification_digest_send(now=at_seven + dt.timedelta(hours=2)) == 0  # once a day
    assert notification_digest_send(now=at_seven + dt.timedelta(days=1)) == 1


def test_the_digest_task_runs_through_the_worker(bob: User, settings) -> None:
    from veilig.notifications.tasks import notification_digest

    settings.NOTIFICATION_DIGEST_HOUR = 0  # any hour of the day
    _with_mail(bob, "bob@politie.example")
    _digest(bob)
    notify(recipients=[bob], kind=NotificationKind.TRIAGE_OUTCOME, link="/casussen/7/")
    worker_run()
    assert mail.outbox == []
    notification_digest.enqueue()
    worker_run()
    assert [m.to for m in mail.outbox] == [["bob@politie.example"]]
    assert settings.PERIODIC_TASKS["notification_digest"][0] == (
        "veilig.notifications.tasks.notification_digest"
    )


def test_dedupe_key_sends_once(bob: User, hank: User) -> None:
    first = notify(
        recipients=[bob],
        kind=NotificationKind.ACTION_DUE_SOON,
        link="/casussen/7/",
        dedupe_key="k1",
    )
    again = notify(
        recipients=[bob, hank, bob],
        kind=NotificationKind.ACTION_DUE_SOON,
        link="/casussen/7/",
        dedupe_key="k1",
    )
    assert len(first) == 1
    assert [n.recipient for n in again] == [hank]
    assert Notification.objects.filter(recipient=bob).count() == 1
    # Without a key every call is a new notification.
    notify(recipients=[bob], kind=NotificationKind.AGENDA_READY, link="/casussen/7/")
    notify(recipients=[bob], kind=NotificationKind.AGENDA_READY, link="/casussen/7/")
    assert Notification.objects.filter(recipient=bob).count() == 3


@pytest.mark.parametrize(
    "link",
    [
        "https://elders.example/casussen/7/",
        "//elders.example/",
        "/casussen/7/?naam=Jansen",
        "/casussen/Jansen Piet/",
        "casussen/7/",
        "/casussen/7/#",
        "",
    ],
)
def test_a_link_is_a_site_path_of_ids(bob: User, link: str) -> None:
    with pytest.raises(ValidationError):
        notify(recipients=[bob], kind=NotificationKind.CASE_INVITED, link=link)
    assert not Notification.objects.exists()


def test_inactive_users_get_nothing(bob: User) -> None:
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert notify(recipients=[bob], kind=NotificationKind.CASE_INVITED, link="/casussen/7/") == []


def test_every_kind_has_a_subject_and_a_sentence(bob: User, settings) -> None:
    from veilig.notifications.mail import single_mail

    for kind in NotificationKind:
        item = Notification(recipient=bob, kind=kind, link="/casussen/7/")
        subject, body = single_mail(item)
        assert subject.startswith("Veilig: ")
        assert body.count("\n") > 2


def test_the_mail_holds_no_personal_data_or_case_content(
    alice: User, bob: User, hank: User, settings
) -> None:
    """The synthetic case's name, BSN, reference and contribution text are nowhere in the mail."""
    from veilig.audit.context import AuditContext
    from veilig.cases.services import action_add, participant_invite

    settings.SITE_URL = SITE
    _with_mail(hank, "hank@ggz.example")
    _with_mail(bob, "bob@politie.example")
    person = synthetic_person(bsn="111222333")
    case = case_for(bob, subject=person)
    text = contribution(case, bob, scope=Scope.PARTICIPANTS).text
    assert hank.organisation is not None
    participant_invite(
        context=AuditContext.for_command(alice), case_id=case.pk, organisation=hank.organisation
    )
    action_add(
        context=AuditContext.for_command(alice),
        case_id=case.pk,
        description="Huisbezoek bij Testpersoon afleggen",
        owner_organisation=hank.organisation,
        owner_user=hank,
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    worker_run()
    assert len(mail.outbox) == 2
    forbidden = [
        person.first_name,
        person.last_name,
        "111222333",
        case.reference,
        text,
        "Huisbezoek",
        "Testpersoon",
        hank.first_name,
        alice.first_name,
    ]
    for message in mail.outbox:
        whole = f"{message.subject}\n{message.body}"
        assert [word for word in forbidden if word in whole] == [], whole
        assert f"{SITE}/casussen/{case.pk}/" in message.body
    assert Action.objects.filter(case=case).exists()
