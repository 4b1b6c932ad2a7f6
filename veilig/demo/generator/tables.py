"""The case tables (overlegtafels) of the Veiligheidshuis Voorbeeldstad: the covenant as data.

Fixed configuration, no randomness. Each table names its member organisations, each with the
legal basis on which it takes part and the data categories of the other organisations' items it
may see, the demo logins that represent them, the chair (the demo coordinator), the meeting
rhythm, the retention period and whether and when the subject is informed (and why not, when
not). Codes start with ``vbs-`` so the demo never collides with tables that a functional
administrator configured.

The legal bases follow ZVH practice: the police share under Wpg art. 16 (the covenant as a
"samenwerkingsverband"), the OM and the probation service under Wjsg art. 39f, the municipality
under AVG art. 6(1)(e), care partners with consent or under the Wmo 2015 (Veilig Thuis, the
district team), the Child Protection Board and youth care under the Jeugdwet; housing
corporations and schools take part with the subject's consent or in the public task. Each member
sees the categories it needs for its part in the plan, not every category of the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from veilig.cases.vocabulary import (
    DataCategory,
    LegalBasis,
    MeetingRhythm,
    SubjectInformedWhen,
    Theme,
    Weekday,
)


@dataclass(frozen=True)
class MemberPlan:
    organisation: str  # organisation code
    legal_basis: LegalBasis
    data_categories: tuple[DataCategory, ...]


@dataclass(frozen=True)
class TablePlan:
    code: str
    name: str
    theme: Theme
    memberships: tuple[MemberPlan, ...]
    representatives: tuple[str, ...]  # demo user names
    retention_months: int
    subject_informed: bool
    meeting_rhythm: MeetingRhythm
    meeting_weekday: Weekday | None
    subject_informed_when: str = ""  # a SubjectInformedWhen code, or "" when not informed
    subject_not_informed_reason: str = ""
    chair: str = "regisseur"  # the demo coordinator login

    @property
    def members(self) -> tuple[str, ...]:
        """The member organisations' codes."""
        return tuple(member.organisation for member in self.memberships)

    def categories_of(self, organisation: str) -> tuple[DataCategory, ...] | None:
        """What ``organisation`` may see of the others' items (None: it is not a member)."""
        for member in self.memberships:
            if member.organisation == organisation:
                return member.data_categories
        return None


_D, _LB = DataCategory, LegalBasis
_W, _R, _S = Weekday, MeetingRhythm, SubjectInformedWhen


_NOT_SCHOOL = (_D.JUSTICE, _D.POLICE, _D.CARE, _D.HOUSING, _D.MUNICIPAL)
_NOT_HOUSING = (_D.SCHOOL, _D.CARE, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL)


def _m(organisation: str, basis: LegalBasis, *categories: DataCategory) -> MemberPlan:
    return MemberPlan(organisation, basis, categories)


