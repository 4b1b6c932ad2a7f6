"""The mixed set of dashboard queries of the benchmark (bench/dashboard_cases.py answers them)."""

from __future__ import annotations

from dashboard_cases import HIC, TOP, Spec


def specs(
    *, wijken: list[str], stadsdelen: list[str], buurten: list[str], gemeente: str
) -> list[Spec]:
    """The mixed set: 68 queries in eight kinds."""
    out: list[Spec] = []
    for theme in ("woninginbraak", "fietsdiefstal", "overlast_jeugd"):
        for level in ("buurt", "wijk", "stadsdeel", "gemeente"):
            for period in ("28 days", "year"):
                out.append(Spec("total", f"{theme} per {level}, {period}", (theme,), period, level))
    for theme in ("woninginbraak", "overlast_jeugd"):
        for level in ("buurt", "wijk"):
            out.append(
                Spec(
                    "months",
                    f"{theme} per {level} per month, year",
                    (theme,),
                    "year",
                    level,
                    "month",
                )
            )
    for theme in ("vernieling", "overlast_jeugd"):
        out.append(
            Spec(
                "source filter",
                f"{theme} per wijk per month, year, BOA records only",
                (theme,),
                "year",
                "wijk",
                "month",
                ("events",),
                event_sources=("bench-handhaving",),
            )
        )
    for theme in ("woninginbraak", "vernieling"):
        for sources in (("events",), ("signals",)):
            out.append(
                Spec(
                    "source filter",
                    f"{theme} per wijk per month, year, {sources[0]}",
                    (theme,),
                    "year",
                    "wijk",
                    "month",
                    sources,
                )
            )
    for wijk in wijken[:3]:
        out.append(
            Spec(
                "area filter",
                f"overlast_jeugd buurten of {wijk} per week, quarter",
                ("overlast_jeugd",),
                "quarter",
                "buurt",
                "week",
                within=("wijk", wijk),
            )
        )
    for stadsdeel in stadsdelen[:2]:
        out.append(
            Spec(
                "area filter",
                f"fietsdiefstal wijken of {stadsdeel}, year",
                ("fietsdiefstal",),
                "year",
                "wijk",
                within=("stadsdeel", stadsdeel),
            )
        )
    for level in ("buurt", "wijk", "stadsdeel", "gemeente"):
        out.append(Spec("HIC", f"HIC per {level}, year", HIC, "year", level))
    out.append(
        Spec(
            "HIC",
            "HIC per month, all years, baseline",
            HIC,
            "all years",
            "gemeente",
            "month",
            show="trend",
        )
    )
    for theme in ("woninginbraak", "overlast_jeugd", "geweld"):
        for code in (gemeente, stadsdelen[0], wijken[0]):
            out.append(
                Spec(
                    "heat map",
                    f"{theme} heat map {code}, year",
                    (theme,),
                    "year",
                    heat_area=code,
                    show="heatmap",
                )
            )
    out.append(
        Spec(
            "heat map",
            f"HIC heat map {buurten[0]}, all years",
            HIC,
            "all years",
            heat_area=buurten[0],
            show="heatmap",
        )
    )
    for theme in ("woninginbraak", "fietsdiefstal", "overlast_jeugd"):
        for bucket in ("month", "week"):
            out.append(
                Spec(
                    "trend",
                    f"{theme} per {bucket}, all years, baseline",
                    (theme,),
                    "all years",
                    "gemeente",
                    bucket,
                    show="trend",
                )
            )
    for theme in ("woninginbraak", "geweld"):
        out.append(
            Spec(
                "trend",
                f"{theme} per stadsdeel per month, all years, baseline",
                (theme,),
                "all years",
                "stadsdeel",
                "month",
                show="trend",
            )
        )
    for theme in ("woninginbraak", "fietsdiefstal", "overlast_jeugd"):
        for level in ("buurt", "wijk"):
            out.append(
                Spec(
                    "top areas",
                    f"{theme} top {TOP} {level}en, quarter vs a year ago",
                    (theme,),
                    "quarter",
                    level,
                    show="top",
                )
            )
    return out
