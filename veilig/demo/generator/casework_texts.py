"""Dutch text fragments for the synthetic casework: reasons, contributions, plans, actions.

Everything is invented and deliberately generic: no real person, incident or organisation.
Tuples (ordered), so a seeded choice always gives the same text.
"""

from __future__ import annotations

from veilig.cases.vocabulary import Theme

# Why a partner registers a case, per theme.
REASONS: dict[str, tuple[str, ...]] = {
    Theme.ICO: (
        "Betrokkene pleegt sinds ruim een jaar veel vermogensdelicten in de wijk; schulden, "
        "middelengebruik en geen vaste dagbesteding. Zorg en straf lopen langs elkaar heen.",
        "Na detentie geen huisvesting en geen inkomen; eerdere hulp is gestopt. Risico op "
        "terugval in winkeldiefstal en overlast is groot.",
        "Veel politiecontacten, een lopende reclasseringstoezicht en signalen van de "
        "corporatie over woonoverlast. Afstemming tussen partners ontbreekt.",
    ),
    Theme.RADICALISATION: (
        "Zorgen over uitingen op sociale media en een veranderd gedrag thuis; de school en de "
        "wijkagent delen signalen die op radicalisering kunnen wijzen.",
        "Betrokkene zoekt contact met een groep die geweld verheerlijkt; het netwerk maakt "
        "zich zorgen. Weging door de politie geeft aanleiding tot bespreking.",
    ),
    Theme.PGA: (
        "Betrokkene staat op de lijst van veelplegers (PGA/Top-X): hoog recidiverisico en "
        "meerdere lopende zaken. Persoonsgerichte aanpak gewenst.",
        "Jongvolwassene met een groeiend strafblad voor geweld en diefstal; invloed op "
        "jongere jongens in de buurt.",
    ),
    Theme.CONFUSED_PERSONS: (
        "Herhaaldelijk verward gedrag op straat; de politie is in korte tijd vaak ingezet. "
        "Betrokkene mijdt zorg en dreigt de woning te verliezen.",
        "Buren melden onrust, geschreeuw en vervuiling van de woning. Er is een vermoeden van "
        "een psychische aandoening zonder behandeling.",
        "Na een crisisopname is de nazorg niet van de grond gekomen; opnieuw escalaties.",
    ),
    Theme.DOMESTIC_VIOLENCE: (
        "Meerdere meldingen van huiselijk geweld op hetzelfde adres; kinderen in het gezin. "
        "Veilig Thuis vraagt om een gezamenlijke aanpak.",
        "Na een tijdelijk huisverbod zijn er opnieuw incidenten. Plegerhulp en "
        "slachtofferhulp moeten op elkaar worden afgestemd.",
    ),
    Theme.YOUTH: (
        "Jongere verzuimt structureel van school, is betrokken bij een groep die overlast "
        "geeft en is in beeld bij de politie voor kleine delicten.",
        "Zorgen over een jongere die mogelijk wordt ingezet als drugskoerier; het gezin staat "
        "onder druk.",
        "Jongere met een lopend jeugdreclasseringstraject en nieuwe politiecontacten; school "
        "en ouders vragen om hulp.",
    ),
    Theme.NUISANCE: (
        "Ernstige woonoverlast in een portiek: lawaai, bezoek tot diep in de nacht en "
        "vermoedelijke handel. Buren zijn bang.",
        "Aanhoudende overlast rond een woning met meerdere bewoners; eerdere gesprekken van "
        "de corporatie hebben niet geholpen.",
    ),
}

