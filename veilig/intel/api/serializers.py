"""Output serializers of the dashboards API (it takes no body: its input is the query string).

A suppressed figure is ``null`` with ``suppressed: true`` next to it, never a number; the
baseline of a trend point is ``null`` when any of the earlier years it is made of is suppressed.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

# Fields named ``label`` and ``source`` shadow attributes of DRF's Field in the stubs only: the
# serializer's metaclass takes declared fields off the class (hence the type: ignore below).
HOURS = 24
WEEKDAYS = 7


class DashboardThemeSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField(help_text="The theme's name in the request's language.")  # type: ignore[assignment]
    per = serializers.CharField(
        help_text="What a rate is per 1,000 of: `inhabitants` or `households`."
    )
    members = serializers.ListField(
        child=serializers.CharField(),
        help_text="The themes an aggregate (high-impact crime) adds up; empty for a plain theme.",
    )


class DashboardPeriodSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="`week`, `month`, `quarter`, `year` or `custom`.")
    at = serializers.CharField(
        allow_null=True, help_text="The `at` parameter of the period; null for a custom period."
    )
    start = serializers.DateField(help_text="The first day.")
    end = serializers.DateField(help_text="The last day (inclusive).")
    label = serializers.CharField(help_text="The period in words, in the request's language.")  # type: ignore[assignment]


class DashboardQuerySerializer(serializers.Serializer[Any]):
    """The view the figures are of: the parameters as understood, defaults filled in."""

    theme = DashboardThemeSerializer()
    level = serializers.CharField(help_text="The rows' level: `stadsdeel`, `wijk` or `buurt`.")
    area = serializers.CharField(help_text="The CBS code of the area whose parts are shown.")
    area_name = serializers.CharField()
    period = DashboardPeriodSerializer()
    source = serializers.CharField(help_text="`all`, `events` or `signals`.")  # type: ignore[assignment]
    trend = serializers.CharField(help_text="`month` or `week`.")
    suppressed = serializers.BooleanField(
        help_text="Whether small cells are suppressed for you (policy officers; analysts not)."
    )
    threshold = serializers.IntegerField(
        allow_null=True, help_text="The suppression threshold; null when nothing is suppressed."
    )


class AreaFiguresSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="Null when suppressed.")
    suppressed = serializers.BooleanField()
    rate = serializers.FloatField(
        allow_null=True,
        help_text="Per 1,000 inhabitants (households for burglary); null when suppressed or "
        "without a population figure.",
    )
    previous = serializers.IntegerField(
        allow_null=True, help_text="The same period a year earlier; null when suppressed."
    )
    change = serializers.FloatField(
        allow_null=True,
        help_text="Percent against a year earlier; null when either is suppressed or a year "
        "earlier is zero.",
    )


class TrendBaselineSerializer(serializers.Serializer[Any]):
    mean = serializers.FloatField(help_text="The mean of the same period in earlier years.")
    low = serializers.FloatField(
        allow_null=True, help_text="The usual variation's lower edge; null with too few years."
    )
    high = serializers.FloatField(allow_null=True)
    years = serializers.IntegerField()


class TrendPointSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    count = serializers.IntegerField(allow_null=True, help_text="Null when suppressed.")
    suppressed = serializers.BooleanField()
    baseline = TrendBaselineSerializer(
        allow_null=True,
        help_text="Null without earlier years, or when any earlier year is suppressed.",
    )


class DashboardTrendSerializer(serializers.Serializer[Any]):
    granularity = serializers.CharField(help_text="`month` or `week`.")
    points = TrendPointSerializer(many=True)


class DashboardSerializer(serializers.Serializer[Any]):
    query = DashboardQuerySerializer()
    total = AreaFiguresSerializer(help_text="The chosen area as a whole.")
    rows = AreaFiguresSerializer(many=True, help_text="The area's parts at the chosen level.")
    trend = DashboardTrendSerializer(
        help_text="The 24 months (or 52 weeks) up to the period's end."
    )
    heat = serializers.ListField(
        child=serializers.ListField(
            child=serializers.IntegerField(allow_null=True),
            min_length=HOURS,
            max_length=HOURS,
        ),
        min_length=WEEKDAYS,
        max_length=WEEKDAYS,
        allow_null=True,
        help_text="Counts by weekday (Monday first) and hour (0-23); a suppressed cell is "
        "null; null as a whole when the view has no time pattern.",
    )
    summary = serializers.CharField(
        help_text="The one-line summary the page shows, in the request's language."
    )
