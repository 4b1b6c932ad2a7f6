"""Plausible Dutch names for wijken, buurten and streets, composed from fixed word lists.

The lists are tuples (ordered), so a seeded shuffle always gives the same names.
"""

from __future__ import annotations

import numpy as np

COMPASS_NAMES: tuple[str, ...] = (
    "Noord", "Noordoost", "Oost", "Zuidoost", "Zuid", "Zuidwest", "West", "Noordwest",
)  # fmt: skip

# Names of wijken near the centre of a Dutch city.
CENTRAL_WIJK_NAMES: tuple[str, ...] = (
    "Binnenstad", "Stationskwartier", "Havenkwartier", "Oude Stad", "Vestingwijk",
    "Spoorzone", "Marktkwartier",
)  # fmt: skip

_WIJK_STEMS: tuple[str, ...] = (
    "Vogel", "Bloemen", "Bomen", "Schilders", "Componisten", "Rivieren", "Sterren", "Dichters",
    "Vruchten", "Kruiden", "Molen", "Polder", "Landjonker", "Zeehelden", "Verzets", "Eilanden",
    "Bergen", "Provincie", "Planeten", "Edelstenen",
)  # fmt: skip
_WIJK_SUFFIXES: tuple[str, ...] = ("wijk", "buurt", "kwartier")
_WIJK_PLACES: tuple[str, ...] = (
    "De Hoven", "Hoogland", "Kolkveld", "Weidevenne", "Zandhorst", "Meerhoven", "Waterrijk",
    "Kreekrug", "Lindenhof", "Beekpark", "Oosterwold", "Westerpolder", "Het Hogeveld",
    "De Vaart", "Boswijk", "Kampereiland", "Parkwijk", "De Akkers",
)  # fmt: skip

_BUURT_STEMS: tuple[str, ...] = (
    "Eiken", "Linden", "Wilgen", "Berken", "Beuken", "Essen", "Populieren", "Kastanje",
    "Merel", "Lijster", "Zwaluw", "Reiger", "Meeuw", "Kievit", "Roodborst", "Fazant",
    "Tulp", "Roos", "Narcis", "Krokus", "Iris", "Lelie", "Dahlia", "Klaver",
    "Kerk", "Markt", "Haven", "Sluis", "Dijk", "Kade", "Brink", "Akker", "Weide", "Beek",
    "Hei", "Zand", "Klei", "Burcht", "Poort", "Toren", "Schans", "Werf", "Molen", "Gaarde",
    "Hazelaar", "Vlier", "Hulst", "Jasmijn", "Vlinder", "Zwanen", "Specht", "Uilen", "Kwartel",
    "Wielewaal", "Hoeve", "Kasteel", "Abdij", "Wind", "Zon", "Maan", "Ster", "Kreek", "Veen",
    "Horst",
)  # fmt: skip
_BUURT_SUFFIXES: tuple[str, ...] = (
    "buurt", "kwartier", "hof", "park", "veld", "erf", "rijk", "kamp", "hoek",
)  # fmt: skip
_BUURT_ARTICLE_CHANCE = 0.3
_NOUN_ARTICLE = {"hof": "Het ", "park": "Het ", "veld": "Het ", "erf": "Het ", "rijk": "Het "}

_STREET_STEMS: tuple[str, ...] = (
    "Eiken", "Linden", "Wilgen", "Berken", "Beuken", "Essen", "Iepen", "Kastanje", "Hazelaar",
    "Merel", "Lijster", "Zwaluw", "Reiger", "Spreeuw", "Kievit", "Meeuwen", "Fazanten",
    "Tulpen", "Rozen", "Narcissen", "Krokus", "Irissen", "Lelie", "Klaver", "Madelief",
    "Kerk", "Molen", "Haven", "Sluis", "Dijk", "Brink", "Akker", "Weide", "Beek", "Bos",
    "Smeden", "Bakkers", "Kuipers", "Wevers", "Touwslagers", "Vissers", "Schippers",
    "Rembrandt", "Vermeer", "Mondriaan", "Escher", "Sweelinck", "Mahler", "Vondel", "Hooft",
    "Bredero", "Multatuli", "Gorter", "Kloos", "Wolkers", "Rijn", "Maas", "Waal", "IJssel",
    "Vecht", "Eem", "Lek", "Dinkel", "Regge", "Berkel", "Amstel", "Schie", "Zaan", "Linge",
)  # fmt: skip
_STREET_SUFFIXES: tuple[str, ...] = (
    "straat", "laan", "weg", "hof", "plein", "singel", "pad", "kade", "dreef", "gracht",
)  # fmt: skip
CLASSIC_CENTRE_STREETS: tuple[str, ...] = (
    "Markt", "Kerkstraat", "Hoogstraat", "Langstraat", "Nieuwstraat", "Stationsplein",
    "Stationsweg", "Havenkade", "Oude Gracht", "Vismarkt", "Korte Steeg", "Lange Steeg",
    "Kerkplein", "Raadhuisstraat", "Molenstraat", "Torenstraat", "Poortstraat", "Walstraat",
)  # fmt: skip


def wijk_name_pool(*, rng: np.random.Generator) -> list[str]:
    """Shuffled, unique names for the non-central wijken."""
    composed = [
        stem + _WIJK_SUFFIXES[int(rng.integers(len(_WIJK_SUFFIXES)))] for stem in _WIJK_STEMS
    ]
    pool = list(_WIJK_PLACES) + composed
    return [pool[i] for i in rng.permutation(len(pool))]


def buurt_name_pool(*, rng: np.random.Generator) -> list[str]:
    """Shuffled, unique buurt names; one stem is used at most twice."""
    names: list[str] = []
    for stem_index in rng.permutation(len(_BUURT_STEMS)):
        stem = _BUURT_STEMS[int(stem_index)]
        for suffix_index in rng.permutation(len(_BUURT_SUFFIXES))[:2]:
            suffix = _BUURT_SUFFIXES[int(suffix_index)]
            with_article = rng.random() < _BUURT_ARTICLE_CHANCE
            article = _NOUN_ARTICLE.get(suffix, "De ") if with_article else ""
            names.append(f"{article}{stem}{suffix}")
    return [names[i] for i in rng.permutation(len(names))]


def composed_street_names() -> list[str]:
    """Every street name made of a stem and a suffix, in a fixed order."""
    return [stem + suffix for stem in _STREET_STEMS for suffix in _STREET_SUFFIXES]
