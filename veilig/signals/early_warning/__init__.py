"""Early warning (vroegsignalering): rules over signals and imported events.

Each active :class:`EarlyWarningRule` is evaluated over a look-back period before ``now``; a hit is
a set of signals and events (its evidence). Hits are deduplicated per rule and subject: a set
that overlaps an existing early signal updates it when it adds evidence (and reopens it when it
was closed) and changes nothing otherwise; only a set with no overlap creates a new one.
An address key that no signal named (only imported events carry it) is looked up in the address
registry around the items' points, so that the early signal names its address.

Kinds and parameters (defaults in brackets):

- ``repeat_subject``: an address or person with at least ``min_count`` [3] signals or events from at
  least ``min_sources`` [2] different sources within ``days`` [30] days;
- ``repeat_address_category``: signals of ``category`` [verward-gedrag] (or events of its themes)
  at the same address at least ``min_count`` [2] times within ``days`` [14] days;
- ``spatial_burst``: at least ``min_count`` [3] signals of ``category`` [woninginbraak] (or
  events of its themes) within ``radius_m`` [200] metres of one of them
  and within ``days`` [7] days.

Each kind also takes ``lookback_days`` (default: twice ``days``): how far back a run looks.
Signals of restricted categories never take part.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from veilig.signals.early_warning.recording import Recorder, address_of_key
from veilig.signals.early_warning.rules import (
    DEFAULTS,
    Hit,
    Item,
    RunResult,
    evaluate,
    parameters_of,
    sliding_windows,
)
from veilig.signals.models import EarlyWarningRule

__all__ = [
    "DEFAULTS",
    "Hit",
    "Item",
    "RunResult",
    "address_of_key",
    "early_warning_run",
    "parameters_of",
    "sliding_windows",
]


def early_warning_run(*, now: dt.datetime | None = None) -> RunResult:
    """Evaluate every active rule at ``now`` and record its hits (deduplicated)."""
    now = now or timezone.now()
    result = RunResult()
    for rule in EarlyWarningRule.objects.filter(active=True).order_by("pk"):
        hits = evaluate(rule, now)
        with transaction.atomic():
            recorder = Recorder(rule, result)
            for hit in hits:
                recorder.record(hit)
        result.per_rule[rule.name] = len(hits)
    return result
