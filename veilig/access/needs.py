"""What an access is for: the one ``Need`` and the one ``Purpose`` (doelbinding) of the platform.

A ``Need`` says what the caller will do with the object; the choke point checks the rule for
that need. A ``Purpose`` goes into the audit row; the privacy officer filters on it.
"""

from __future__ import annotations

from enum import StrEnum


class Need(StrEnum):
    READ = "read"
    CONTRIBUTE = "contribute"  # add to it: contributions, documents, actions
    MANAGE = "manage"  # process direction: status, participants, plans
    LINK = "link"  # link a signal to a case: process direction only


class Purpose(StrEnum):
    CASEWORK = "casework"
    TRIAGE = "triage"
    CONSULTATION = "consultation"
    BREAK_GLASS = "break_glass"
    SUBJECT_ACCESS = "subject_access"  # inzageverzoek, AVG art. 15
    SIGNALS = "signals"
    EVENT_IMPORT = "event_import"
    FORECASTS = "forecasts"
    DASHBOARDS = "dashboards"  # theme figures per area and period (aggregates)
    SUPERVISION = "supervision"  # toezicht op de verwerking
    BREAK_GLASS_REVIEW = "break_glass_review"
