"""A self-contained HTML report of a backtest: hit-rate/coverage curves (inline SVG) and tables.

No scripts, no external resources: the file can be mailed or archived as it is. Every chart has
a data table and a one-line summary (DESIGN.md, accessibility).
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from veilig.intel.forecast.backtest import BacktestResult, coverage_key
from veilig.intel.forecast.events import LoadReport, format_day
from veilig.intel.forecast.metrics import CURVE_COVERAGES, STANDARD_COVERAGES

COLOURS = ("#1f4e79", "#b35900", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#5d4037")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4")
MAX_X = 0.30


def _curve_svg(result: BacktestResult) -> str:
    w, h, ml, mb, mt, mr = 640, 360, 56, 44, 16, 150
    pw, ph = w - ml - mr, h - mt - mb
    covs = [c for c in CURVE_COVERAGES if c <= MAX_X]
    y_max = max(
        [m.hit_rate[c] for m in result.methods.values() for c in covs] + [MAX_X], default=MAX_X
    )
    y_max = min(1.0, max(0.1, round(y_max * 1.1 + 0.05, 1)))

    def px(c: float) -> float:
        return ml + pw * c / MAX_X

    def py(v: float) -> float:
        return mt + ph * (1 - v / y_max)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-labelledby="curve-title curve-desc">',
        '<title id="curve-title">Trefkans tegen dekking per methode</title>',
        '<desc id="curve-desc">Aandeel van de testincidenten in de gemarkeerde cellen (y) tegen '
        "het aandeel gemarkeerd gebied (x), per methode; de stippellijn is willekeur.</desc>",
        f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="#666"/>',
    ]
    for i in range(7):
        c = MAX_X * i / 6
        parts.append(
            f'<line x1="{px(c):.1f}" y1="{mt + ph}" x2="{px(c):.1f}" y2="{mt + ph + 5}" '
            'stroke="#666"/>'
            f'<text x="{px(c):.1f}" y="{mt + ph + 18}" font-size="12" text-anchor="middle">'
            f"{c * 100:.0f}%</text>"
        )
    for i in range(6):
        v = y_max * i / 5
        parts.append(
            f'<line x1="{ml - 5}" y1="{py(v):.1f}" x2="{ml}" y2="{py(v):.1f}" stroke="#666"/>'
            f'<text x="{ml - 8}" y="{py(v) + 4:.1f}" font-size="12" text-anchor="end">'
            f"{v * 100:.0f}%</text>"
        )
    parts.append(
        f'<text x="{ml + pw / 2}" y="{h - 6}" font-size="12" text-anchor="middle">'
        "dekking (aandeel cellen)</text>"
        f'<text x="14" y="{mt + ph / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 14 {mt + ph / 2})">trefkans</text>'
        f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(MAX_X)}" y2="{py(min(MAX_X, y_max)):.1f}" '
        'stroke="#999" stroke-dasharray="3 3"/>'
    )
    for i, (name, m) in enumerate(result.methods.items()):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        pts = " ".join(
            [f"{px(0):.1f},{py(0):.1f}"] + [f"{px(c):.1f},{py(m.hit_rate[c]):.1f}" for c in covs]
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
        ly = mt + 14 + 20 * i
        parts.append(
            f'<line x1="{w - mr + 10}" y1="{ly}" x2="{w - mr + 40}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2"{dash_attr}/>'
            f'<text x="{w - mr + 46}" y="{ly + 4}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(v: float, digits: int = 2) -> str:
    return f"{v:.{digits}f}"


def render_html(
    result: BacktestResult,
    *,
    settings: dict[str, Any],
    total_seconds: float,
    load: LoadReport | None = None,
) -> str:
    covs = STANDARD_COVERAGES
    best_name = max(result.methods, key=lambda k: result.methods[k].pai[0.03], default="")
    summary = (
        f"Bij 3 % dekking vangt {escape(best_name)} het grootste deel van de testincidenten "
        f"(PAI {result.methods[best_name].pai[0.03]:.2f})."
        if best_name
        else "Geen methoden."
    )
    head_cells = "".join(f'<th scope="col">{coverage_key(c)}%</th>' for c in covs)
    rows = []
    for name, m in result.methods.items():
        rows.append(
            f'<tr><th scope="row">{escape(name)}</th>'
            + "".join(f"<td>{_fmt(m.pai[c])}</td>" for c in covs)
            + f"<td>{_fmt(m.ci95_pai_3[0])} tot {_fmt(m.ci95_pai_3[1])}</td>"
            + "".join(f"<td>{_fmt(m.pei[c])}</td>" for c in (0.03, 0.10))
            + f"<td>{_fmt(m.seconds, 1)}</td></tr>"
        )
    curve_head = "".join(
        f'<th scope="col">{c * 100:g}%</th>' for c in CURVE_COVERAGES if c <= MAX_X
    )
    curve_rows = [
        f'<tr><th scope="row">{escape(name)}</th>'
        + "".join(f"<td>{m.hit_rate[c] * 100:.1f}</td>" for c in CURVE_COVERAGES if c <= MAX_X)
        + "</tr>"
        for name, m in result.methods.items()
    ]
    params = "".join(
        f"<li><strong>{escape(name)}</strong>: "
        + (", ".join(f"{escape(k)} = {escape(str(v))}" for k, v in m.params.items()) or "—")
        + f" (afstemmen {m.tune_seconds:.1f} s)</li>"
        for name, m in result.methods.items()
    )
    shown = {k: v for k, v in settings.items() if k not in ("quiet",)}
    for k in ("start", "end"):
        if isinstance(shown.get(k), float):
            shown[k] = format_day(shown[k])
    setting_rows = "".join(
        f'<tr><th scope="row">{escape(str(k))}</th><td>{escape(str(v))}</td></tr>'
        for k, v in shown.items()
    )
    load_line = (
        f"<p>{load.rows} regels gelezen, {load.kept} gebruikt, {load.dropped} overgeslagen "
        f"(onleesbare tijd {load.bad_time}, onleesbare coördinaten {load.bad_coords}).</p>"
        if load
        else ""
    )
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Backtest hotspotvoorspelling</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.5}}
table{{border-collapse:collapse;margin:1rem 0}}th,td{{border:1px solid #bbb;padding:.25rem .5rem;
text-align:right}}th[scope=row]{{text-align:left}}caption{{text-align:left;font-weight:bold}}
.wide{{overflow-x:auto}}
</style></head><body>
<h1>Backtest hotspotvoorspelling</h1>
<p>{result.cells} cellen, {result.windows} vensters, {result.events_test} testincidenten;
totale rekentijd {total_seconds:.1f} s. Gemaakt {made}.</p>
{load_line}
<p>{summary}</p>
<h2>PAI per dekking</h2>
<table><caption>PAI (trefkans gedeeld door aandeel gebied), 95%-interval bij 3 % (bootstrap over
vensters), PEI* en rekentijd</caption>
<thead><tr><th scope="col">methode</th>{head_cells}<th scope="col">95%-interval PAI 3%</th>
<th scope="col">PEI* 3%</th><th scope="col">PEI* 10%</th><th scope="col">seconden</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>Trefkans tegen dekking</h2>
{_curve_svg(result)}
<div class="wide"><table><caption>Trefkans (%) per dekking</caption>
<thead><tr><th scope="col">methode</th>{curve_head}</tr></thead>
<tbody>{"".join(curve_rows)}</tbody></table></div>
<h2>Instellingen</h2>
<ul>{params}</ul>
<table><caption>Opdracht</caption><tbody>{setting_rows}</tbody></table>
<p>Een voorspelling zegt waar incidenten relatief vaak te verwachten zijn, niet wie ze pleegt of
dat ze zullen gebeuren. Protocol: zie docs/forecasting.md.</p>
</body></html>
"""
