"""The bytes of the demo's case documents: a plain text file or a one-page PDF.

The PDF is written directly (one page, the standard Helvetica font, WinAnsi text): a PDF
library would take seconds to import for a few small files. Pure and deterministic.
"""

from __future__ import annotations

import datetime as dt
import textwrap

_PAGE_WIDTH, _PAGE_HEIGHT = 595, 842  # A4 in points
_MARGIN = 56
_FONT_SIZE = 11
_LEADING = 15
_WRAP = 88  # characters per line at 11 pt Helvetica within the margins (roughly)


def document_bytes(*, title: str, body: str, extension: str, created: dt.datetime) -> bytes:
    if extension == ".txt":
        return (body + "\n").encode("utf-8")
    if extension == ".pdf":
        return pdf_bytes(title=title, text=body, created=created)
    raise ValueError(f"no demo documents of type {extension}")


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(*, title: str, text: str, created: dt.datetime) -> bytes:
    """A valid one-page PDF 1.4 showing ``text`` (wrapped), with ``title`` in its metadata."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines.extend(textwrap.wrap(paragraph, _WRAP) or [""])
    top = _PAGE_HEIGHT - _MARGIN
    content = b"BT /F1 %d Tf %d TL %d %d Td\n" % (_FONT_SIZE, _LEADING, _MARGIN, top)
    content += b"".join(_pdf_string(line) + b" Tj T*\n" for line in lines) + b"ET"
    stamp = created.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>" % (_PAGE_WIDTH, _PAGE_HEIGHT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title " + _pdf_string(title) + b" /Producer (Veilig demo) /CreationDate "
        + _pdf_string(stamp) + b" >>",
    ]  # fmt: skip
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
