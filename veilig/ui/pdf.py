"""Every PDF of Veilig: a Django template rendered by WeasyPrint, tagged for accessibility.

Why WeasyPrint: it lays out HTML and CSS (the same templates and translations as the pages), it
embeds the self-hosted Noto fonts as subsets, so every name prints as it was typed (no Latin-1
fallback), and it writes PDF/UA-1: a tagged PDF with its title and language, which screen
readers follow.

The fonts are the Fontsource files that `make install` vendors into ``static/vendor/fonts``; a
PDF never loads anything else. The URL fetcher refuses every address outside the static files,
so a value in a template (a name, an address) can never make the server fetch a URL.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The Fontsource stylesheets of the report font: each declares one font file per Unicode range
# (latin, latin-ext, greek, cyrillic, vietnamese, devanagari), so a name in any of them prints.
FONT_STYLESHEETS = (
    "vendor/fonts/noto-sans/400.css",
    "vendor/fonts/noto-sans/400-italic.css",
    "vendor/fonts/noto-sans/700.css",
)
# The family the templates ask for; it stands for the chain of per-subset families below.
FONT_FAMILY = "Veilig PDF"
# Latin first: most text is in it, and the fallback for a character follows this order.
SUBSET_ORDER = (
    "latin",
    "latin-ext",
    "vietnamese",
    "greek",
    "greek-ext",
    "cyrillic",
    "cyrillic-ext",
    "devanagari",
)
_FACE = re.compile(
    r"/\* noto-sans-(?P<subset>[a-z-]+)-(?P<weight>\d+)-(?P<style>normal|italic) \*/\s*"
    r"@font-face\s*\{(?P<body>[^}]*)\}"
)
_WOFF2 = re.compile(r"url\((?P<url>[^)]+\.woff2)\)")
PDF_VARIANT = "pdf/ua-1"


class PdfFontsMissing(RuntimeError):
    """The vendored fonts are absent: `make install` (scripts/vendor.sh) has not run."""


def static_path(name: str) -> Path:
    """The file of a static asset, from the app's static folder or from STATIC_ROOT."""
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / name
    if candidate.is_file():
        return candidate
    raise PdfFontsMissing(name)


def _allowed_roots() -> list[Path]:
    roots = [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]
    roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class StaticFilesFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Fetches the static files of Veilig only; any other URL (http, file elsewhere) is refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("file://"):
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if any(path.is_relative_to(root) for root in _allowed_roots()):
                response: URLFetcherResponse = super().fetch(url, headers)
                return response
        raise ValueError("Only the static files of Veilig may be used in a PDF.")


def _subset_faces(css_path: Path) -> list[str]:
    """The stylesheet's faces, each under a family of its own subset.

    Why not the stylesheet as it is: all its subsets share the family "Noto Sans" and differ
    only in ``unicode-range``; WeasyPrint (70) keys the fonts of a PDF by family, weight and
    style, so glyphs of the Cyrillic file would be written with the Latin file's glyph numbers
    and print as other letters. One family per subset keeps each file a font of its own.
    """
    faces = []
    for face in _FACE.finditer(css_path.read_text(encoding="utf-8")):
        woff2 = _WOFF2.search(face["body"])
        if woff2 is None or face["subset"] not in SUBSET_ORDER:
            continue
        source = (css_path.parent / woff2["url"]).resolve()
        faces.append(
            "@font-face { "
            f"font-family: '{FONT_FAMILY} {face['subset']}'; "
            f"font-weight: {face['weight']}; font-style: {face['style']}; "
            f"src: url('{source.as_uri()}') format('woff2'); }}"
        )
    return faces


@functools.cache
def _fonts_stylesheet() -> str:
    faces = [face for name in FONT_STYLESHEETS for face in _subset_faces(static_path(name))]
    if not faces:
        raise PdfFontsMissing(FONT_STYLESHEETS[0])
    chain = ", ".join(f"'{FONT_FAMILY} {subset}'" for subset in SUBSET_ORDER)
    return "\n".join(faces) + f"\nhtml {{ font-family: {chain}, sans-serif; }}\n"


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The template rendered as a tagged PDF/UA-1 document.

    The template must be a whole HTML document with ``lang`` and ``<title>`` (PDF/UA asks for
    both); its stylesheet is inline, so no request to the server is needed.
    """
    html = render_to_string(template_name, context)
    font_config = FontConfiguration()
    fetcher = StaticFilesFetcher()
    document = HTML(
        string=html,
        base_url=str(static_path(FONT_STYLESHEETS[0]).parent),
        url_fetcher=fetcher,
    )
    pdf = document.write_pdf(
        stylesheets=[CSS(string=_fonts_stylesheet(), font_config=font_config, url_fetcher=fetcher)],
        font_config=font_config,
        pdf_variant=PDF_VARIANT,
        uncompressed_pdf=False,
    )
    assert isinstance(pdf, bytes)
    return pdf
