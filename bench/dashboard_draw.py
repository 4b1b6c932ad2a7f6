"""What the dashboard benchmark draws: twelve themes with the skew of the demo's yearly volumes,
six years of local days weighted by season, weekday and trend, hours by each theme's daily
rhythm, and each theme's own spatial weights over the buurten."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

START = dt.date(2020, 12, 1)  # six years of events, up to END (exclusive)
END = dt.date(2026, 12, 1)
POINTS_PER_BUURT = 400

DAY = [1, 1, 1, 1, 1, 2, 4, 7, 9, 10, 11, 12, 12, 12, 12, 12, 12, 11, 9, 7, 5, 3, 2, 1]
NIGHT = [9, 8, 7, 6, 4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 4, 5, 6, 7, 8, 9, 9]
EVENING = [6, 4, 3, 2, 1, 1, 1, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12, 12, 11, 8]


@dataclass(frozen=True)
class Theme:
    code: str
    category: str
    incident_code: str
    per_year: float  # relative volume (the demo's yearly volumes)
    hours: list[int]
    season_peak: int  # day of the year
    season_amplitude: float
    weekend: float  # extra weight on Friday-Sunday
    trend: float  # per year
    enforcement: float  # share registered by the second source (BOA)


# fmt: off
THEMES: tuple[Theme, ...] = (
    Theme("woninginbraak", "Inbraak woning", "VBS-INB", 1_900, NIGHT, 355, 0.3, 0.0, -0.06, 0),
    Theme("fietsdiefstal", "Diefstal van fiets", "A72", 7_000, DAY, 270, 0.2, 0.1, -0.02, 0),
    Theme("diefstal_uit_auto", "Uit auto", "VBS-DUA", 3_500, NIGHT, 330, 0.15, 0, 0, 0),
    Theme("winkeldiefstal", "Winkeldiefstal", "VBS-WKD", 2_500, DAY, 345, 0.15, 0.2, 0, 0),
    Theme("vernieling", "Vernieling", "VBS-VRN", 6_500, EVENING, 200, 0.1, 0.4, 0, 0.3),
    Theme("overlast_jeugd", "Overlast jeugd", "VBS-OJG", 11_000, EVENING, 180, 0.25, 0.3, 0, 0.35),
    Theme("verward_gedrag", "Verward gedrag", "E33", 2_600, DAY, 0, 0.0, 0.0, 0.06, 0),
    Theme("geweld", "Mishandeling", "VBS-GWL", 5_500, EVENING, 190, 0.1, 0.8, 0.0, 0),
    Theme("drugs", "Drugsoverlast", "VBS-DRG", 3_500, EVENING, 200, 0.1, 0.2, 0.0, 0.2),
    Theme("overlast_personen", "Overlast", "VBS-OVP", 6_400, DAY, 200, 0.05, 0.1, 0, 0.3),
    Theme("woonoverlast", "Woonoverlast", "VBS-WOV", 6_500, EVENING, 200, 0.1, 0.2, 0.03, 0.5),
    Theme("overlast_horeca", "Overlast horeca", "VBS-HOR", 2_500, NIGHT, 190, 0.2, 1.5, 0.0, 0.4),
)
# fmt: on
THEME_CODES = tuple(theme.code for theme in THEMES)
# Signals count for a theme through their category's event_themes (the first one).
SIGNAL_THEMES = ("woninginbraak", "vernieling", "overlast_jeugd", "drugs", "woonoverlast")
SOURCES = (
    ("bench-politie", "Politie (bench)", "bvh"),
    ("bench-handhaving", "BOA (bench)", "generic"),
)


def _day_weights(theme: Theme) -> np.ndarray:
    days = np.arange((END - START).days)
    dates = START + np.array([dt.timedelta(days=int(d)) for d in days])
    doy = np.array([d.timetuple().tm_yday for d in dates])
    weekday = np.array([d.weekday() for d in dates])
    weight = 1 + theme.season_amplitude * np.cos(2 * np.pi * (doy - theme.season_peak) / 365.25)
    weight *= 1 + theme.weekend * (weekday >= 4)
    weight *= np.maximum(0.2, 1 + theme.trend * days / 365.25)
    weights: np.ndarray = weight / weight.sum()
    return weights


def draw(rng: np.random.Generator, n: int, buurt_count: int) -> dict[str, np.ndarray]:
    """``n`` events as columns: theme, source (0/1), day (since START), second of the day,
    buurt and point (indexes)."""
    volumes = np.array([t.per_year for t in THEMES])
    theme = rng.choice(len(THEMES), n, p=volumes / volumes.sum()).astype(np.int16)
    day = np.empty(n, np.int32)
    second = np.empty(n, np.int32)
    buurt = np.empty(n, np.int16)
    source = np.zeros(n, np.int8)
    for i, spec in enumerate(THEMES):
        rows = np.flatnonzero(theme == i)
        k = len(rows)
        day[rows] = rng.choice(len(_DAY_P[i]), k, p=_DAY_P[i])
        hours = np.asarray(spec.hours, float)
        second[rows] = rng.choice(24, k, p=hours / hours.sum()) * 3600 + rng.integers(0, 3600, k)
        buurt[rows] = rng.choice(buurt_count, k, p=_buurt_p(i, buurt_count))
        source[rows] = rng.random(k) < spec.enforcement
    point = rng.integers(0, POINTS_PER_BUURT, n).astype(np.int32)
    return {
        "theme": theme,
        "source": source,
        "day": day,
        "second": second,
        "buurt": buurt,
        "point": point,
    }


_DAY_P = [_day_weights(theme) for theme in THEMES]
_BUURT_P: dict[tuple[int, int], np.ndarray] = {}


def _buurt_p(theme: int, buurt_count: int) -> np.ndarray:
    """Each theme its own spatial weights: a few buurten carry much of it."""
    key = (theme, buurt_count)
    if key not in _BUURT_P:
        weights = np.random.default_rng(1000 + theme).gamma(0.8, size=buurt_count)
        _BUURT_P[key] = weights / weights.sum()
    return _BUURT_P[key]
