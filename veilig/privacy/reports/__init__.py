"""The subject access report (inzageverzoek, AVG article 15) for one person: data, JSON and PDF.

What it lists: the person's registered data categories (name, date of birth, whether a BSN is
stored — masked), per case the reference, theme, status, period, the organisations that took part
and which data categories and legal bases they contributed, and the access log about the person.

What it never lists: case content — no contribution or document texts, no reason for
registration, no plan. The registering partner (aanmelder) stays responsible for each case and
supplies copies of the content where the law allows; the report names it per case.
"""

from veilig.privacy.labels import (
    action_label,
    object_type_label,
    purpose_label,
    result_label,
    role_label,
)
from veilig.privacy.reports.build import (
    AccessRow,
    SubjectAccessReport,
    report_as_json,
    report_rows,
    subject_access_report_build,
)
from veilig.privacy.reports.pdf import (
    Sender,
    report_as_pdf,
    report_file_name,
    report_reference,
)

__all__ = [
    "AccessRow",
    "Sender",
    "SubjectAccessReport",
    "action_label",
    "object_type_label",
    "purpose_label",
    "report_as_json",
    "report_as_pdf",
    "report_file_name",
    "report_reference",
    "report_rows",
    "result_label",
    "role_label",
    "subject_access_report_build",
]
