"""The subject access report (inzageverzoek, AVG article 15) for one person: data, JSON and PDF.

What it lists: the person's registered data categories (name, date of birth, whether a BSN is
stored — masked), per case the reference, theme, status, period, the organisations that took part
and which data categories and legal bases they contributed, and the access log about the person.

What it never lists: case content — no contribution or document texts, no reason for
registration, no plan. The registering partner (aanmelder) stays responsible for each case and
supplies copies of the content where the law allows; the report names it per case.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TableCellFillMode, XPos, YPos

from veilig.accounts.roles import Role
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.audit.selectors import audit_entries_about_person, audit_organisation_names
from veilig.cases.models import Case, Contribution, Document, ParticipantRole
from veilig.cases.vocabulary import DataCategory, LegalBasis, Scope, Status, Theme
from veilig.registry.crypto import decrypt
from veilig.registry.models import Person

# --- Labels shared by the report and the privacy pages -------------------------------------------


def purpose_label(code: str) -> str:
    labels = {
        "casework": _("Casework"),
        "triage": _("Triage"),
        "consultation": _("Case consultation"),
        "break_glass": _("Break-the-glass"),
        "subject_access": _("Subject access request"),
        "supervision": _("Supervision by the privacy officer"),
        "break_glass_review": _("Review of break-the-glass"),
    }
    return labels.get(code, code)


def role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def action_label(code: str) -> str:
    return str(AuditAction(code).label) if code in AuditAction.values else code


def result_label(code: str) -> str:
    return str(AuditResult(code).label) if code in AuditResult.values else code


def object_type_label(code: str) -> str:
    labels = {
        "case": _("case"),
        "person": _("person"),
        "contribution": _("contribution"),
        "document": _("document"),
        "break_glass": _("break-the-glass"),
        "access_log": _("access log"),
    }
    return labels.get(code, code)


def _choice(choices: Any, code: str) -> dict[str, str]:
    return {"code": code, "label": str(choices(code).label) if code in choices.values else code}


# --- The report's data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonData:
    id: int
    name: str
    date_of_birth: dt.date | None
    bsn_stored: bool
    bsn_masked: str  # e.g. "*****6789"; empty when no BSN is stored
    addresses: int
    relations: int
    registered_at: dt.datetime


@dataclass(frozen=True)
class Participation:
    organisation: str
    role: dict[str, str]
    since: dt.datetime


@dataclass(frozen=True)
class Contributed:
    """What one organisation contributed to a case in one category (counts, never texts)."""

    organisation: str
    kind: str  # "contribution" or "document"
    data_category: dict[str, str]
    legal_basis: dict[str, str] | None  # documents carry no legal basis of their own
    scope: dict[str, str]
    count: int
    first: dt.datetime
    last: dt.datetime


@dataclass(frozen=True)
class CaseProcessing:
    reference: str
    theme: dict[str, str]
    status: dict[str, str]
    registered_on: dt.date
    closed_on: dt.date | None
    responsible_organisation: str  # the registering partner (aanmelder)
    table: str
    confidential: bool  # radicalisation: check the AVG art. 23 / UAVG art. 41 restrictions
    participants: list[Participation] = field(default_factory=list)
    contributed: list[Contributed] = field(default_factory=list)


@dataclass(frozen=True)
class AccessRow:
    seq: int
    at: dt.datetime
    organisation: str
    role: str
    user: str  # empty unless employee names are included
    action: str
    object_type: str
    purpose: str
    result: str
    break_glass: bool
    channel: str


@dataclass(frozen=True)
class SubjectAccessReport:
    generated_at: dt.datetime
    person: PersonData
    cases: list[CaseProcessing]
    access_log: list[AccessRow]
    includes_user_names: bool

    @property
    def organisations(self) -> list[str]:
        """Every organisation that processed data about the person, by name."""
        names = {p.organisation for c in self.cases for p in c.participants}
        names |= {c.responsible_organisation for c in self.cases}
        names |= {row.organisation for row in self.access_log if row.organisation}
        return sorted(names)


def _mask_bsn(person: Person) -> str:
    if not person.bsn_encrypted:
        return ""
    try:
        bsn = decrypt(person.bsn_encrypted)
    except Exception:  # a rotated key: say that one is stored, without its digits
        return "*********"
    return "*" * 5 + bsn[-4:]


def _person_data(person: Person) -> PersonData:
    return PersonData(
        id=person.pk,
        name=person.full_name,
        date_of_birth=person.date_of_birth,
        bsn_stored=bool(person.bsn_encrypted),
        bsn_masked=_mask_bsn(person),
        addresses=person.addresses.count(),
        relations=person.relations_out.count() + person.relations_in.count(),
        registered_at=person.created_at,
    )


def _contributed(
    queryset: QuerySet[Contribution] | QuerySet[Document], *, kind: str, with_basis: bool
) -> dict[int, list[Contributed]]:
    fields = ["case_id", "organisation__name", "data_category", "scope"]
    if with_basis:
        fields.append("legal_basis")
    rows = (
        queryset.order_by()
        .values(*fields)
        .annotate(
            n=Count("pk"),
            first=Min("created_at" if with_basis else "uploaded_at"),
            last=Max("created_at" if with_basis else "uploaded_at"),
        )
        .order_by("case_id", "organisation__name", "data_category")
    )
    result: dict[int, list[Contributed]] = {}
    for row in rows:
        result.setdefault(row["case_id"], []).append(
            Contributed(
                organisation=row["organisation__name"],
                kind=kind,
                data_category=_choice(DataCategory, row["data_category"]),
                legal_basis=_choice(LegalBasis, row["legal_basis"]) if with_basis else None,
                scope=_choice(Scope, row["scope"]),
                count=row["n"],
                first=row["first"],
                last=row["last"],
            )
        )
    return result


def _cases(person: Person) -> list[CaseProcessing]:
    cases = list(
        Case.objects.filter(subject=person)
        .select_related("registering_organisation", "table")
        .prefetch_related("participants__organisation")
        .order_by("registered_at", "pk")
    )
    ids = [c.pk for c in cases]
    contributions = _contributed(
        Contribution.objects.filter(case_id__in=ids), kind="contribution", with_basis=True
    )
    documents = _contributed(
        Document.objects.filter(case_id__in=ids), kind="document", with_basis=False
    )
    return [
        CaseProcessing(
            reference=case.reference,
            theme=_choice(Theme, case.theme),
            status=_choice(Status, case.status),
            registered_on=timezone.localdate(case.registered_at),
            closed_on=timezone.localdate(case.closed_at) if case.closed_at else None,
            responsible_organisation=case.registering_organisation.name,
            table=case.table.name if case.table else "",
            confidential=case.is_confidential,
            participants=[
                Participation(
                    organisation=p.organisation.name,
                    role=_choice(ParticipantRole, p.role),
                    since=p.invited_at,
                )
                for p in case.participants.all()
            ],
            contributed=contributions.get(case.pk, []) + documents.get(case.pk, []),
        )
        for case in cases
    ]


def access_rows(entries: Iterable[AuditEntry], *, include_user_names: bool) -> list[AccessRow]:
    entries = list(entries)
    names = audit_organisation_names(e.organisation for e in entries)
    return [
        AccessRow(
            seq=e.seq,
            at=e.at,
            organisation=names.get(e.organisation, e.organisation),
            role=role_label(e.role),
            user=e.actor_username if include_user_names else "",
            action=action_label(e.action),
            object_type=object_type_label(e.object_type),
            purpose=purpose_label(e.purpose),
            result=result_label(e.result),
            break_glass=e.break_glass,
            channel=e.channel,
        )
        for e in entries
    ]


def subject_access_report_build(
    *, person_id: int, include_user_names: bool = False
) -> SubjectAccessReport | None:
    """The report for one person, or None when no such person is registered.

    Employee names are left out by default: the data subject has a right to the dates and
    purposes of consultations and to the recipients, not as a rule to the identity of the
    employees who consulted (CJEU C-579/21, Pankki S, 2023). The privacy officer may include them.
    """
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return None
    log = audit_entries_about_person(person_id=person.pk).order_by("at", "seq")
    return SubjectAccessReport(
        generated_at=timezone.now(),
        person=_person_data(person),
        cases=_cases(person),
        access_log=access_rows(log, include_user_names=include_user_names),
        includes_user_names=include_user_names,
    )


# --- JSON ----------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def report_as_json(report: SubjectAccessReport) -> dict[str, Any]:
    """The report as plain JSON types: dates in ISO 8601, local time (Europe/Amsterdam)."""
    return {
        "document": "AVG art. 15 inzageverzoek",
        "generated_at": _jsonable(report.generated_at),
        "person": _jsonable(asdict(report.person)),
        "organisations": report.organisations,
        "cases": [_jsonable(asdict(c)) for c in report.cases],
        "access_log": [_jsonable(asdict(r)) for r in report.access_log],
        "includes_user_names": report.includes_user_names,
        "not_included": _(
            "The content of contributions and documents is not part of this overview. The "
            "registering partner of each case is responsible for it."
        ),
    }


# --- PDF -----------------------------------------------------------------------------------------

# Unicode fonts tried in order; the first complete pair wins. Without them the PDF falls back to
# the core font Helvetica, whose Latin-1 encoding covers Dutch (é, ë, ï, ü, ç); other characters
# are reduced to their base letter.
FONT_CANDIDATES: tuple[tuple[Path, Path], ...] = (
    (
        Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
        Path("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ),
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
)
_CORE_FONT = "helvetica"
# Typography and letters that have no Latin-1 form and no decomposition to one.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u20ac": "EUR",
        "\u0141": "L",  # Polish L with stroke
        "\u0142": "l",
        "\u0110": "D",  # D with stroke
        "\u0111": "d",
        "\u0152": "OE",
        "\u0153": "oe",
        "\u0131": "i",  # dotless i
    }
)
_DASH = "\u2013"


def to_latin1(text: str) -> str:
    """Text the core fonts can show: Latin-1 as is, other letters without their accents."""
    text = text.translate(_TYPOGRAPHY)
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append("".join(c for c in base if not unicodedata.combining(c)) or "?")
    return "".join(out)


class _ReportPdf(FPDF):
    def __init__(self, *, candidates: Iterable[tuple[Path, Path]]) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.family = _CORE_FONT
        for regular, bold in candidates:
            if regular.is_file() and bold.is_file():
                self.add_font("report", "", str(regular))
                self.add_font("report", "B", str(bold))
                self.family = "report"
                break
        self.unicode_font = self.family != _CORE_FONT
        self.footer_text = ""
        self.set_auto_page_break(auto=True, margin=15)
        self.alias_nb_pages()

    def text_of(self, value: str) -> str:
        return value if self.unicode_font else to_latin1(value)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, self.text_of(f"{self.footer_text} · {page}"), align="C")

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(2)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, 7, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.family, "", 9)

    def paragraph(self, text: str) -> None:
        self.set_font(self.family, "", 9)
        self.multi_cell(0, 5, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(self, rows: list[list[str]], widths: tuple[int, ...]) -> None:
        """A table whose first row is the heading (repeated on each new page)."""
        self.set_font(self.family, "", 8)
        with self.table(
            col_widths=widths,
            text_align="LEFT",
            line_height=4.5,
            cell_fill_color=245,
            cell_fill_mode=TableCellFillMode.ROWS,
            first_row_as_headings=True,
        ) as table:
            for cells in rows:
                row = table.row()
                for cell in cells:
                    row.cell(self.text_of(cell))
        self.ln(2)


def _when(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")


def _day(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def report_as_pdf(
    report: SubjectAccessReport,
    *,
    candidates: Iterable[tuple[Path, Path]] = FONT_CANDIDATES,
    compress: bool = True,
) -> bytes:
    pdf = _ReportPdf(candidates=candidates)
    pdf.compress = compress
    title = _("Overview of the processing of personal data (GDPR art. 15)")
    pdf.set_title(title)  # the metadata carry no personal data
    pdf.set_creator("Veilig")
    pdf.footer_text = _("Subject access request %(id)s, made on %(date)s") % {
        "id": report.person.id,
        "date": _when(report.generated_at),
    }
    pdf.add_page()
    pdf.heading(title, size=15)
    pdf.paragraph(
        _(
            "This overview lists which personal data the Zorg- en Veiligheidshuis has registered "
            "about you, which organisations processed them in which cases, in which categories "
            "and on which legal basis, and who consulted your data. The content of contributions "
            "and documents is not part of this overview; the registering partner of each case is "
            "responsible for it."
        )
    )

    person = report.person
    pdf.heading(_("1. Registered personal data"))
    yes, no = _("yes"), _("no")
    pdf.grid(
        [
            [_("Data category"), _("Registered")],
            [_("Name"), person.name],
            [_("Date of birth"), _day(person.date_of_birth) or no],
            [
                _("Citizen service number (BSN)"),
                f"{yes} ({person.bsn_masked})" if person.bsn_stored else no,
            ],
            [_("Addresses (address history)"), str(person.addresses)],
            [_("Relations with other persons"), str(person.relations)],
            [_("Registered since"), _day(timezone.localdate(person.registered_at))],
        ],
        (60, 120),
    )
    pdf.paragraph(
        _("Organisations that processed data about you: %(names)s")
        % {"names": ", ".join(report.organisations) or _("none")}
    )

    pdf.heading(_("2. Cases"))
    if not report.cases:
        pdf.paragraph(_("You are not the subject of any case."))
    for case in report.cases:
        period = f"{_day(case.registered_on)} {_DASH} {_day(case.closed_on) or _('ongoing')}"
        pdf.heading(f"{case.reference} · {case.theme['label']}", size=11)
        lines = [
            f"{_('Status')}: {case.status['label']}",
            f"{_('Period')}: {period}",
            f"{_('Responsible (registering partner)')}: {case.responsible_organisation}",
        ]
        if case.table:
            lines.append(f"{_('Case table')}: {case.table}")
        if case.confidential:
            lines.append(
                _(
                    "Confidential case (radicalisation): check the restrictions of GDPR art. 23 "
                    "and UAVG art. 41 before sending."
                )
            )
        pdf.paragraph("\n".join(lines))
        pdf.grid(
            [[_("Organisation"), _("Role in the case"), _("Since")]]
            + [
                [p.organisation, p.role["label"], _day(timezone.localdate(p.since))]
                for p in case.participants
            ],
            (80, 60, 40),
        )
        if case.contributed:
            pdf.grid(
                [
                    [
                        _("Organisation"),
                        _("Kind"),
                        _("Data category"),
                        _("Legal basis"),
                        _("Number"),
                        _("Period"),
                    ]
                ]
                + [
                    [
                        item.organisation,
                        _("contribution") if item.kind == "contribution" else _("document"),
                        item.data_category["label"],
                        item.legal_basis["label"] if item.legal_basis else "",
                        str(item.count),
                        f"{_day(timezone.localdate(item.first))} {_DASH} "
                        f"{_day(timezone.localdate(item.last))}",
                    ]
                    for item in case.contributed
                ],
                (38, 20, 24, 48, 14, 36),
            )

    pdf.heading(_("3. Who consulted your data"))
    if not report.access_log:
        pdf.paragraph(_("Nobody consulted your data."))
    else:
        header = [_("Time"), _("Organisation"), _("Role")]
        widths: tuple[int, ...] = (26, 34, 28)
        if report.includes_user_names:
            header.append(_("User"))
            widths += (22,)
        header += [_("Action"), _("Purpose"), _("Result")]
        widths += (22, 30, 18) if report.includes_user_names else (26, 40, 26)
        rows = [header]
        for row in report.access_log:
            cells = [_when(row.at), row.organisation, row.role]
            if report.includes_user_names:
                cells.append(row.user)
            purpose = row.purpose + (f" ({_('break-the-glass')})" if row.break_glass else "")
            cells += [f"{row.action} {row.object_type}", purpose, row.result]
            rows.append(cells)
        pdf.grid(rows, widths)
    return bytes(pdf.output())


def report_file_name(report: SubjectAccessReport, extension: str) -> str:
    """A file name without personal data: the person's id and the date."""
    day = timezone.localdate(report.generated_at).isoformat()
    return f"inzageverzoek-{report.person.id}-{day}.{extension}"
