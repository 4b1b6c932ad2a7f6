"""The dashboard's downloads, with the same figures and the same suppression as the screen.

- CSV and XLSX: the table of areas as on screen (``veilig.ui.exports``: UTF-8 with BOM and
  ``;``; XLSX with numbers as numbers), a suppressed cell as the same marker text;
- GeoJSON and GeoPackage: the same areas with their geometry (``geo_export``); a suppressed
  figure is null with ``<column>_onderdrukt`` true;
- PNG, SVG and PDF of each chart (vl-convert, with the vendored Noto Sans).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from veilig.access.errors import NotFound
from veilig.intel.charts.render import chart_pdf, chart_png, chart_svg
from veilig.intel.charts.style import suppressed_label
from veilig.intel.dashboards.build import Built, geometries
from veilig.intel.dashboards.figures import AreaRow
from veilig.intel.dashboards.geo_export import (
    AreaFigureRow,
    area_figures_geojson,
    area_figures_geopackage,
)
from veilig.intel.dashboards.page import charts_of, per_label
from veilig.ui.exports import Cell, Column, Export, ExportFormat, export_response

CONTENT_TYPES = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}


def _figure(value: float | None, count: int | None, decimals: int) -> Cell:
    if count is None:
        return suppressed_label()
    return None if value is None else round(value, decimals)


def basename(built: Built) -> str:
    return slugify(f"dashboard-{built.query.theme.code}-{built.query.period.value()}")[:80]


def table_export(built: Built) -> Export[AreaRow]:
    dash = built.dashboard
    columns: list[Column[AreaRow]] = [
        Column(_("Area"), lambda r: r.name, width=28),
        Column(_("Code"), lambda r: r.code),
        Column(_("Number"), lambda r: _figure(r.count, r.count, 0)),
        Column(per_label(dash), lambda r: _figure(r.rate, r.count, 1)),
        Column(_("Same period a year earlier"), lambda r: _figure(r.previous, r.previous, 0)),
        Column(_("Change (%)"), lambda r: None if r.change is None else round(r.change)),
    ]
    preamble: list[tuple[str, Cell]] = [
        (_("Theme"), str(built.query.theme.label)),
        (_("Period"), built.query.period.label()),
        (_("Within"), dash.area_name),
        (_("Made on"), timezone.localdate()),
    ]
    if built.query.suppressed:
        note = _(
            "Figures below %(n)s are suppressed, and some others with them, "
            "so that they cannot be worked out from the rest."
        )
        preamble.append((_("Note"), note % {"n": settings.DISCLOSURE_THRESHOLD}))
    return Export(basename(built), _("Areas"), columns, [*dash.rows, dash.total], preamble)


def _area_rows(built: Built) -> list[AreaFigureRow]:
    dash = built.dashboard
    rows = [*dash.rows]
    shapes = geometries([r.code for r in rows], built.engine.areas().boundary_year)
    out = []
    for r in rows:
        suppressed = r.count is None
        out.append(
            AreaFigureRow(
                r.code,
                r.name,
                r.level,
                shapes.get(r.code),
                {
                    "aantal": r.count,
                    "per_1000": None if r.rate is None else round(r.rate, 2),
                    "vorig_jaar": r.previous,
                    "verandering_pct": None if r.change is None else round(r.change, 1),
                },
                {
                    "aantal": suppressed,
                    "per_1000": suppressed,
                    "vorig_jaar": r.previous is None,
                    "verandering_pct": suppressed or r.previous is None,
                },
            )
        )
    return out


def _download(content: bytes | str, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def table_response(built: Built, fmt: str) -> HttpResponseBase:
    if fmt in {"csv", "xlsx"}:
        return export_response(table_export(built), ExportFormat(fmt))
    rows = _area_rows(built)
    content = (
        area_figures_geojson(rows=rows) if fmt == "geojson" else area_figures_geopackage(rows=rows)
    )
    return _download(content, fmt, f"{basename(built)}-{timezone.localdate().isoformat()}")


def chart_response(built: Built, chart: str, fmt: str) -> HttpResponseBase:
    dash = built.dashboard
    shapes = geometries([r.code for r in dash.map_rows], built.engine.areas().boundary_year)
    found = next((c for c in charts_of(dash, geometries=shapes) if c.chart_id == chart), None)
    if found is None:
        raise NotFound("dashboard")
    content: bytes | str
    if fmt == "png":
        content = chart_png(found.spec)
    elif fmt == "svg":
        content = chart_svg(found.spec)
    else:
        content = chart_pdf(found.spec)
    return _download(content, fmt, f"{basename(built)}-{chart}")
