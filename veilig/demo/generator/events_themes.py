"""The themes of Voorbeeldstad's synthetic incident records: volumes, rhythms, places, process.

Volumes are per year for the full city (100,000 addresses) and scale with the number of
addresses. About 64,000 records a year: police registrations plus the municipal enforcement
officers' (BOA) registrations. Only E33 (verward/overspannen persoon) and A72 (fietsdiefstal)
are real police incident codes; the other codes are made up for the demo (``VBS-…``).
"""

from __future__ import annotations

from dataclasses import dataclass

from veilig.demo.generator import events_time as t

POLICE, ENFORCEMENT = 0, 1
SOURCES: tuple[tuple[str, str, str, str], ...] = (
    # (code, name, format, external id prefix)
    ("vbs-politie-synthetisch", "Politie (synthetisch)", "bvh", "P"),
    ("vbs-handhaving-synthetisch", "Handhaving (synthetisch)", "generic", "H"),
)


@dataclass(frozen=True)
class Trigger:
    """Self-excitation: each event begets Poisson(``theta``) more, ``mean_days`` later on
    average, about ``distance_m`` away (0: at the same address)."""

    theta: float
    mean_days: float
    distance_m: float
    max_m: float = 200.0
    snap: bool = True  # offspring happen at (the nearest) address
    same_address: float = 0.0  # share of offspring at the parent's own address


@dataclass(frozen=True)
class ThemeSpec:
    code: str
    categories: tuple[tuple[str, str, float], ...]  # (category, incident code, weight)
    per_year: float  # expected records a year at full size, offspring included
    enforcement_share: float  # share registered by the BOAs rather than the police
    rhythm: t.Rhythm
    # Where: shares of the modes "address", "street" and "hotspot" (the rest of 1 is street).
    at_address: float = 0.0
    hotspot: str = ""
    hotspot_share: float = 0.0
    street_spread_m: float = 25.0
    # Address risk (see events_space.address_weights) and extra concentration on few addresses.
    deprivation: float = 0.0
    centre: float = 0.0
    houses: float = 1.0
    trigger: Trigger | None = None
    window_hours: float = 0.0  # median length of the begin-end window (0: no end time)
    report_minutes: float = 15.0  # median delay from the end (or begin) to the report


