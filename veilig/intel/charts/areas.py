"""Charts of areas: the choropleth of buurten and the top list of changes.

Suppressed areas are never coloured by a value: on the map they are grey with their own legend
entry, areas without a figure white with an outline; in the top list a suppressed area keeps its
row with the words "suppressed (< 5)" instead of a bar, so that its absence says nothing.
Vega has no hatch patterns, so grey stands in for hatching (docs/charts.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient

from veilig.intel.charts import style
from veilig.intel.charts.data import AreaChange, AreaFeature
from veilig.intel.charts.labels import number


def d3_winding(geometry: Any) -> dict[str, Any]:
    """The geometry with clockwise outer rings, the winding d3-geo (Vega) expects.

    GeoJSON (RFC 7946) winds outer rings counter-clockwise; d3-geo reads such a ring on the
    sphere as "everything but the area", and the map becomes one grey sheet.
    """
    geom = shape(geometry)
    if isinstance(geom, Polygon):
        geom = orient(geom, sign=-1.0)
    elif isinstance(geom, MultiPolygon):
        geom = MultiPolygon([orient(part, sign=-1.0) for part in geom.geoms])
    return dict(mapping(geom))


def choropleth_features(
    areas: Sequence[AreaFeature], *, threshold: int | None = None, decimals: int = 0
) -> list[dict[str, Any]]:
    """The inline GeoJSON features: the geometry and the shown figure, nothing else."""
    features = []
    for area in areas:
        if area.suppressed:
            status, shown = style.suppressed_label(threshold), style.suppressed_label(threshold)
        elif area.value is None:
            status, shown = _("no data"), _("no data")
        else:
            status, shown = "", number(area.value, decimals=decimals)
        features.append(
            {
                "type": "Feature",
                "geometry": d3_winding(area.geometry),
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "value": area.value,
                    "status": status,
                    "shown": shown,
                },
            }
        )
    return features


def choropleth_chart(
    areas: Sequence[AreaFeature],
    *,
    value_title: str,
    description: str = "",
    decimals: int = 0,
    threshold: int | None = None,
) -> dict[str, Any]:
    """The map of buurten coloured by value on a sequential scheme."""
    tooltip = [
        alt.Tooltip("properties.name:N", title=_("neighbourhood")),
        alt.Tooltip("properties.shown:N", title=value_title),
    ]
    base = alt.Chart().project(type="mercator")
    valued = (
        base.mark_geoshape(stroke=style.OUTLINE, strokeWidth=0.75)
        .encode(
            fill=alt.Fill(
                "properties.value:Q",
                scale=alt.Scale(scheme=style.SEQUENTIAL_SCHEME, zero=True),
                legend=alt.Legend(title=value_title, format=f",.{decimals}f"),
            ),
            tooltip=tooltip,
        )
        .transform_filter("isValid(datum.properties.value)")
    )
    others = (
        base.mark_geoshape(stroke=style.BASELINE, strokeWidth=0.75)
        .encode(
            fill=alt.Fill(
                "properties.status:N",
                scale=alt.Scale(
                    domain=[style.suppressed_label(threshold), _("no data")],
                    range=[style.SUPPRESSED, style.NO_DATA],
                ),
                legend=alt.Legend(title=None),
            ),
            tooltip=tooltip,
        )
        .transform_filter("!isValid(datum.properties.value)")
    )
    chart = (
        alt.layer(valued, others)
        .resolve_scale(fill="independent")
        .resolve_legend(fill="independent")
        .properties(
            data=alt.Data(values=choropleth_features(areas, threshold=threshold, decimals=decimals)),
            width=style.WIDTH,
            height=style.WIDTH * 3 // 4,
        )
    )
    return style.finish(chart.to_dict(), description=description)


def top_rows(areas: Sequence[AreaChange], *, threshold: int | None = None) -> list[dict[str, Any]]:
    """Rows of the top list: largest increase first, then unknown changes, suppressed last."""

    def order(area: AreaChange) -> tuple[int, float]:
        change = area.change
        if change is not None:
            return (0, -change)
        return (2, 0.0) if area.suppressed else (1, 0.0)

    rows = []
    for area in sorted(areas, key=order):
        change = area.change
        if area.suppressed:
            note = style.suppressed_label(threshold)
        elif change is None and area.previous == 0:
            note = _("new (none a year earlier)")
        elif change is None:
            note = _("no comparison")
        else:
            note = ""
        rows.append(
            {
                "code": area.code,
                "name": area.name,
                # A ratio, so the axis can format "+18%" itself.
                "change": None if change is None else round(change) / 100,
                "direction": ""
                if change is None
                else (_("increase") if change > 0 else _("decrease")),
                "current": number(area.current),
                "previous": number(area.previous),
                "note": note,
            }
        )
    return rows


def top_areas_chart(
    areas: Sequence[AreaChange], *, description: str = "", threshold: int | None = None
) -> dict[str, Any]:
    """Horizontal bars of the change in percent against a year earlier, per area."""
    rows = top_rows(areas, threshold=threshold)
    y = alt.Y("name:N", sort=[row["name"] for row in rows], title=None)
    tooltip = [
        alt.Tooltip("name:N", title=_("area")),
        alt.Tooltip("change:Q", title=_("change"), format="+.0%"),
        alt.Tooltip("current:N", title=_("now")),
        alt.Tooltip("previous:N", title=_("a year earlier")),
    ]
    bars = (
        alt.Chart()
        .mark_bar(height={"band": 0.7})
        .encode(
            x=alt.X("change:Q", title=_("change against a year earlier"), axis=alt.Axis(format="+.0%")),
            y=y,
            color=alt.Color(
                "direction:N",
                scale=alt.Scale(
                    domain=[_("increase"), _("decrease")],
                    range=[style.INCREASE, style.DECREASE],
                ),
                legend=alt.Legend(title=None),
            ),
            tooltip=tooltip,
        )
        .transform_filter("isValid(datum.change)")
    )
    notes = (
        alt.Chart()
        .mark_text(align="left", dx=4, color=style.SUPPRESSED, fontStyle="italic")
        .encode(x=alt.XDatum(0), y=y, text="note:N")
        .transform_filter("datum.note != ''")
    )
    zero = alt.Chart().mark_rule(color=style.BASELINE).encode(x=alt.XDatum(0))
    chart = alt.layer(bars, notes, zero).properties(
        data=alt.Data(values=rows), width=style.WIDTH - 160, height=alt.Step(22)
    )
    return style.finish(chart.to_dict(), description=description)
