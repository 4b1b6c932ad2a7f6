"""``manage.py import_areas FILE [--year YYYY] [--stadsdelen GROUPING.json]``."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from veilig.geo.importing import AreaImportError
from veilig.geo.models import AreaLevel
from veilig.geo.services import areas_import


class Command(BaseCommand):
    help = (
        "Import the CBS wijk- en buurtkaart (zipped Shapefile, GeoPackage or GeoJSON) and an "
        "optional stadsdeel grouping. Re-importing updates the areas in place."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the CBS file (.zip, .gpkg or .geojson)")
        parser.add_argument(
            "--year", type=int, default=None, help="boundary year (default: from the file name)"
        )
        parser.add_argument(
            "--stadsdelen",
            type=Path,
            default=None,
            metavar="GROUPING.json",
            help='JSON {"stadsdelen": [{"code": "SD001401", "name": ..., "wijken": [...]}]}',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = areas_import(
                path=options["file"],
                boundary_year=options["year"],
                grouping_path=options["stadsdelen"],
            )
        except AreaImportError as exc:
            raise CommandError(exc.message()) from exc
        self.stdout.write(
            _("Areas of boundary year %(year)d imported from %(file)s:")
            % {"year": summary.boundary_year, "file": options["file"].name}
        )
        for level in AreaLevel:
            counts = summary.counts.get(level.value)
            if counts is None:
                continue
            self.stdout.write(
                _("  %(level)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {
                    "level": level.label,
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )
        self.stdout.write(_("  parents changed: %(count)d") % {"count": summary.relinked})
        if summary.unlinked:
            self.stdout.write(
                self.style.WARNING(
                    _("  %(count)d areas wait for their parent (import it too): %(codes)s")
                    % {"count": len(summary.unlinked), "codes": ", ".join(summary.unlinked[:10])}
                    + (" ..." if len(summary.unlinked) > 10 else "")
                )
            )
