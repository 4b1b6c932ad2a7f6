"""The subject access report (inzageverzoek, AVG article 15) for one person: data, JSON and PDF.

What it lists: the person's registered data categories (name, date of birth, whether a BSN is
stored — masked), per case the reference, theme, status, period, the organisations that took part
and which data categories and legal bases they contributed, and the access log about the person.

What it never lists: case content — no contribution or document texts, no reason for
registration, no plan. The registering partner (aanmelder) stays responsible for each case and
supplies copies of the content where the law allows; the report names it per case.
"""

from veilig.audit.reports.build import (
    AccessRow,
    SubjectAccessReport,
    access_rows,
    report_as_json,
    subject_access_report_build,
)
from veilig.audit.reports.labels import (
    action_label,
    object_type_label,
    purpose_label,
    result_label,
    role_label,
)
from veilig.audit.reports.pdf import (
    FONT_CANDIDATES,
    report_as_pdf,
    report_file_name,
    to_latin1,
)

__all__ = [
    "FONT_CANDIDATES",
    "AccessRow",
    "SubjectAccessReport",
    "access_rows",
    "action_label",
    "object_type_label",
    "purpose_label",
    "report_as_json",
    "report_as_pdf",
    "report_file_name",
    "result_label",
    "role_label",
    "subject_access_report_build",
    "to_latin1",
]
