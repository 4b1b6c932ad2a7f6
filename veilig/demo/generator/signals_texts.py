"""Dutch descriptions of the demo signals: short, as typed on a phone. Invented; no names.

``{straat}`` is the street of the nearest address, ``{n}`` a small number. Texts about a
known person never name them: the person is linked to the signal, not written in it.
"""

from __future__ import annotations

import numpy as np

TEXTS: dict[str, tuple[str, ...]] = {
    "overlast-jeugd": (
        "Groep van {n} jongeren bij de {straat}, harde muziek en scooters.",
        "Jongeren op het speelveld aan de {straat}, bewoners durven er niet langs.",
        "Weer een groep jeugd bij de {straat}, vuurwerk afgestoken.",
        "Scooters die over de stoep racen bij de {straat}.",
    ),
    "overlast-jeugd-hangen": (
        "Hangjongeren ({n}) bij het bankje aan de {straat}, veel afval achtergelaten.",
        "Elke avond een groep bij de portiek aan de {straat}.",
        "{n} jongeren in de bushalte bij de {straat}, lachgas gezien.",
    ),
    "overlast-jeugd-intimidatie": (
        "Voorbijgangers worden nageroepen door een groep jongeren bij de {straat}.",
        "Winkelpersoneel aan de {straat} voelt zich geïntimideerd door jongeren.",
    ),
    "drugsoverlast": (
        "Drugsoverlast rond de {straat}, spuiten gevonden in de bosjes.",
        "Veel aanloop bij een woning aan de {straat}, korte bezoekjes.",
    ),
    "drugsoverlast-handel": (
        "Vermoedelijke straathandel bij de {straat}, auto met draaiende motor.",
        "Overdracht van pakketjes gezien bij de {straat}, {n} personen.",
        "Bewoners melden dealers op de hoek van de {straat}.",
    ),
    "drugsoverlast-gebruik": (
        "Personen gebruiken drugs in het portiek aan de {straat}.",
        "Lachgascilinders op straat aan de {straat}.",
    ),
    "verward-gedrag": (
        "Persoon loopt verward over straat bij de {straat}, praat tegen zichzelf.",
        "Bewoner aan de {straat} maakt zich zorgen om een buurman die verward overkomt.",
        "Persoon roept en schreeuwt op de {straat}, lijkt in de war.",
        "Verwarde persoon bij de supermarkt aan de {straat}, personeel vraagt om hulp.",
    ),
    "woninginbraak": (
        "Inbraaksporen bij een woning aan de {straat}, bewoners niet thuis.",
        "Verdachte personen kijken bij woningen naar binnen aan de {straat}.",
        "Achterdeur opengebroken bij een woning aan de {straat}.",
        "Buurtapp meldt verdachte situatie aan de {straat}.",
    ),
    "vernieling": (
        "Bushokje aan de {straat} vernield.",
        "Graffiti op de gevel van de school aan de {straat}.",
        "Lantaarnpaal en bankje vernield aan de {straat}.",
        "Autoruiten ingeslagen aan de {straat}, {n} auto's.",
    ),
    "overlast-personen": (
        "Persoon valt voorbijgangers lastig bij de {straat}.",
        "Drinkende groep op het bankje aan de {straat}.",
        "Bedelaar bij de ingang van de winkel aan de {straat}.",
    ),
    "woonoverlast": (
        "Aanhoudende overlast vanuit een woning aan de {straat}.",
        "Buren aan de {straat} hebben ruzie, politie eerder ter plaatse geweest.",
    ),
    "woonoverlast-geluid": (
        "Harde muziek tot diep in de nacht bij een woning aan de {straat}.",
        "Geluidsoverlast van een feest aan de {straat}, al {n} weekenden op rij.",
    ),
    "woonoverlast-vervuiling": (
        "Afval en rommel in de tuin van een woning aan de {straat}, ongedierte.",
        "Stankoverlast uit een woning aan de {straat}.",
    ),
    "ondermijning": (
        "Hennepgeur bij een woning aan de {straat}.",
        "Veel wisselende bewoners op één adres aan de {straat}.",
        "Bedrijfspand aan de {straat}: 's nachts bedrijvigheid, overdag gesloten.",
    ),
    "radicalisering": (
        "Zorgen over uitspraken van een jongere op school nabij de {straat}.",
        "Partner meldt zorgen over een persoon die zich afsluit en extreme filmpjes deelt.",
    ),
    "overig": (
        "Losliggende stoeptegels en kapotte verlichting aan de {straat}, onveilig gevoel.",
        "Bewoners van de {straat} vragen om meer toezicht.",
        "Verdacht voertuig staat al dagen geparkeerd aan de {straat}.",
        "Zwerfafval en gedumpt huisraad aan de {straat}.",
    ),
}
REOPEN_NOTE = "Melder laat weten dat het probleem aanhoudt; opnieuw opgepakt."


def descriptions(
    *, rng: np.random.Generator, categories: list[str], streets: list[str]
) -> list[str]:
    """One description per signal from its category's texts and the nearby street."""
    picks = rng.random(len(categories))
    numbers = rng.integers(3, 9, len(categories))
    found = []
    for category, street, pick, n in zip(
        categories, streets, picks.tolist(), numbers.tolist(), strict=True
    ):
        options = TEXTS[category]
        found.append(options[int(pick * len(options))].format(straat=street, n=n))
    return found
