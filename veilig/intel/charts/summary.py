"""One-line summaries of a chart in Dutch (and English), for its caption and aria-label.

The rule (issue #15): compare the period's total with the same period a year earlier, in
percent rounded to a whole number (halves away from zero), and call the change notable only
when the total lies outside the band of earlier years (``data.Baseline``: mean ± 2 sd);
otherwise it is "within the usual variation". A suppressed figure is never compared: the
percentage would give it away.

Each sentence is one message with placeholders, except the clause about the band, which is
joined by a message of its own, so that a translation can reorder every part.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from veilig.intel.charts import style
from veilig.intel.charts.data import Baseline, Comparison, percent_change
from veilig.intel.charts.labels import number


def whole_percent(value: float) -> int:
    """Rounded to a whole percent, halves away from zero (18.5 → 19, not banker's 18)."""
    magnitude = int(Decimal(str(abs(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return magnitude if value >= 0 else -magnitude


def _count_word(count: int) -> str:
    """Small counts in words ("vijf jaar"), larger ones in digits."""
    words = {
        2: _("two"),
        3: _("three"),
        4: _("four"),
        5: _("five"),
        6: _("six"),
        7: _("seven"),
        8: _("eight"),
        9: _("nine"),
        10: _("ten"),
    }
    return words.get(count, str(count))


def _reference(comparison: Comparison) -> str:
    single = comparison.periods == 1
    if comparison.granularity == "week":
        return _("the same week last year") if single else _("the same weeks last year")
    return _("the same month last year") if single else _("the same months last year")


def _band_clause(baseline: Baseline | None, current: int, change: int | None) -> str:
    """The clause about the band, or '' when there is no band (fewer than two years)."""
    if baseline is None or baseline.high is None:
        return ""
    years = {"years": _count_word(baseline.years)}
    side = baseline.outside(current)
    if side is None:
        return _("within the usual variation")
    rising = change is None or change > 0  # from zero: a rise
    if (side == "above") == rising and change != 0:
        return _("more than the variation of the past %(years)s years") % years
    if side == "above":
        return _("but is still above the usual variation of the past %(years)s years") % years
    return _("but is still below the usual variation of the past %(years)s years") % years


def trend_summary(comparison: Comparison, *, threshold: int | None = None) -> str:
    """The summary sentence of a comparison (in the active language)."""
    names = {"theme": comparison.theme, "area": comparison.area}
    too_small = {"threshold": style.threshold_of(threshold)}
    reference = _reference(comparison)
    current = comparison.current
    if current is None:
        return (
            _("%(theme)s in %(area)s: the figure is too small to show (fewer than %(threshold)s).")
            % (names | too_small)
        )
    shown = {"current": number(current), "reference": reference}
    if comparison.previous_suppressed:
        return (
            _(
                "%(theme)s in %(area)s: %(current)s; the figure of %(reference)s is too small"
                " to show (fewer than %(threshold)s), so there is no comparison."
            )
            % (names | shown | too_small)
        )
    previous = comparison.previous
    if previous is None:
        return (
            _(
                "%(theme)s in %(area)s: %(current)s; there is no figure of %(reference)s"
                " to compare with."
            )
            % (names | shown)
        )
    change = percent_change(current, previous)
    rounded = None if change is None else whole_percent(change)
    values = names | shown | {"percent": None if rounded is None else abs(rounded)}
    if change is None and current == 0:
        main = _("%(theme)s in %(area)s stayed the same compared with %(reference)s") % values
    elif change is None:
        main = _("%(theme)s in %(area)s: %(current)s, against none in %(reference)s") % values
    elif change == 0:
        main = _("%(theme)s in %(area)s stayed the same compared with %(reference)s") % values
    elif rounded == 0:
        main = (
            _("%(theme)s in %(area)s stayed about the same compared with %(reference)s") % values
        )
    elif change > 0:
        main = _("%(theme)s in %(area)s rose %(percent)s%% compared with %(reference)s") % values
    else:
        main = _("%(theme)s in %(area)s fell %(percent)s%% compared with %(reference)s") % values
    clause = _band_clause(comparison.baseline, current, rounded if change is not None else None)
    if not clause:
        return _("%(main)s.") % {"main": main}
    return _("%(main)s, %(clause)s.") % {"main": main, "clause": clause}