TABLES: tuple[TablePlan, ...] = (
    TablePlan(
        "vbs-ico",
        "Integraal casusoverleg (ICO)",
        Theme.ICO,
        (
            _m("vbs-gemeente", _LB.AVG_6_1_E, *_NOT_SCHOOL),
            _m("vbs-politie", _LB.WPG_16, _D.JUSTICE, _D.POLICE, _D.HOUSING, _D.MUNICIPAL),
            _m("vbs-om", _LB.WJSG_39F, _D.JUSTICE, _D.POLICE, _D.MUNICIPAL),
            _m("vbs-reclassering", _LB.WJSG_39F, _D.JUSTICE, _D.POLICE, _D.CARE, _D.MUNICIPAL),
            _m("vbs-ggz", _LB.CONSENT, _D.CARE, _D.HOUSING, _D.MUNICIPAL),
            _m("vbs-wijkteam", _LB.WMO_5_1, _D.CARE, _D.HOUSING, _D.MUNICIPAL),
            _m("vbs-woonstede", _LB.CONSENT, _D.HOUSING, _D.MUNICIPAL),
            _m("vbs-stadswonen", _LB.CONSENT, _D.HOUSING, _D.MUNICIPAL),
        ),
        ("regisseur", "politie", "om", "reclassering", "ggz", "wijkteam", "corporatie",
         "stadswonen"),
        60,
        True,
        _R.FORTNIGHTLY,
        _W.THURSDAY,
        _S.AT_ACCEPTANCE,
    ),
    TablePlan(
        "vbs-radicalisering",
        "Casusoverleg radicalisering",
        Theme.RADICALISATION,
        (
            _m("vbs-gemeente", _LB.AVG_6_1_E, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
            _m("vbs-politie", _LB.WPG_16, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
            _m("vbs-om", _LB.WJSG_39F, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
        ),
        # Only these two logins see radicalisation cases (DESIGN rule 6); see docs/demo.md.
        ("regisseur", "politie"),
        60,
        False,
        _R.FORTNIGHTLY,
        _W.WEDNESDAY,
        "",
        "Informeren kan een lopend onderzoek of de veiligheid van derden schaden "
        "(art. 23 AVG, art. 41 UAVG); de weegploeg beoordeelt dit per casus opnieuw.",
    ),
    TablePlan(
        "vbs-pga",
        "PGA / Top-X-overleg",
        Theme.PGA,
        (
            _m("vbs-gemeente", _LB.AVG_6_1_E, _D.JUSTICE, _D.POLICE, _D.CARE, _D.MUNICIPAL),
            _m("vbs-politie", _LB.WPG_16, _D.JUSTICE, _D.POLICE, _D.MUNICIPAL),
            _m("vbs-om", _LB.WJSG_39F, _D.JUSTICE, _D.POLICE, _D.MUNICIPAL),
            _m("vbs-reclassering", _LB.WJSG_39F, _D.JUSTICE, _D.POLICE, _D.CARE, _D.MUNICIPAL),
            _m("vbs-ggz", _LB.CONSENT, _D.CARE, _D.JUSTICE, _D.MUNICIPAL),
        ),
        ("regisseur", "politie", "om", "reclassering", "ggz"),
        60,
        True,
        _R.MONTHLY,
        _W.MONDAY,
        _S.WITHIN_FOUR_WEEKS,
    ),
    TablePlan(
        "vbs-verwarde-personen",
        "Casusoverleg personen met verward gedrag",
        Theme.CONFUSED_PERSONS,
        (
            _m("vbs-gemeente", _LB.AVG_6_1_E, _D.CARE, _D.POLICE, _D.HOUSING, _D.MUNICIPAL),
            _m("vbs-politie", _LB.WPG_16, _D.POLICE, _D.HOUSING, _D.MUNICIPAL),
            _m("vbs-ggz", _LB.CONSENT, _D.CARE, _D.POLICE, _D.HOUSING, _D.MUNICIPAL),
            _m("vbs-wijkteam", _LB.WMO_5_1, _D.CARE, _D.HOUSING, _D.MUNICIPAL),
            _m("vbs-woonstede", _LB.CONSENT, _D.HOUSING, _D.MUNICIPAL),
            _m("vbs-stadswonen", _LB.CONSENT, _D.HOUSING, _D.MUNICIPAL),
        ),
        ("regisseur", "politie", "ggz", "wijkteam", "corporatie", "stadswonen"),
        24,
        True,
        _R.WEEKLY,
        _W.THURSDAY,
        _S.AT_ACCEPTANCE,
    ),
    TablePlan(
        "vbs-huiselijk-geweld",
        "Multidisciplinair overleg huiselijk geweld",
        Theme.DOMESTIC_VIOLENCE,
        (
            _m("vbs-gemeente", _LB.AVG_6_1_E, _D.CARE, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
            _m("vbs-politie", _LB.WPG_16, _D.POLICE, _D.JUSTICE, _D.CARE, _D.MUNICIPAL),
            _m("vbs-om", _LB.WJSG_39F, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
            _m("vbs-veilig-thuis", _LB.WMO_5_1, _D.CARE, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
            _m("vbs-reclassering", _LB.WJSG_39F, _D.JUSTICE, _D.POLICE, _D.CARE),
            _m("vbs-wijkteam", _LB.WMO_5_1, _D.CARE, _D.MUNICIPAL),
            _m("vbs-rvdk", _LB.JEUGDWET, _D.CARE, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
        ),
        ("regisseur", "politie", "om", "veiligthuis", "reclassering", "wijkteam", "raad"),
        60,
        True,
        _R.WEEKLY,
        _W.MONDAY,
        _S.AT_PLAN,
    ),
    TablePlan(
        "vbs-jeugd",
        "Jeugdcasusoverleg",
        Theme.YOUTH,
        (
            _m("vbs-gemeente", _LB.AVG_6_1_E, *_NOT_HOUSING),
            _m("vbs-politie", _LB.WPG_16, _D.POLICE, _D.JUSTICE, _D.SCHOOL, _D.MUNICIPAL),
            _m("vbs-om", _LB.WJSG_39F, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
            _m("vbs-rvdk", _LB.JEUGDWET, _D.SCHOOL, _D.CARE, _D.POLICE, _D.JUSTICE, _D.MUNICIPAL),
            _m("vbs-wijkteam", _LB.JEUGDWET, _D.SCHOOL, _D.CARE, _D.MUNICIPAL),
            _m("vbs-onderwijs", _LB.AVG_6_1_E, _D.SCHOOL, _D.CARE, _D.MUNICIPAL),
        ),
        ("regisseur", "politie", "om", "raad", "wijkteam", "onderwijs"),
        36,
        True,
        _R.FORTNIGHTLY,
        _W.TUESDAY,
        _S.AT_ACCEPTANCE,
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