# What a partner contributes, per data category.
CONTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "police": (
        "In de afgelopen twaalf maanden {n} registraties in de politiesystemen, waarvan {k} als "
        "verdachte. Laatste incident: {incident}.",
        "Wijkagent kent betrokkene uit de buurt; contact is wisselend. Meest recente "
        "registratie: {incident}.",
        "Signaal van de recherche: betrokkene verkeert in een netwerk dat in beeld is voor "
        "{incident}.",
    ),
    "justice": (
        "Er loopt een strafzaak voor {incident}; zitting gepland. Bijzondere voorwaarden "
        "worden geadviseerd.",
        "Toezicht loopt; betrokkene houdt zich wisselend aan de afspraken. {n} meldingen "
        "van niet-nakomen in het afgelopen half jaar.",
        "Risicotaxatie wijst op een gemiddeld tot hoog recidiverisico.",
    ),
    "care": (
        "Betrokkene is bekend in de zorg; behandeling is {n} keer gestart en weer gestopt. "
        "Er is toestemming om de hoofdlijn te delen.",
        "Zorgen over het eigen welzijn en over de veiligheid van de kinderen. Hulpverlening "
        "is vrijwillig; motivatie wisselt.",
        "Risicotaxatie afgerond: veiligheid in het gezin is niet gegarandeerd zonder "
        "aanvullende afspraken.",
    ),
    "housing": (
        "Huurachterstand van {n} maanden; {k} overlastmeldingen van buren dit jaar. "
        "Een gesprek over een gedragsaanwijzing is gepland.",
        "Woning is bij het laatste huisbezoek vervuild aangetroffen; bereidheid tot een "
        "laatste-kansovereenkomst is besproken.",
    ),
    "school": (
        "Verzuim: {n} ongeoorloofde afwezigheden dit schooljaar; leerplicht is ingeschakeld.",
        "Mentor ziet een teruggetrokken leerling met wisselende resultaten; ouders zijn "
        "moeilijk bereikbaar.",
    ),
    "municipal": (
        "Schuldhulpverlening is in beeld; er is geen vast inkomen. Aanvraag "
        "bijstandsuitkering loopt.",
        "Burgerzaken: betrokkene staat sinds {n} maanden ingeschreven op het huidige adres. "
        "Een bestuurlijke maatregel is eerder overwogen.",
        "Procesregie: partners zijn het eens over de probleemanalyse; de regie ligt bij het "
        "Veiligheidshuis.",
    ),
}

INCIDENTS: tuple[str, ...] = (
    "winkeldiefstal", "bedreiging", "eenvoudige mishandeling", "vernieling",
    "burenruzie met geweld", "bezit van harddrugs", "inbraak in een schuur",
    "openlijke geweldpleging", "overlast in de openbare ruimte", "rijden onder invloed",
)  # fmt: skip

PLAN_GOALS: dict[str, tuple[str, ...]] = {
    Theme.ICO: (
        "1. Stabiele huisvesting en inkomen. 2. Dagbesteding of werk. 3. Geen nieuwe delicten "
        "binnen zes maanden. Regie: procesregisseur; straf en zorg in één plan.",
    ),
    Theme.RADICALISATION: (
        "1. Zicht houden op het netwerk. 2. Een vertrouwenspersoon inzetten. 3. Gezin en "
        "school ondersteunen. Besproken aan de casustafel radicalisering.",
    ),
    Theme.PGA: (
        "1. Persoonsgerichte aanpak met een vaste regisseur. 2. Snelrecht bij nieuwe delicten. "
        "3. Begeleiding naar werk en afbouw van het criminele netwerk.",
    ),
    Theme.CONFUSED_PERSONS: (
        "1. Zorg op maat via de GGZ (bemoeizorg). 2. Woning behouden met begeleiding. "
        "3. Minder politie-inzet in crisissituaties.",
    ),
    Theme.DOMESTIC_VIOLENCE: (
        "1. Directe veiligheid in het gezin. 2. Plegerhulp en slachtofferhulp afgestemd. "
        "3. Kinderen in beeld bij het wijkteam en de school.",
    ),
    Theme.YOUTH: (
        "1. Terug naar school of een leer-werktraject. 2. Uit de groep die overlast geeft. "
        "3. Ondersteuning van de ouders.",
    ),
    Theme.NUISANCE: (
        "1. Overlast binnen drie maanden gestopt. 2. Afspraken over bezoek en gedrag. "
        "3. Zo nodig een gedragsaanwijzing of woningsluiting.",
    ),
}

