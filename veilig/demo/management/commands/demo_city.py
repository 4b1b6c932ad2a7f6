"""``manage.py demo_city --seed N``: build the synthetic city Voorbeeldstad (demo mode only)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from veilig.demo import constants
from veilig.demo.services import DemoCityError, demo_backtest, demo_city_build


class Command(BaseCommand):
    help = "Build the synthetic demo city Voorbeeldstad, deterministic for a seed."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--addresses",
            type=int,
            default=constants.DEFAULT_ADDRESS_COUNT,
            help=f"number of addresses (default {constants.DEFAULT_ADDRESS_COUNT})",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="remove a demo city built with another seed, version or size first",
        )
        parser.add_argument(
            "--no-backtest",
            action="store_true",
            help="skip the forecast backtest that fills the public algorithm register",
        )
        parser.add_argument(
            "--no-access-history",
            action="store_true",
            help="leave out the demo's access-log history (quicker; the city is the same)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                _("The demo city is only built in demo mode (VEILIG_DEMO=true) or with DEBUG on.")
            )
        if find_spec("faker") is None:  # an optional extra: production installs leave it out
            raise CommandError(
                _(
                    "The demo city needs the demo extra: run `make install` or "
                    "`uv sync --extra demo`."
                )
            )
        started = time.perf_counter()
        try:
            outcome = demo_city_build(
                seed=options["seed"],
                address_count=options["addresses"],
                replace=options["replace"],
                access_history=not options["no_access_history"],
            )
        except DemoCityError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        values = {**outcome.counts, "seed": outcome.state.seed, "seconds": seconds}
        if outcome.built:
            message = _(
                "Voorbeeldstad built (seed %(seed)d): %(areas)d areas, %(addresses)d addresses, "
                "%(organisations)d organisations, %(users)d users in %(seconds).1f s."
            )
        else:
            message = _(
                "Voorbeeldstad (seed %(seed)d) is already there: %(areas)d areas, "
                "%(addresses)d addresses, %(users)d users. Nothing to do."
            )
        self.stdout.write(self.style.SUCCESS(message % values))
        self.stdout.write(_("Casework: %(cases)d cases.") % values)
        self.stdout.write(_("Consultations: %(meetings)d meetings.") % values)
        self.stdout.write(
            _("Street: %(events)d events, %(signals)d signals, %(early_signals)d early signals.")
            % values
        )
        if outcome.built and not options["no_backtest"]:
            self.stdout.write(demo_backtest())
