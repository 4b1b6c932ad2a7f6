"""The week heat map: weekday (Monday to Sunday) × hour (0 to 23).

Suppressed cells are grey with their own legend entry, never a shade of the scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from veilig.intel.charts import style
from veilig.intel.charts.data import HeatCell
from veilig.intel.charts.labels import number, weekdays


def heatmap_rows(cells: Sequence[HeatCell], *, threshold: int | None = None) -> list[dict[str, Any]]:
    days = weekdays()
    return [
        {
            "day": days[cell.weekday],
            "weekday": cell.weekday,
            "hour": cell.hour,
            "value": cell.value,
            "status": style.suppressed_label(threshold) if cell.suppressed else "",
            "shown": style.suppressed_label(threshold) if cell.suppressed else number(cell.value),
        }
        for cell in sorted(cells, key=lambda cell: (cell.weekday, cell.hour))
    ]


def heatmap_chart(
    cells: Sequence[HeatCell],
    *,
    value_title: str | None = None,
    description: str = "",
    threshold: int | None = None,
) -> dict[str, Any]:
    """Cells coloured by count on a sequential scheme; hours across, weekdays down."""
    title = value_title or _("number")
    x = alt.X(
        "hour:O",
        title=_("hour"),
        scale=alt.Scale(domain=list(range(24))),
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y("day:O", title=None, sort=weekdays(), scale=alt.Scale(domain=weekdays()))
    tooltip = [
        alt.Tooltip("day:N", title=_("day")),
        alt.Tooltip("hour:O", title=_("hour")),
        alt.Tooltip("shown:N", title=title),
    ]
    valued = (
        alt.Chart()
        .mark_rect(stroke=style.OUTLINE, strokeWidth=1)
        .encode(
            x=x,
            y=y,
            fill=alt.Fill(
                "value:Q",
                scale=alt.Scale(scheme=style.SEQUENTIAL_SCHEME, zero=True),
                legend=alt.Legend(title=title, format="d"),
            ),
            tooltip=tooltip,
        )
        .transform_filter("isValid(datum.value)")
    )
    hidden = (
        alt.Chart()
        .mark_rect(stroke=style.OUTLINE, strokeWidth=1)
        .encode(
            x=x,
            y=y,
            fill=alt.Fill(
                "status:N",
                scale=alt.Scale(domain=[style.suppressed_label(threshold)], range=[style.SUPPRESSED]),
                legend=alt.Legend(title=None),
            ),
            tooltip=tooltip,
        )
        .transform_filter("datum.status != ''")
    )
    chart = (
        alt.layer(valued, hidden)
        .resolve_scale(fill="independent")
        .resolve_legend(fill="independent")
        .properties(
            data=alt.Data(values=heatmap_rows(cells, threshold=threshold)),
            width=alt.Step(24),
            height=alt.Step(24),
        )
    )
    return style.finish(chart.to_dict(), description=description)
