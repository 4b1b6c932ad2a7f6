"""Writes the demo city "Voorbeeldstad" (and removes it). Demo databases only.

``demo_city_build`` is idempotent: with the same seed, generator version and number of
addresses a finished city is left alone; another city is replaced only when asked.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Model, ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.cases.models import Document, DocumentStorage
from veilig.demo import constants
from veilig.demo.models import DemoState
from veilig.demo.selectors.city import (
    demo_addresses,
    demo_areas,
    demo_cases,
    demo_city_data_exists,
    demo_city_digest,
    demo_organisations,
    demo_state_get,
    demo_streets,
    demo_tables,
    demo_users,
)
from veilig.demo.selectors.consultations import demo_meetings
from veilig.demo.selectors.street import (
    demo_early_signals,
    demo_event_sources,
    demo_events,
    demo_rules,
    demo_signals,
    demo_teams,
)
from veilig.geo.models import AreaLevel
from veilig.notifications.models import Notification
from veilig.registry.models import Address, Person
from veilig.signals.models import RoutingRule, SignalPhoto

MAX_SEED = 2**31 - 1


class DemoCityError(Exception):
    """The demo city cannot be built as asked; the message says why (translated)."""


@dataclass(frozen=True)
class DemoCityOutcome:
    built: bool  # False when the same city was already there
    state: DemoState
    counts: dict[str, int]


def demo_city_build(
    *,
    seed: int,
    address_count: int = constants.DEFAULT_ADDRESS_COUNT,
    replace: bool = False,
    today: dt.date | None = None,
    access_history: bool = True,
) -> DemoCityOutcome:
    """Build Voorbeeldstad for ``seed`` in one transaction, or leave the same one alone.

    The casework history ends on the day before ``today`` (default: the local date), so the
    same seed built on the same day gives the same city. ``access_history=False`` leaves out
    the demo's rows in the access log (the slowest part; the city itself is the same).
    """
    if not 0 <= seed <= MAX_SEED:
        raise DemoCityError(
            _("The seed must be a whole number from 0 to %(max)d.") % {"max": MAX_SEED}
        )
    if not 0 <= address_count <= constants.MAX_ADDRESS_COUNT:
        raise DemoCityError(
            _("The number of addresses must be from 0 to %(max)d.")
            % {"max": constants.MAX_ADDRESS_COUNT}
        )
    started = time.perf_counter()
    with transaction.atomic():
        state = demo_state_get()
        if state is not None and (
            state.seed,
            state.generator_version,
            state.address_count,
        ) == (seed, constants.GENERATOR_VERSION, address_count):
            return DemoCityOutcome(built=False, state=state, counts=_counts())
        if state is not None or demo_city_data_exists():
            if not replace:
                raise DemoCityError(_conflict_message(state))
            demo_city_remove()
        from veilig.demo.writers.city import city_write  # heavy imports: only when building

        city_write(
            seed=seed,
            address_count=address_count,
            today=today or timezone.localdate(),
            access_history=access_history,
        )
        state = DemoState.objects.create(
            seed=seed,
            generator_version=constants.GENERATOR_VERSION,
            address_count=address_count,
            finished_at=timezone.now(),
            seconds=round(time.perf_counter() - started, 3),
            digest=demo_city_digest(),
        )
    return DemoCityOutcome(built=True, state=state, counts=_counts())


def demo_backtest() -> str:
    """The backtest of the configured forecast on the demo's own events (the last half year),
    so that the public algorithm register shows this installation's figures; says what it did."""
    from veilig.intel.services import BacktestInputError, backtest_run_from_db
    from veilig.intel.teammap import configured_method, configured_theme

    end = timezone.localdate() - dt.timedelta(days=1)
    methods = ",".join(dict.fromkeys(("naive", configured_method())))
    try:
        done = backtest_run_from_db(
            theme=configured_theme(),
            start=end - dt.timedelta(days=182),
            end=end,
            methods=methods,
            bootstrap=200,
        )
    except BacktestInputError as exc:
        return _("No backtest for the algorithm register: %(reason)s") % {"reason": exc}
    return _(
        "Backtest for the algorithm register: %(windows)d windows, %(events)d test events."
    ) % {
        "windows": done.run.windows,
        "events": done.run.events_test,
    }


