"""The aggregate engine of the dashboards (docs/intelligence.md)."""

from veilig.intel.aggregates.calendar import Bucket
from veilig.intel.aggregates.runtime import Engine, engine, engine_reset
from veilig.intel.aggregates.query import EVENTS, SIGNALS, Selection, Tally

__all__ = ["EVENTS", "SIGNALS", "Bucket", "Engine", "Selection", "Tally", "engine", "engine_reset"]
