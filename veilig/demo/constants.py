"""The identity of the synthetic city "Voorbeeldstad". Everything here is fictional.

Bump ``GENERATOR_VERSION`` whenever a change to the generator changes its output for a seed:
a database built by an older version is then no longer "already there".
"""

from __future__ import annotations

from typing import Final

# 2: casework stage (tables, persons, cases, history); 3: events, teams, routing rules, signals;
# 4: the access history at its simulated times, break-the-glass rows naming their grant;
# 5: the history's rows name the item really touched (contribution, action, ...; issue #12);
# 6: the street layer of the maps (geo.Street: one centre line per street; issue #13);
# 7: consultations: weekly triage at the Tuesday session, informing the subject, three years of
#    meetings with agendas, attendance, minutes, decisions and actions (issue #14);
# 8: the themes huiselijk geweld, straatroof and overval (out of geweld; issue #15)
GENERATOR_VERSION: Final = 8

CITY_NAME: Final = "Voorbeeldstad"
# CBS gemeente codes run up to GM19xx; 9999 is not and will not be a real municipality.
GEMEENTE_NUMBER: Final = "9999"
GEMEENTE_CODE: Final = f"GM{GEMEENTE_NUMBER}"
BOUNDARY_YEAR: Final = 2026

# The centre of the city in RD New (EPSG:28992): farmland of Oostelijk Flevoland between
# Lelystad and Dronten (about 52.47 N, 5.63 E), where a new town is plausible and no real one is.
CENTRE_RD: Final = (171_500.0, 498_500.0)
# Half the width (x) and height (y) of the outline, in metres: a city of about 8 x 10 km.
HALF_WIDTH_M: Final = 4_000.0
HALF_HEIGHT_M: Final = 5_000.0

TARGET_INHABITANTS: Final = 250_000
DEFAULT_ADDRESS_COUNT: Final = 100_000
MAX_ADDRESS_COUNT: Final = 500_000

# The first four digits of the city's postcodes (one PC4 per buurt, counting up).
POSTCODE_FIRST_PC4: Final = 8300

# The one password of every demo login (documented in docs/demo.md). Demo mode only.
DEMO_PASSWORD: Final = "Voorbeeldstad2026!"  # noqa: S105 - public demo password, by design
