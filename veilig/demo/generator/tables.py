"""The case tables (overlegtafels) of the Veiligheidshuis Voorbeeldstad: the covenant as data.

Fixed configuration, no randomness. Each table names its member organisations, the demo logins
that represent them, the data categories the members may see, the retention period and whether
the subject is informed. Codes start with ``vbs-`` so the demo never collides with tables that
a functional administrator configured.
"""

from __future__ import annotations

from dataclasses import dataclass

from veilig.cases.vocabulary import DataCategory, Theme


@dataclass(frozen=True)
class TablePlan:
    code: str
    name: str
    theme: Theme
    members: tuple[str, ...]  # organisation codes
    representatives: tuple[str, ...]  # demo user names
    data_categories: tuple[DataCategory, ...]
    retention_months: int
    subject_informed: bool


_D = DataCategory

TABLES: tuple[TablePlan, ...] = (
    TablePlan(
        "vbs-ico",
        "Integraal casusoverleg (ICO)",
        Theme.ICO,
        ("vbs-gemeente", "vbs-politie", "vbs-om", "vbs-reclassering", "vbs-ggz",
         "vbs-wijkteam", "vbs-woonstede", "vbs-stadswonen"),
        ("regisseur", "politie", "om", "reclassering", "ggz", "wijkteam", "corporatie",
         "stadswonen"),
        (_D.JUSTICE, _D.POLICE, _D.CARE, _D.HOUSING, _D.MUNICIPAL),
        60,
        True,
    ),
    TablePlan(
        "vbs-radicalisering",
        "Casusoverleg radicalisering",
        Theme.RADICALISATION,
        ("vbs-gemeente", "vbs-politie", "vbs-om"),
        # Only these two logins see radicalisation cases (DESIGN rule 6); see docs/demo.md.
        ("regisseur", "politie"),
        (_D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
        60,
        False,
    ),
    TablePlan(
        "vbs-pga",
        "PGA / Top-X-overleg",
        Theme.PGA,
        ("vbs-gemeente", "vbs-politie", "vbs-om", "vbs-reclassering", "vbs-ggz"),
        ("regisseur", "politie", "om", "reclassering", "ggz"),
        (_D.JUSTICE, _D.POLICE, _D.CARE, _D.MUNICIPAL),
        60,
        True,
    ),
    TablePlan(
        "vbs-verwarde-personen",
        "Casusoverleg personen met verward gedrag",
        Theme.CONFUSED_PERSONS,
        ("vbs-gemeente", "vbs-politie", "vbs-ggz", "vbs-wijkteam", "vbs-woonstede",
         "vbs-stadswonen"),
        ("regisseur", "politie", "ggz", "wijkteam", "corporatie", "stadswonen"),
        (_D.CARE, _D.POLICE, _D.HOUSING, _D.MUNICIPAL),
        24,
        True,
    ),
    TablePlan(
        "vbs-huiselijk-geweld",
        "Multidisciplinair overleg huiselijk geweld",
        Theme.DOMESTIC_VIOLENCE,
        ("vbs-gemeente", "vbs-politie", "vbs-om", "vbs-veilig-thuis", "vbs-reclassering",
         "vbs-wijkteam", "vbs-rvdk"),
        ("regisseur", "politie", "om", "veiligthuis", "reclassering", "wijkteam", "raad"),
        (_D.CARE, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
        60,
        True,
    ),
    TablePlan(
        "vbs-jeugd",
        "Jeugdcasusoverleg",
        Theme.YOUTH,
        ("vbs-gemeente", "vbs-politie", "vbs-om", "vbs-rvdk", "vbs-wijkteam", "vbs-onderwijs"),
        ("regisseur", "politie", "om", "raad", "wijkteam", "onderwijs"),
        (_D.SCHOOL, _D.CARE, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
        36,
        True,
    ),
)  # fmt: skip

DEMO_TABLE_CODES: tuple[str, ...] = tuple(table.code for table in TABLES)

# The table that takes an accepted case of a theme (nuisance goes to the integrated table).
TABLE_FOR_THEME: dict[Theme, str] = {
    Theme.ICO: "vbs-ico",
    Theme.RADICALISATION: "vbs-radicalisering",
    Theme.PGA: "vbs-pga",
    Theme.CONFUSED_PERSONS: "vbs-verwarde-personen",
    Theme.DOMESTIC_VIOLENCE: "vbs-huiselijk-geweld",
    Theme.YOUTH: "vbs-jeugd",
    Theme.NUISANCE: "vbs-ico",
}