# fmt: off
THEMES: tuple[ThemeSpec, ...] = (
    ThemeSpec(
        code="woninginbraak",
        categories=(("Diefstal/inbraak woning", "VBS-INB", 1.0),),
        per_year=1_900,
        enforcement_share=0.0,
        rhythm=t.Rhythm(t.BURGLARY_HOURS, season_peak_day=355, season_amplitude=0.3,
                        dark_boost=0.8, trend_per_year=-0.06),
        at_address=1.0,
        deprivation=0.25,
        centre=0.05,
        houses=2.0,
        trigger=Trigger(theta=0.32, mean_days=4.0, distance_m=70.0, same_address=0.08),
        window_hours=5.0,
        report_minutes=40.0,
    ),
    ThemeSpec(
        code="fietsdiefstal",
        categories=(("Diefstal van fiets", "A72", 1.0),),
        per_year=7_000,
        enforcement_share=0.0,
        rhythm=t.Rhythm(t.DAY_HOURS, weekdays=t.SHOP_WEEK, season_peak_day=270,
                        season_amplitude=0.2, trend_per_year=-0.02),
        hotspot="winkels", hotspot_share=0.35, centre=0.35, deprivation=0.2,
        window_hours=6.0, report_minutes=180.0,
    ),
    ThemeSpec(
        code="diefstal_uit_auto",
        categories=(("Diefstal uit/vanaf motorvoertuig", "VBS-DUA", 1.0),),
        per_year=3_500,
        enforcement_share=0.0,
        rhythm=t.Rhythm(t.NIGHT_HOURS, season_peak_day=330, season_amplitude=0.15,
                        dark_boost=0.6),
        deprivation=0.3, street_spread_m=20.0,
        trigger=Trigger(theta=0.2, mean_days=2.0, distance_m=120.0, max_m=300.0, snap=False),
        window_hours=9.0, report_minutes=120.0,
    ),
    ThemeSpec(
        code="winkeldiefstal",
        categories=(("Winkeldiefstal", "VBS-WKD", 1.0),),
        per_year=2_500,
        enforcement_share=0.0,
        rhythm=t.Rhythm(t.DAY_HOURS, weekdays=t.SHOP_WEEK, season_peak_day=345,
                        season_amplitude=0.15),
        hotspot="winkels", hotspot_share=1.0,
    ),
    ThemeSpec(
        code="vernieling",
        categories=(("Vernieling/zaakbeschadiging", "VBS-VRN", 0.6), ("Graffiti", "VBS-GRF", 0.2),
                    ("Vernieling aan auto", "VBS-VRA", 0.2)),
        per_year=6_500,
        enforcement_share=0.3,
        rhythm=t.Rhythm(t.STREET_HOURS, weekdays=t.WEEKEND, season_peak_day=200,
                        season_amplitude=0.1, new_year_boost=25.0),
        hotspot="hangplek", hotspot_share=0.2, deprivation=0.5,
        window_hours=8.0, report_minutes=240.0,
    ),
    ThemeSpec(
        code="overlast_jeugd",
        categories=(("Overlast jeugd", "VBS-OJG", 0.6), ("Hinderlijk hangen", "VBS-OJH", 0.3),
                    ("Intimidatie door jongeren", "VBS-OJI", 0.1)),
        per_year=11_000,
        enforcement_share=0.35,
        rhythm=t.Rhythm(t.EVENING_HOURS, weekdays=t.WEEKEND, season_peak_day=196,
                        season_amplitude=0.4, new_year_boost=15.0),
        hotspot="hangplek", hotspot_share=0.55, deprivation=0.4, centre=0.1,
        trigger=Trigger(theta=0.35, mean_days=3.0, distance_m=60.0, snap=False),
    ),
    ThemeSpec(
        code="verward_gedrag",  # records without a known person; the rest: events_persons
        categories=(("Overlast verward/overspannen persoon", "E33", 1.0),),
        per_year=6_500 * 0.4,
        enforcement_share=0.0,
        rhythm=t.Rhythm(t.CONFUSED_HOURS, trend_per_year=0.06),
        hotspot="uitgaan", hotspot_share=0.25, deprivation=0.5, centre=0.3,
    ),
    ThemeSpec(
        code="geweld",
        # Huiselijk geweld and straatroof are themes of their own (below): the dashboards
        # count them apart, and HIC adds them up without counting a record twice.
        categories=(("Mishandeling", "VBS-MIS", 0.55), ("Bedreiging", "VBS-BDR", 0.33),
                    ("Openlijk geweld", "VBS-OGW", 0.12)),
        per_year=3_800,
        enforcement_share=0.0,
        rhythm=t.Rhythm(t.NIGHT_HOURS, weekdays=t.NIGHTLIFE_WEEK, season_peak_day=180,
                        season_amplitude=0.12, new_year_boost=8.0),
        at_address=0.08, hotspot="uitgaan", hotspot_share=0.45, deprivation=0.5, centre=0.2,
        trigger=Trigger(theta=0.1, mean_days=1.0, distance_m=100.0, snap=False),
    ),
    ThemeSpec(
        code="drugs",
        categories=(("Drugshandel", "VBS-DRH", 0.35), ("Drugsoverlast", "VBS-DRO", 0.45),
                    ("Drugsbezit", "VBS-DRB", 0.2)),
        per_year=3_500,
        enforcement_share=0.3,
        rhythm=t.Rhythm(t.EVENING_HOURS, weekdays=t.WEEKEND, season_peak_day=200,
                        season_amplitude=0.15),
        hotspot="dealen", hotspot_share=0.6, deprivation=0.8,
        trigger=Trigger(theta=0.3, mean_days=2.5, distance_m=40.0, snap=False),
    ),
    ThemeSpec(
        code="overlast_personen",  # without a known person; persons: events_persons
        categories=(("Overlast door personen", "VBS-OPS", 0.5), ("Alcoholoverlast", "VBS-OAL", 0.3),
                    ("Bedelen", "VBS-BDL", 0.2)),
        per_year=6_400,
        enforcement_share=0.45,
        rhythm=t.Rhythm(t.STREET_HOURS, weekdays=t.WEEKEND, season_peak_day=190,
                        season_amplitude=0.15),
        hotspot="winkels", hotspot_share=0.35, deprivation=0.5, centre=0.4,
    ),
    ThemeSpec(
        code="woonoverlast",
        categories=(("Burenruzie", "VBS-BRZ", 0.4), ("Geluidsoverlast woning", "VBS-GLW", 0.45),
                    ("Vervuiling bij woning", "VBS-VVW", 0.15)),
        per_year=6_500,
        enforcement_share=0.3,
        rhythm=t.Rhythm(t.EVENING_HOURS, weekdays=t.WEEKEND, season_peak_day=20,
                        season_amplitude=0.1, trend_per_year=0.03),
        at_address=1.0, deprivation=0.6, houses=0.6,
        trigger=Trigger(theta=0.3, mean_days=10.0, distance_m=0.0, same_address=1.0),
        report_minutes=30.0,
    ),
    ThemeSpec(
        code="overlast_horeca",
        categories=(("Overlast horeca", "VBS-OHC", 0.6),
                    ("Geluidsoverlast horeca", "VBS-GHC", 0.4)),
        per_year=2_500,
        enforcement_share=0.5,
        rhythm=t.Rhythm(t.NIGHT_HOURS, weekdays=t.NIGHTLIFE_WEEK, season_peak_day=190,
                        season_amplitude=0.2),
        hotspot="uitgaan", hotspot_share=0.9, centre=1.0,
    ),
    # The last three complete the high-impact crimes (HIC: woninginbraak, geweld, straatroof,
    # overval). Added last (generator version 8), after the themes of the earlier versions.
    ThemeSpec(
        code="huiselijk_geweld",  # police only; behind the front door, evenings and weekends
        categories=(("Huiselijk geweld", "VBS-HG", 0.8),
                    ("Bedreiging in huiselijke kring", "VBS-HGB", 0.2)),
        per_year=900,
        enforcement_share=0.0,
        rhythm=t.Rhythm(t.EVENING_HOURS, weekdays=t.WEEKEND, season_peak_day=359,
                        season_amplitude=0.1, new_year_boost=3.0),
        at_address=1.0, deprivation=0.5, houses=0.8,
        # Repeat victimisation: the same household comes back within weeks.
        trigger=Trigger(theta=0.25, mean_days=30.0, distance_m=0.0, same_address=1.0),
        report_minutes=20.0,
    ),
    ThemeSpec(
        code="straatroof",
        categories=(("Straatroof", "VBS-STR", 1.0),),
        per_year=350,
        enforcement_share=0.0,
        rhythm=t.Rhythm(t.EVENING_HOURS, weekdays=t.WEEKEND, season_peak_day=340,
                        season_amplitude=0.2, dark_boost=0.6),
        hotspot="uitgaan", hotspot_share=0.3, centre=0.6, deprivation=0.3, street_spread_m=40.0,
        trigger=Trigger(theta=0.1, mean_days=3.0, distance_m=250.0, max_m=500.0, snap=False),
        report_minutes=30.0,
    ),
    ThemeSpec(
        code="overval",  # shops and businesses near closing time; a few at home (woningoverval)
        categories=(("Overval op winkel of bedrijf", "VBS-OVW", 1.0),),
        per_year=60,
        enforcement_share=0.0,
        rhythm=t.Rhythm(t.CLOSING_HOURS, weekdays=t.SHOP_WEEK, season_peak_day=350,
                        season_amplitude=0.3, dark_boost=0.5),
        at_address=0.15, hotspot="winkels", hotspot_share=0.6, centre=0.5, deprivation=0.2,
        report_minutes=5.0,
    ),
)
# fmt: on

THEME_CODES: tuple[str, ...] = (*(spec.code for spec in THEMES),)
