"""manage.py early_warning [--at 2025-03-01T12:00]: run the early-warning rules once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from veilig.signals.early_warning import early_warning_run


class Command(BaseCommand):
    help = "Run the early-warning (vroegsignalering) rules over signals and events."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="Run as of this ISO time (default: now).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("at"):
            try:
                now = dt.datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(f"--at is not an ISO date/time: {options['at']!r}") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        result = early_warning_run(now=now)
        for name, hits in result.per_rule.items():
            self.stdout.write(f"{name}: {hits} hits")
        self.stdout.write(
            self.style.SUCCESS(
                f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"
            )
        )