def demo_city_remove() -> None:
    """Remove the records of the demo city and its state (the order respects PROTECT).

    The access log is append-only, so its rows about the demo stay; the logins (and their
    organisations) that those rows name stay too, deactivated, and a new build takes them
    over. Everything else goes: early signals, signals (and their photos), routing rules,
    teams, incident records, cases with everything on them and their stored documents,
    persons, tables, addresses, areas and the logins nothing refers to.
    """
    with transaction.atomic():
        photos = _street_delete()
        files = _casework_delete()
        _addresses_delete()
        demo_streets().delete()
        demo_areas().filter(level=AreaLevel.GEMEENTE).delete()  # cascades to the children
        demo_areas().delete()
        # The demo's inboxes go with it (a login kept for the log keeps no stale items).
        Notification.objects.filter(recipient__in=demo_users()).delete()
        for user in demo_users():
            _delete_unless_referred(user)
        demo_users().update(is_active=False)  # those the log (or another app) still names
        for organisation in demo_organisations():
            _delete_unless_referred(organisation)
        DemoState.objects.all().delete()
        if files or photos:
            storage, photo_storage = DocumentStorage(), DocumentStorage(subfolder="signals")
            # Only once the rows are gone for good: a rolled-back removal keeps its files.
            transaction.on_commit(lambda: _files_delete(storage, files))
            transaction.on_commit(lambda: _files_delete(photo_storage, photos))


def _street_delete() -> list[str]:
    """Delete the early signals, signals, routing rules, teams and records of the demo.

    Returns the names of the stored photo files of the deleted signals. Event sources that an
    import run still names stay (an import run is PROTECT).
    """
    demo_early_signals().delete()
    signals = demo_signals()
    files = list(SignalPhoto.objects.filter(signal__in=signals).values_list("file", flat=True))
    signals.delete()
    RoutingRule.objects.filter(pk__in=list(demo_rules().values_list("pk", flat=True))).delete()
    demo_teams().delete()
    demo_events().delete()
    for source in demo_event_sources():
        _delete_unless_referred(source)
    return files


def _delete_unless_referred(instance: Model) -> None:
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError:
        pass


def _casework_delete() -> list[str]:
    """Delete the demo cases (with all that hangs on them), persons, meetings and tables.

    Returns the names of the stored document files of the deleted cases.
    """
    cases = demo_cases()
    subjects = set(cases.values_list("subject_id", flat=True))
    files = list(Document.objects.filter(case__in=cases).values_list("file", flat=True))
    cases.delete()
    # Household and network members are found through their relations too: a city built
    # without addresses has no address to find them by.
    persons = Person.objects.filter(
        Q(pk__in=subjects)
        | Q(addresses__address__in=demo_addresses())
        | Q(relations_in__person__in=subjects)
        | Q(relations_out__other__in=subjects)
    ).exclude(cases__isnull=False)
    try:
        Person.objects.filter(pk__in=list(persons.values_list("pk", flat=True))).delete()
        demo_meetings().delete()  # with their attendance and agendas (PROTECT on the table)
        demo_tables().delete()
    except ProtectedError as exc:
        raise DemoCityError(
            _(
                "Other records still refer to persons or case tables of the demo city; "
                "remove them first."
            )
        ) from exc
    return files


def _files_delete(storage: DocumentStorage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _addresses_delete() -> None:
    """Delete the demo addresses; in one statement when nothing refers to them.

    Django's cascade collects every object in memory (20 s for 100,000 addresses); it is only
    needed when other rows refer to the addresses, and then it applies their on_delete rules.
    """
    addresses = demo_addresses()
    referred = False
    for relation in Address._meta.related_objects:
        model = relation.related_model
        if isinstance(model, str):  # pragma: no cover - resolved once the apps are loaded
            raise TypeError(model)
        lookup = {f"{relation.field.name}__in": addresses}
        referred = referred or model._base_manager.filter(**lookup).exists()
    if referred:
        addresses.delete()
        return
    buurt_ids = list(demo_areas().filter(level=AreaLevel.BUURT).values_list("pk", flat=True))
    if not buurt_ids:
        return
    quote = connection.ops.quote_name
    sql = "DELETE FROM {} WHERE {} IN ({})".format(  # noqa: S608 - names from the model
        quote(str(Address._meta.db_table)),
        quote(Address._meta.get_field("buurt").column),
        ", ".join(["%s"] * len(buurt_ids)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, buurt_ids)


def _conflict_message(state: DemoState | None) -> str:
    if state is None:
        return _(
            "This database already holds (part of) a demo city that was not finished or not "
            "made by this generator. Use --replace to remove it and build anew."
        )
    return _(
        "This database already holds Voorbeeldstad with seed %(seed)d, generator version "
        "%(version)d and %(addresses)d addresses. Use --replace to remove it and build anew."
    ) % {
        "seed": state.seed,
        "version": state.generator_version,
        "addresses": state.address_count,
    }


def _counts() -> dict[str, int]:
    return {
        "areas": demo_areas().count(),
        "addresses": demo_addresses().count(),
        "streets": demo_streets().count(),
        "organisations": demo_organisations().count(),
        "users": demo_users().count(),
        "cases": demo_cases().count(),
        "meetings": demo_meetings().count(),
        "events": demo_events().count(),
        "signals": demo_signals().count(),
        "early_signals": demo_early_signals().count(),
    }
