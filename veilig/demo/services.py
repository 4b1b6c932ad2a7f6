"""Writes the demo city "Voorbeeldstad" (and removes it). Demo databases only.

``demo_city_build`` is idempotent: with the same seed, generator version and number of
addresses a finished city is left alone; another city is replaced only when asked.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.demo import constants
from veilig.demo.models import DemoState
from veilig.demo.selectors import (
    demo_addresses,
    demo_areas,
    demo_city_data_exists,
    demo_city_digest,
    demo_organisations,
    demo_state_get,
    demo_users,
)
from veilig.geo.models import AreaLevel
from veilig.registry.models import Address

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
) -> DemoCityOutcome:
    """Build Voorbeeldstad for ``seed`` in one transaction, or leave the same one alone."""
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
        from veilig.demo import writers  # heavy imports, only when building (see writers)

        writers.city_write(seed=seed, address_count=address_count)
        state = DemoState.objects.create(
            seed=seed,
            generator_version=constants.GENERATOR_VERSION,
            address_count=address_count,
            finished_at=timezone.now(),
            seconds=round(time.perf_counter() - started, 3),
            digest=demo_city_digest(),
        )
    return DemoCityOutcome(built=True, state=state, counts=_counts())


def demo_city_remove() -> None:
    """Remove every record of the demo city and its state (the order respects PROTECT)."""
    with transaction.atomic():
        _addresses_delete()
        demo_areas().filter(level=AreaLevel.GEMEENTE).delete()  # cascades to the children
        demo_areas().delete()
        demo_users().delete()
        try:
            demo_organisations().delete()
        except ProtectedError as exc:
            raise DemoCityError(
                _("A demo organisation still has users that are not demo users; remove them first.")
            ) from exc
        DemoState.objects.all().delete()


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
        "organisations": demo_organisations().count(),
        "users": demo_users().count(),
    }
