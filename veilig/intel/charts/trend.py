"""The trend of a theme: weeks or months against the seasonal baseline, alone or per stadsdeel.

Layers, back to front: the band of the baseline (mean ± 2 sd of the same period in earlier
years, see ``data.BAND_SD``) as a grey area, its mean as a dashed line, the current count as a
solid line with points, and suppressed periods as hollow markers on the zero line. A suppressed
period has no value in the data, so the line breaks there instead of being drawn through it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import altair as alt
from django.utils.translation import gettext as _

from veilig.intel.charts import style
from veilig.intel.charts.data import Trend
from veilig.intel.charts.labels import number, period_label

AREA = "area"
SERIES = "series"


def trend_rows(trend: Trend, *, threshold: int | None = None) -> list[dict[str, Any]]:
    """The inline data of a trend: one row per period, no earlier years' counts."""
    rows = []
    for period in trend.periods:
        baseline = period.baseline
        rows.append(
            {
                AREA: trend.area,
                "start": period.start.isoformat(),
                "period": period_label(period.start, trend.granularity),
                "value": period.value,
                "suppressed": period.suppressed,
                "shown": style.suppressed_label(threshold)
                if period.suppressed
                else number(period.value),
                "mean": None if baseline is None else round(baseline.mean, 1),
                "low": None if baseline is None or baseline.low is None else round(baseline.low, 1),
                "high": None
                if baseline is None or baseline.high is None
                else round(baseline.high, 1),
            }
        )
    return rows


def _legend_colour(threshold: int | None) -> alt.Color:
    """One legend for all layers: each layer names its entry (``series``), the scale its colour.

    (Vega-Lite's datum definitions take no scale, hence a calculated field per layer.)
    """
    domain = [_("count"), _("mean of earlier years"), _("usual range (mean ± 2 sd)")]
    domain.append(style.suppressed_label(threshold))
    scale = alt.Scale(
        domain=domain,
        range=[style.CURRENT, style.BASELINE, style.BAND, style.SUPPRESSED],
    )
    return alt.Color(f"{SERIES}:N", scale=scale, legend=alt.Legend(title=None))


def _series(chart: alt.Chart, label: str) -> alt.Chart:
    return chart.transform_calculate(**{SERIES: json.dumps(label)})


def _layers(*, granularity: str, y_title: str, threshold: int | None) -> alt.LayerChart:
    x_format = "%b %Y" if granularity == "month" else "%e %b %Y"
    x = alt.X(
        "start:T",
        title=_("month") if granularity == "month" else _("week (first day)"),
        scale=alt.Scale(type="utc"),
        axis=alt.Axis(format=x_format, labelAngle=0, tickCount=6),
    )
    y_axis = alt.Axis(title=y_title, tickMinStep=1, format="d")
    tooltip = [
        alt.Tooltip("period:N", title=_("period")),
        alt.Tooltip("shown:N", title=_("count")),
        alt.Tooltip("mean:Q", title=_("mean of earlier years"), format=".1f"),
        alt.Tooltip("low:Q", title=_("usual range from"), format=".1f"),
        alt.Tooltip("high:Q", title=_("usual range to"), format=".1f"),
    ]
    base = alt.Chart()
    colour = _legend_colour(threshold)
    band = _series(
        base.mark_area(opacity=0.6).encode(
            x=x, y=alt.Y("low:Q", axis=y_axis), y2="high:Q", color=colour
        ),
        _("usual range (mean ± 2 sd)"),
    )
    mean = _series(
        base.mark_line(strokeDash=[6, 4], strokeWidth=2).encode(
            x=x, y=alt.Y("mean:Q"), color=colour
        ),
        _("mean of earlier years"),
    )
    current = base.mark_line(
        point=alt.OverlayMarkDef(filled=True, size=40),
        strokeWidth=2.5,
        # A missing value breaks the line; it is never bridged or drawn at zero.
        invalid="break-paths-show-domains",
    ).encode(x=x, y=alt.Y("value:Q"), color=colour, tooltip=tooltip)
    current = _series(current, _("count"))
    # Suppressed periods: a hollow marker on the zero line, at no value of their own.
    hidden = (
        base.mark_point(shape="circle", filled=False, size=70, strokeWidth=2)
        .encode(
            x=x,
            y=alt.YDatum(0),
            color=colour,
            tooltip=[
                alt.Tooltip("period:N", title=_("period")),
                alt.Tooltip("shown:N", title=_("count")),
            ],
        )
        .transform_filter(alt.datum.suppressed)
    )
    hidden = _series(hidden, style.suppressed_label(threshold))
    return alt.layer(band, mean, current, hidden)


def trend_chart(
    trend: Trend,
    *,
    y_title: str | None = None,
    description: str = "",
    threshold: int | None = None,
) -> dict[str, Any]:
    """The Vega-Lite spec of one trend."""
    chart = _layers(
        granularity=trend.granularity, y_title=y_title or _("number"), threshold=threshold
    ).properties(
        data=alt.Data(values=trend_rows(trend, threshold=threshold)),
        width=style.WIDTH,
        height=style.HEIGHT,
    )
    return style.finish(chart.to_dict(), description=description)


def small_multiples_chart(
    trends: Sequence[Trend],
    *,
    y_title: str | None = None,
    description: str = "",
    columns: int = 3,
    threshold: int | None = None,
) -> dict[str, Any]:
    """The trend per area (each ``Trend.area`` a panel), on one shared y scale.

    A shared scale keeps panels comparable: a small stadsdeel looks small, as it is.
    """
    if len({trend.granularity for trend in trends}) > 1:
        raise ValueError("Small multiples need one granularity.")
    granularity = trends[0].granularity if trends else "month"
    rows = [row for trend in trends for row in trend_rows(trend, threshold=threshold)]
    order = [trend.area for trend in trends]
    chart = (
        _layers(granularity=granularity, y_title=y_title or _("number"), threshold=threshold)
        .properties(width=220, height=140)
        .facet(
            facet=alt.Facet(f"{AREA}:N", title=None, sort=order),
            columns=columns,
            data=alt.Data(values=rows),
        )
    )
    return style.finish(chart.to_dict(), description=description)
