"""The subject access report as a PDF (core fonts, Latin-1)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TableCellFillMode, XPos, YPos

from veilig.privacy.reports.build import (
    SubjectAccessReport,
)

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
            cells += [row.what, purpose, row.result]
            rows.append(cells)
        pdf.grid(rows, widths)
    return bytes(pdf.output())


def report_file_name(report: SubjectAccessReport, extension: str) -> str:
    """A file name without personal data: the person's id and the date."""
    day = timezone.localdate(report.generated_at).isoformat()
    return f"inzageverzoek-{report.person.id}-{day}.{extension}"
