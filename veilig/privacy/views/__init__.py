"""The privacy officer's pages: who accessed a person, what a user accessed, the break-the-glass
review queue, the chain verification and the subject access report (AVG art. 15).

Only the privacy officer opens them (everyone else gets 404). Each request writes exactly one
audit row, in its choke point (``veilig.access.privacy``): reading the log is itself logged.
Personal search terms travel by POST, never in a URL; person and user ids in URLs are fine.
"""

from veilig.privacy.views.break_glass import break_glass_queue, break_glass_review_view
from veilig.privacy.views.log import person_log, person_search, user_log
from veilig.privacy.views.subject_access import (
    subject_access,
    subject_access_json,
    subject_access_pdf,
)
from veilig.privacy.views.verify import chain_status

__all__ = [
    "break_glass_queue",
    "break_glass_review_view",
    "chain_status",
    "person_log",
    "person_search",
    "subject_access",
    "subject_access_json",
    "subject_access_pdf",
    "user_log",
]
