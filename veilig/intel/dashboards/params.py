"""What a dashboard shows, read from the URL so that a view can be shared.

``?level=wijk&area=SD001401&period=month&at=2024-07&source=all&trend=month``. Anything the
form refuses is said in plain Dutch above the form and the dashboard shows the defaults;
nothing is guessed silently.

Roles whose figures are suppressed (policy officers) choose from a fixed lattice only: months,
quarters and years (no weeks, no custom ranges) and all sources together. Arbitrary ranges
would let anyone subtract two overlapping requests and recover a suppressed cell; the lattice
is what the disclosure control protects (docs/disclosure.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from veilig.geo.models import AreaLevel
from veilig.intel.aggregates import EVENTS, SIGNALS
from veilig.intel.aggregates.areas import LEVELS, AreaTree
from veilig.intel.aggregates.calendar import Bucket
from veilig.intel.dashboards.periods import (
    Period,
    PeriodKind,
    custom_period,
    period_containing,
    period_of,
)
from veilig.intel.themes import DashboardTheme
from veilig.ui.dates import parse_date
from veilig.ui.forms import UiForm

SOURCES = {
    "all": frozenset({EVENTS, SIGNALS}),
    "events": frozenset({EVENTS}),
    "signals": frozenset({SIGNALS}),
}
DEPTH = {level.value: depth for depth, level in enumerate(LEVELS)}
MAX_CUSTOM_DAYS = 3 * 366
LEVEL_LABELS = {
    AreaLevel.GEMEENTE.value: _("municipality"),
    AreaLevel.STADSDEEL.value: _("district"),
    AreaLevel.WIJK.value: _("neighbourhood"),
    AreaLevel.BUURT.value: _("quarter"),
}


@dataclass(frozen=True)
class DashboardQuery:
    theme: DashboardTheme
    level: str
    area: str  # the area whose parts are shown
    period: Period
    sources: str  # a key of SOURCES
    trend: Bucket  # WEEK or MONTH
    suppressed: bool

    @property
    def kinds(self) -> frozenset[str]:
        return SOURCES[self.sources]

    def url_params(self) -> dict[str, str]:
        params = {"level": self.level, "area": self.area, "period": self.period.kind.value}
        if self.period.kind is PeriodKind.CUSTOM:
            params["start"] = self.period.start.isoformat()
            params["end"] = self.period.last_day.isoformat()
        else:
            params["at"] = self.period.value()
        if not self.suppressed:
            params["source"] = self.sources
            params["trend"] = self.trend.value
        return params


class DashboardForm(UiForm):
    marks_optional = False  # a filter

    level = forms.ChoiceField(label=_("Show per"), required=False)
    area = forms.ChoiceField(label=_("Within"), required=False)
    period = forms.ChoiceField(label=_("Period"), required=False)
    at = forms.CharField(
        label=_("Which period"),
        required=False,
        max_length=10,
        help_text=_(
            "For example 2024-07 (month), 2024-Q3 (quarter), 2024 (year) or 2024-W27 (week)."
        ),
    )
    start = forms.CharField(label=_("First day (custom period)"), required=False, max_length=20)
    end = forms.CharField(label=_("Last day (custom period)"), required=False, max_length=20)
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[
            ("all", _("Incidents and street signals")),
            ("events", _("Imported incidents only")),
            ("signals", _("Street signals only")),
        ],
    )
    trend = forms.ChoiceField(
        label=_("Trend per"), required=False, choices=[("month", _("month")), ("week", _("week"))]
    )

    def __init__(
        self, *args: Any, tree: AreaTree, suppressed: bool, default_day: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tree, self.suppressed, self.default_day = tree, suppressed, default_day
        self._choices("level", [(lv.value, LEVEL_LABELS[lv.value]) for lv in LEVELS[1:]])
        areas = [
            (code, self.tree.nodes[code].name)
            for lv in LEVELS[:3]
            for code in self.tree.by_level.get(lv.value, [])
        ]
        self._choices("area", areas)
        kinds = [
            (PeriodKind.MONTH.value, _("month")),
            (PeriodKind.QUARTER.value, _("quarter")),
            (PeriodKind.YEAR.value, _("year")),
        ]
        if not suppressed:
            kinds = [
                (PeriodKind.WEEK.value, _("week")),
                *kinds,
                (PeriodKind.CUSTOM.value, _("custom")),
            ]
        self._choices("period", kinds)
        if suppressed:
            del (
                self.fields["source"],
                self.fields["trend"],
                self.fields["start"],
                self.fields["end"],
            )
            self.fields["at"].help_text = _(
                "For example 2024-07 (month), 2024-Q3 (quarter) or 2024 (year)."
            )

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        area, level = (
            data.get("area") or self._city(),
            data.get("level") or AreaLevel.STADSDEEL.value,
        )
        if area and area in self.tree.nodes and DEPTH[self.tree.nodes[area].level] >= DEPTH[level]:
            self.add_error(
                "level",
                ValidationError(
                    _(
                        "Choose a level below the chosen area, "
                        "for example quarters within a neighbourhood."
                    ),
                    code="level",
                ),
            )
        kind = PeriodKind(data.get("period") or PeriodKind.MONTH.value)
        if kind is PeriodKind.CUSTOM:
            data["resolved_period"] = self._custom(data)
        elif data.get("at"):
            found = period_of(kind, data["at"])
            if found is None:
                self.add_error(
                    "at",
                    ValidationError(
                        _("This period does not exist. Write it like the example."), code="period"
                    ),
                )
            data["resolved_period"] = found
        return data

    def _custom(self, data: dict[str, Any]) -> Period | None:
        days: list[date] = []
        for name in ("start", "end"):
            try:
                days.append(parse_date(data.get(name) or ""))
            except ValidationError as error:
                self.add_error(name, error)
        if len(days) < 2:
            return None
        if days[1] < days[0]:
            self.add_error(
                "end", ValidationError(_("The last day lies before the first day."), code="order")
            )
            return None
        if (days[1] - days[0]).days >= MAX_CUSTOM_DAYS:
            self.add_error(
                "end",
                ValidationError(_("A custom period is at most three years long."), code="long"),
            )
            return None
        return custom_period(days[0], days[1])

    def _city(self) -> str:
        cities = self.tree.by_level.get(AreaLevel.GEMEENTE.value, [])
        return cities[0] if cities else ""

    def query(self, theme: DashboardTheme) -> DashboardQuery:
        """The view asked for, or the defaults where the form found an error."""
        valid = self.is_bound and self.is_valid()
        data: dict[str, Any] = self.cleaned_data if valid else {}
        default = period_containing(
            PeriodKind.MONTH, self.default_day.replace(day=1) - timedelta(days=1)
        )
        kind = data.get("period") or PeriodKind.MONTH.value
        period = data.get("resolved_period") or (
            period_containing(PeriodKind(kind), default.start) if valid else default
        )
        return DashboardQuery(
            theme=theme,
            level=data.get("level") or AreaLevel.STADSDEEL.value,
            area=data.get("area") or self._city(),
            period=period,
            sources="all" if self.suppressed else (data.get("source") or "all"),
            trend=Bucket.WEEK
            if not self.suppressed and data.get("trend") == "week"
            else Bucket.MONTH,
            suppressed=self.suppressed,
        )
