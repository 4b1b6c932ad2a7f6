"""Dutch text fragments for the synthetic consultations: triage reasons, minutes, decisions.

Everything is invented and generic: no names, no real incident, no real organisation. A text
refers to "betrokkene" and to partners by their role only. Tuples (ordered), so a seeded choice
always gives the same text.
"""

from __future__ import annotations

# Why triage accepts a case at a table (the other routes reuse the casework's step reasons).
ACCEPT_REASONS: tuple[str, ...] = (
    "Voldoet aan de criteria: problemen op meerdere leefgebieden en meerdere partners "
    "betrokken. Regie vanuit het Veiligheidshuis is nodig.",
    "Zorg en straf lopen langs elkaar heen; gezamenlijke aanpak aan tafel afgesproken.",
    "Escalerende situatie met risico voor de omgeving; bespreking aan tafel gewenst.",
    "Eerdere bilaterale afspraken werken onvoldoende; de tafel neemt de regie.",
)
# The weegploeg: why more information is needed first.
MORE_INFORMATION_REASONS: tuple[str, ...] = (
    "Weging nog niet mogelijk: de politie haalt aanvullende informatie op bij de wijkagent.",
    "Eerst navraag bij school en netwerk; volgende week opnieuw in de weegploeg.",
)
ZVH_TABLE_REASONS: tuple[str, ...] = (
    "Zorgen over radicalisering bevestigd; aanpak via het casusoverleg radicalisering.",
    "Signalen uit meerdere bronnen wijzen dezelfde kant op; persoonsgerichte aanpak aan tafel.",
)
CRIMINAL_LAW_REASONS: tuple[str, ...] = (
    "Strafrechtelijke aanpak door politie en OM; geen bespreking aan tafel.",
)
NO_ACTION_REASONS: tuple[str, ...] = (
    "Na weging geen aanwijzingen voor radicalisering; geen verdere actie.",
    "Signalen blijken een misverstand; het netwerk is geïnformeerd.",
)

POSTPONED_REASONS: tuple[str, ...] = (
    "Informeren zou het lopende politieonderzoek schaden; opnieuw bekijken na de zitting.",
    "Veiligheid van de melder staat op het spel; eerst beschermende maatregelen.",
    "Betrokkene is opgenomen en nu niet aanspreekbaar; informeren na ontslag.",
)

PLACES: tuple[str, ...] = (
    "Veiligheidshuis Voorbeeldstad, overlegruimte 1",
    "Veiligheidshuis Voorbeeldstad, overlegruimte 2",
    "Veiligheidshuis Voorbeeldstad, grote zaal",
)
# A video link of the demo: a reserved domain, no real meeting service.
VIDEO_LINK = "https://vergaderen.voorbeeldstad.example/{table}/{day:%Y%m%d}"

# Minutes in the BOB form, per reason the case is on the agenda.
BEELD_NEW: tuple[str, ...] = (
    "Nieuwe casus. De aanmelder licht de zorgen toe; partners vullen aan vanuit hun "
    "eigen informatie. Meerdere leefgebieden zijn geraakt.",
    "Eerste bespreking. Het beeld is dat de situatie de laatste maanden is verslechterd; "
    "niet alle partners kennen betrokkene.",
)
BEELD_FOLLOW_UP: tuple[str, ...] = (
    "Voortgang besproken. Een deel van de afspraken is uitgevoerd; de situatie is wisselend.",
    "Sinds de vorige bespreking {n} nieuwe politiecontacten; hulpverlening loopt moeizaam.",
    "Betrokkene werkt beter mee; dagbesteding is gestart, schulden nog niet geregeld.",
    "Afspraken zijn niet nagekomen door drukte bij een partner; de zorgen blijven.",
)
OORDEEL: tuple[str, ...] = (
    "Het risico op escalatie blijft hoog; gezamenlijke aanpak is nodig.",
    "Het plan werkt; de tafel houdt vinger aan de pols.",
    "Zorg moet voorop staan; drang en dwang alleen als stok achter de deur.",
    "Onvoldoende zicht op de thuissituatie; eerst informatie aanvullen.",
    "Er is vooruitgang; afschaling komt in zicht.",
)
BESLUIT: tuple[str, ...] = (
    "Aanpak voortzetten; terug op de agenda over vier weken.",
    "Plan van aanpak bijstellen en acties verdelen.",
    "Procesregie blijft bij het Veiligheidshuis; partners leveren inbreng aan.",
    "Afschaling voorbereiden als de afspraken zijn nagekomen.",
)
DECISIONS: tuple[str, ...] = (
    "De casus blijft aan tafel; volgende bespreking over vier weken.",
    "Het plan van aanpak wordt op de besproken punten aangepast.",
    "Eén partner neemt de lead in het contact met betrokkene.",
    "Opschalen naar een huisbezoek met twee partners.",
    "Afschaling wordt voorbereid; monitoring door de wijkpartner.",
    "Er komt een gezamenlijk gesprek met betrokkene en het netwerk.",
)
# Actions agreed at a meeting, per owner organisation.
MEETING_ACTIONS: dict[str, tuple[str, ...]] = {
    "vbs-gemeente": (
        "Terugkoppeling aan de aanmelder over de afspraken",
        "Gezamenlijk huisbezoek plannen",
        "Schuldhulpverlening inschakelen",
    ),
    "vbs-politie": (
        "Wijkagent legt contact met betrokkene",
        "Politie-informatie van de laatste periode aanleveren",
    ),
    "vbs-om": ("Stand van de strafzaken aanleveren",
               "Mogelijkheden voor bijzondere voorwaarden nagaan"),
    "vbs-reclassering": ("Toezichtsafspraken afstemmen met de tafel",
                         "Advies over het risico aanleveren"),
    "vbs-ggz": ("Bemoeizorg: contact leggen met betrokkene", "Behandelmogelijkheden verkennen"),
    "vbs-veilig-thuis": ("Veiligheidsplan met het gezin bespreken", "Risicotaxatie actualiseren"),
    "vbs-rvdk": ("Beschermingsonderzoek afstemmen", "Stand van het onderzoek terugkoppelen"),
    "vbs-woonstede": ("Gesprek over de huurovereenkomst plannen", "Gedragsaanwijzing voorbereiden"),
    "vbs-stadswonen": ("Gesprek over de huurovereenkomst plannen", "Buurtbemiddeling aanbieden"),
    "vbs-wijkteam": ("Hulpverlening thuis opstarten", "Netwerkberaad organiseren"),
    "vbs-onderwijs": ("Verzuimgesprek met leerplicht en ouders", "Begeleiding op school regelen"),
}  # fmt: skip