# Actions by the owner organisation (code).
ACTIONS: dict[str, tuple[str, ...]] = {
    "vbs-politie": (
        "Wijkagent legt een huisbezoek af",
        "Stand van zaken lopende registraties delen",
        "Gebiedsverbod voorbereiden",
    ),
    "vbs-om": ("Strafzaak afstemmen met de officier", "Snelrecht beoordelen"),
    "vbs-reclassering": ("Toezichtsgesprek voeren", "Reclasseringsadvies opstellen"),
    "vbs-ggz": ("Intake bij de GGZ plannen", "Bemoeizorg inzetten"),
    "vbs-veilig-thuis": ("Veiligheidsplan opstellen met het gezin", "Risicotaxatie herhalen"),
    "vbs-rvdk": ("Raadsonderzoek starten", "Advies aan de kinderrechter voorbereiden"),
    "vbs-woonstede": (
        "Gesprek over de huurachterstand voeren",
        "Laatste-kansovereenkomst opstellen",
    ),
    "vbs-stadswonen": ("Gesprek over de huurachterstand voeren", "Gedragsaanwijzing voorbereiden"),
    "vbs-wijkteam": ("Schuldhulpverlening aanvragen", "Dagbesteding regelen"),
    "vbs-onderwijs": ("Gesprek met leerling en ouders plannen", "Verzuimtraject met leerplicht"),
    "vbs-gemeente": (
        "Plan van aanpak opstellen",
        "Terugkoppeling aan de casustafel",
        "Uitkering en inkomen regelen",
    ),
}

ACTION_RESULTS: tuple[str, ...] = (
    "Uitgevoerd; verslag gedeeld met de procesregisseur.",
    "Gesprek gevoerd; afspraken vastgelegd.",
    "Afgerond; geen verdere actie nodig.",
)

NOT_ACCEPTED_REASONS: tuple[str, ...] = (
    "Geen meervoudige problematiek; de melding past bij de reguliere hulpverlening.",
    "Betrokkene woont niet (meer) in Voorbeeldstad; overgedragen aan de regio.",
    "Onvoldoende informatie om de toelatingscriteria te beoordelen.",
)
BILATERAL_NOTES: tuple[str, ...] = (
    "Partners pakken dit bilateraal op; terugkoppeling aan de weegploeg.",
    "Aanpak tussen twee partners volstaat; geen casustafel nodig.",
)
LOCAL_NOTES: tuple[str, ...] = (
    "Het wijkteam pakt dit lokaal op met de wijkagent.",
    "Lokaal opgepakt via het sociaal wijkteam.",
)
STEP_DOWN_REASONS: tuple[str, ...] = (
    "Situatie is stabiel; regie terug naar het wijkteam.",
    "Doelen grotendeels bereikt; afgeschaald naar reguliere zorg.",
)
OUTCOMES: tuple[str, ...] = (
    "Doelen bereikt: geen nieuwe incidenten, huisvesting en inkomen op orde.",
    "Betrokkene is verhuisd buiten de regio; overgedragen.",
    "Detentie; de reclassering neemt de regie over na vrijlating.",
    "Gedeeltelijk bereikt; hulpverlening loopt vrijwillig door.",
    "Afgesloten na afschaling; geen zorgen meer bij de partners.",
)
BREAK_GLASS_REASONS: tuple[str, ...] = (
    "Acute crisis bij de voordeur; ik moet weten of er een veiligheidsplan is.",
    "Spoedopname vanavond; de dienstdoende arts vraagt naar eerdere afspraken.",
    "Dreigende ontruiming morgen; nagaan of er een zorgtraject loopt dat dit raakt.",
    "Melding van geweld op het adres; nagaan of er kinderen in beeld zijn.",
)
BREAK_GLASS_REVIEWS: tuple[str, ...] = (
    "Reden passend en toegang binnen de termijn gebruikt; geen bezwaar.",
    "Gebruik gerechtvaardigd; medewerker gewezen op de reguliere route via de procesregisseur.",
)

DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    # (file name stem, extension, title)
    ("Plan van aanpak", ".pdf", "Plan van aanpak"),
    ("Verslag casusoverleg", ".pdf", "Verslag casusoverleg"),
    ("Verslag huisbezoek", ".txt", "Verslag huisbezoek"),
    ("Risicotaxatie", ".pdf", "Risicotaxatie"),
)
