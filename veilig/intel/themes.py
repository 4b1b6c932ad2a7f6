"""The safety themes of the dashboards: which records count for each, and what a rate is per.

A theme counts imported events by their theme code (set at import from the source's theme
map) and street signals by their category: a category counts when it, or a category above it,
names one of the theme's event themes (``Category.event_themes``, the same link early warning
uses). Restricted categories (radicalisation) never count: the engine does not read them.

High-impact crime (HIC) is the national aggregate of woninginbraak, straatroof, overval and
geweld; it is the sum of its member themes, so its members are counted once each.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veilig.signals.models import Category


class Per(StrEnum):
    INHABITANTS = "inhabitants"
    HOUSEHOLDS = "households"


@dataclass(frozen=True)
class DashboardTheme:
    code: str
    label: Promise
    event_themes: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # an aggregate: the codes of the themes it adds up
    per: Per = Per.INHABITANTS

    @property
    def is_aggregate(self) -> bool:
        return bool(self.members)


HIC_MEMBERS = ("woninginbraak", "straatroof", "overval", "geweld")

THEMES: tuple[DashboardTheme, ...] = (
    DashboardTheme(
        "woninginbraak", _("Residential burglary"), ("woninginbraak",), per=Per.HOUSEHOLDS
    ),
    DashboardTheme("verward_gedrag", _("Confused behaviour (E33)"), ("verward_gedrag", "e33")),
    DashboardTheme("overlast_jeugd", _("Youth nuisance"), ("overlast_jeugd",)),
    DashboardTheme("geweld", _("Violence"), ("geweld",)),
    DashboardTheme("drugs", _("Drugs"), ("drugs", "drugsoverlast")),
    DashboardTheme("huiselijk_geweld", _("Domestic violence"), ("huiselijk_geweld",)),
    DashboardTheme("vernieling", _("Vandalism"), ("vernieling",)),
    DashboardTheme("winkeldiefstal", _("Shoplifting"), ("winkeldiefstal",)),
    DashboardTheme("straatroof", _("Street robbery"), ("straatroof",)),
    DashboardTheme("overval", _("Robbery (overval)"), ("overval",)),
    DashboardTheme("hic", _("High-impact crime"), members=HIC_MEMBERS),
)
BY_CODE = {t.code: t for t in THEMES}


def theme_get(code: str) -> DashboardTheme | None:
    return BY_CODE.get(code)


def member_themes(theme: DashboardTheme) -> tuple[DashboardTheme, ...]:
    """The themes an aggregate adds up; a plain theme is its own single member."""
    return tuple(BY_CODE[m] for m in theme.members) if theme.is_aggregate else (theme,)


def signal_categories_for(event_themes: tuple[str, ...]) -> tuple[str, ...]:
    """Codes of the unrestricted categories whose signals count for these event themes."""
    fields = ("pk", "parent_id", "code", "event_themes", "restricted")
    rows = {r[0]: (r[1], r[2], r[3] or [], r[4]) for r in Category.objects.values_list(*fields)}
    wanted = set(event_themes)
    found = []
    for pk, (_parent, code, _themes, restricted) in rows.items():
        node: int | None = pk
        hit = False
        while node is not None and not hit:
            parent, _c, themes, _r = rows[node]
            hit = bool(wanted & {str(t) for t in themes})
            node = parent
        if hit and not restricted:
            found.append(code)
    return tuple(sorted(found))


def raw_themes(theme: DashboardTheme) -> tuple[str, ...]:
    """The engine's theme codes of every record that counts for ``theme``."""
    codes: list[str] = []
    for member in member_themes(theme):
        codes.extend(member.event_themes)
        codes.extend(f"signal:{c}" for c in signal_categories_for(member.event_themes))
    return tuple(dict.fromkeys(codes))
