"""Writing signals: create (with location, routing and photos), status changes, case links;
early signals: their status and the case registered from them.

Services write, selectors read. Every write of a signal leaves one audit row.
"""

from veilig.signals.services.create import (
    NamedPerson,
    person_for_signal,
    signal_create,
)
from veilig.signals.services.early import (
    early_signal_case_registered,
    early_signal_transition,
    early_transition_allowed,
)
from veilig.signals.services.location import (
    DEFAULT_DEADLINE_HOURS,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_PIXELS,
    PHOTO_MAX_SIDE,
    PHOTOS_PER_SIGNAL,
    Location,
    location_from_rd,
    location_resolve,
    photo_strip,
)
from veilig.signals.services.routing import (
    Route,
    SignalRouter,
    routing_rule_for,
    rule_matches,
    time_in_window,
)
from veilig.signals.services.workflow import (
    signal_link_case,
    signal_transition,
    transition_allowed,
)

__all__ = [
    "DEFAULT_DEADLINE_HOURS",
    "PHOTOS_PER_SIGNAL",
    "PHOTO_MAX_BYTES",
    "PHOTO_MAX_PIXELS",
    "PHOTO_MAX_SIDE",
    "Location",
    "NamedPerson",
    "Route",
    "SignalRouter",
    "early_signal_case_registered",
    "early_signal_transition",
    "early_transition_allowed",
    "location_from_rd",
    "location_resolve",
    "person_for_signal",
    "photo_strip",
    "routing_rule_for",
    "rule_matches",
    "signal_create",
    "signal_link_case",
    "signal_transition",
    "time_in_window",
    "transition_allowed",
]
