"""``manage.py import_events FILE --source CODE [--format F] [--mapping M.json]
[--create-source NAME] [--report PATH]``: import a file of incident records with a progress bar,
print the summary and write the report (counts and every rejected row with its reasons)."""

from __future__ import annotations

import json
import os
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from veilig.events.importing.errors import ImportFileError
from veilig.events.models import EventSource, ImportRun, SourceFormat
from veilig.events.reports import import_run_reason_counts, write_report
from veilig.events.services import (
    event_source_create,
    event_source_save_mapping,
    import_run_create,
    import_run_execute,
    imports_dir,
)


class Command(BaseCommand):
    help = (
        "Import incident records (police BVH export, a CSV/XLSX with a column mapping, or a "
        "data.police.uk street-level CSV) into a source. Re-importing the same file changes "
        "nothing; changed rows are updated."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV or XLSX file")
        parser.add_argument("--source", required=True, help="the code of the event source")
        parser.add_argument(
            "--format",
            choices=SourceFormat.values,
            default=None,
            help="the file format (needed with --create-source; checked otherwise)",
        )
        parser.add_argument(
            "--mapping",
            type=Path,
            default=None,
            metavar="MAPPING.json",
            help="a column mapping for the generic format; saved on the source",
        )
        parser.add_argument(
            "--create-source",
            metavar="NAME",
            default=None,
            help="create the source with this name when it does not exist",
        )
        parser.add_argument(
            "--report",
            type=Path,
            default=None,
            help="where to write the report CSV (default: next to the file, or VAR_DIR/imports)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("The file %(name)s does not exist.") % {"name": path})
        source = self._source(options)
        run = import_run_create(source=source, file_name=path.name)
        bar = tqdm(
            total=0,
            unit=" rows",
            unit_scale=True,
            disable=bool(options["no_progress"]),
            file=sys.stderr,
            desc=path.name[:40],
        )

        def progress(done: int, total: int) -> None:
            if total and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

        failure: Exception | None = None
        summary = None
        try:
            summary = import_run_execute(run=run, path=path, progress=progress)
        except Exception as exc:  # the run is marked failed with the reason
            failure = exc
        finally:
            bar.close()
        run = ImportRun.objects.select_related("source").get(pk=run.pk)
        report = self._write_report(run, path, options["report"])
        if failure is not None:
            message = failure.message if isinstance(failure, ImportFileError) else run.message
            raise CommandError(f"{message}\n{_('Report')}: {report}")
        assert summary is not None
        out = self.stdout
        out.write(
            _(
                "Import %(id)s of %(file)s into %(source)s: %(rows)s rows in %(seconds).1f s "
                "(%(speed)s rows/s)."
            )
            % {
                "id": run.pk,
                "file": path.name,
                "source": source.code,
                "rows": run.rows_total,
                "seconds": summary.seconds,
                "speed": f"{summary.rows_per_second:,.0f}",
            }
        )
        out.write(
            _(
                "created %(created)s, updated %(updated)s, unchanged %(unchanged)s, "
                "rejected %(rejected)s; %(outside)s outside every area."
            )
            % {
                "created": run.created,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "rejected": run.rejected,
                "outside": run.outside_area,
            }
        )
        for item in import_run_reason_counts(run=run):
            out.write(f"  {item.count:>8}  {item.label}")
        out.write(f"{_('Report')}: {report}")

    def _source(self, options: dict[str, Any]) -> EventSource:
        code, fmt = options["source"], options["format"]
        source = EventSource.objects.filter(code=code).first()
        if source is None:
            if not options["create_source"]:
                raise CommandError(
                    _("There is no source %(code)s; add --create-source NAME and --format.")
                    % {"code": code}
                )
            if not fmt:
                raise CommandError(_("Give --format to create a source."))
            try:
                source = event_source_create(code=code, name=options["create_source"], format=fmt)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        elif fmt and fmt != source.format:
            raise CommandError(
                _("The source %(code)s has the format %(format)s, not %(given)s.")
                % {"code": code, "format": source.format, "given": fmt}
            )
        if options["mapping"] is not None:
            try:
                mapping = json.loads(options["mapping"].read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(
                    _("The mapping cannot be read: %(error)s") % {"error": exc}
                ) from exc
            if not isinstance(mapping, dict):
                raise CommandError(_("The mapping must be a JSON object."))
            source = event_source_save_mapping(source=source, mapping=mapping)
        return source

    def _write_report(self, run: ImportRun, path: Path, requested: Path | None) -> Path:
        name = f"{path.stem}.import-{run.pk}.report.csv"
        if requested is not None:
            target = requested / name if requested.is_dir() else requested
        elif os.access(path.resolve().parent, os.W_OK):
            target = path.resolve().parent / name
        else:
            target = imports_dir() / "reports" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_report(run, handle)
        return target
