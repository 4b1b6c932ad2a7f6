"""Chart exports: PNG, SVG and PDF of a Vega-Lite spec, rendered on the server by vl-convert.

Fonts: vl-convert draws text only with fonts it knows (it has no browser to fetch a web font),
and it reads TrueType/OpenType files, not the WOFF/WOFF2 that Fontsource ships and
``scripts/vendor.sh`` vendors. So the first export of a process converts the vendored Noto Sans
WOFF files (latin and latin-ext, regular, italic and bold) to TrueType with fontTools into a
private temporary directory and registers that directory; the exports then use exactly the
font of the pages, and no system font. Without the vendored fonts (``make install`` not run)
an export fails loudly with ``ChartFontsMissing`` instead of printing charts without text.

The latin-ext faces are renamed "Noto Sans Latin Ext" and named after "Noto Sans" in the
family list: two faces with the same name would make the choice between them arbitrary.

Data: vl-convert may fetch no URL at all (``allowed_base_urls=[]``); specs carry their data
inline.
"""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import vl_convert
from fontTools.ttLib import TTFont

from veilig.intel.charts import style
from veilig.ui.pdf import PdfFontsMissing, static_path

FONT_FILES = {
    # (Fontsource file, family to register it under)
    "noto-sans-latin-400-normal.woff": style.FONT,
    "noto-sans-latin-400-italic.woff": style.FONT,
    "noto-sans-latin-700-normal.woff": style.FONT,
    "noto-sans-latin-ext-400-normal.woff": "Noto Sans Latin Ext",
    "noto-sans-latin-ext-400-italic.woff": "Noto Sans Latin Ext",
    "noto-sans-latin-ext-700-normal.woff": "Noto Sans Latin Ext",
}
FONT_DIR = "vendor/fonts/noto-sans/files"
EXPORT_FONT = f"{style.FONT}, Noto Sans Latin Ext"
# Twice the pixels of the page, so a PNG stays sharp on a slide or in print.
PNG_SCALE = 2.0


class ChartFontsMissing(RuntimeError):
    """The vendored Noto fonts are absent: `make install` (scripts/vendor.sh) has not run."""


def _rename(font: TTFont, family: str) -> None:
    """Give a face its family name (name IDs 1 and 16, the typographic family)."""
    table = font["name"]
    for record in table.names:
        if record.nameID in (1, 16):
            table.setName(family, record.nameID, record.platformID, record.platEncID, record.langID)


@functools.cache
def register_fonts() -> Path:
    """Converts the vendored WOFF faces to TrueType once per process and registers them."""
    target = Path(tempfile.mkdtemp(prefix="veilig-chart-fonts-"))
    for name, family in FONT_FILES.items():
        try:
            source = static_path(f"{FONT_DIR}/{name}")
        except PdfFontsMissing as missing:
            raise ChartFontsMissing(
                f"Missing font {missing}; run `make install` (scripts/vendor.sh)."
            ) from None
        font = TTFont(source)
        font.flavor = None  # plain TrueType: the format vl-convert reads
        _rename(font, family)
        font.save(target / name.replace(".woff", ".ttf"))
    vl_convert.register_font_directory(str(target))
    return target


def _export_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the spec with the export font list (the page's CSS does the same in a browser)."""
    copy: dict[str, Any] = json.loads(json.dumps(spec))
    copy.setdefault("config", {})["font"] = EXPORT_FONT
    return copy


def chart_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (text as text, in Noto Sans)."""
    register_fonts()
    svg: str = vl_convert.vegalite_to_svg(_export_spec(spec), allowed_base_urls=[])
    return svg


def chart_png(spec: dict[str, Any], *, scale: float = PNG_SCALE) -> bytes:
    register_fonts()
    png: bytes = vl_convert.vegalite_to_png(_export_spec(spec), scale=scale, allowed_base_urls=[])
    return png


def chart_pdf(spec: dict[str, Any]) -> bytes:
    """The chart as a one-page PDF with the fonts embedded."""
    register_fonts()
    pdf: bytes = vl_convert.vegalite_to_pdf(_export_spec(spec), allowed_base_urls=[])
    return pdf
