"""What a row of the access log says happened, in the reader's language, built from its codes.

A row holds codes only (``create``, ``contribution``, ``case:17``); the sentence is made when
the row is shown, so that switching the UI language changes the page and never the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veilig.audit.detail import DETAIL_SEPARATOR
from veilig.audit.models import AuditEntry
from veilig.privacy.labels import action_label, object_type_label

# (action, object type) -> sentence; ``%(case)s`` is the case's reference, or "?" when unknown.
_SENTENCES: dict[tuple[str, str], Promise] = {
    ("list", "case"): gettext_lazy("list of cases viewed"),
    ("search", "case"): gettext_lazy("cases searched"),
    ("read", "case"): gettext_lazy("case %(case)s opened"),
    ("create", "case"): gettext_lazy("case %(case)s registered"),
    ("update", "case"): gettext_lazy("status of case %(case)s changed"),
    ("read", "person"): gettext_lazy("personal details opened"),
    ("read", "contribution"): gettext_lazy("contribution in case %(case)s read"),
    ("create", "contribution"): gettext_lazy("contribution added to case %(case)s"),
    ("download", "document"): gettext_lazy("document of case %(case)s downloaded"),
    ("create", "document"): gettext_lazy("document added to case %(case)s"),
    ("create", "participant"): gettext_lazy("organisation invited to case %(case)s"),
    ("update", "plan"): gettext_lazy("plan of action of case %(case)s saved"),
    ("read", "action"): gettext_lazy("action of case %(case)s opened"),
    ("create", "action"): gettext_lazy("action added to case %(case)s"),
    ("update", "action"): gettext_lazy("action of case %(case)s updated"),
    ("create", "break_glass"): gettext_lazy("emergency access to case %(case)s requested"),
    ("list", "signal"): gettext_lazy("list of signals viewed"),
    ("read", "signal"): gettext_lazy("signal opened"),
    ("create", "signal"): gettext_lazy("signal reported"),
    ("update", "signal"): gettext_lazy("signal changed"),
    ("download", "signal"): gettext_lazy("photo of a signal downloaded"),
    ("read", "early_signal"): gettext_lazy("early signal opened"),
    ("export", "case"): gettext_lazy("list of cases exported"),
    ("export", "signal"): gettext_lazy("list of signals exported"),
    ("export", "early_signal"): gettext_lazy("list of early signals exported"),
    ("export", "event_import"): gettext_lazy("report of an import exported"),
    ("list", "early_signal"): gettext_lazy("list of early signals viewed"),
    ("update", "early_signal"): gettext_lazy("early signal changed"),
    ("list", "person"): gettext_lazy("possible duplicate persons viewed"),
    ("create", "person_merge"): gettext_lazy("two records of the person merged"),
    ("read", "person_merge"): gettext_lazy("merge of two records opened"),
    ("update", "person_merge"): gettext_lazy("merge of two records changed"),
    # The case consultations (issue #14).
    ("create", "triage_decision"): gettext_lazy("triage decision on case %(case)s recorded"),
    ("update", "subject_informing"): gettext_lazy("informing the person of case %(case)s recorded"),
    ("read", "meeting"): gettext_lazy("meeting opened"),
    ("create", "meeting"): gettext_lazy("meeting scheduled"),
    ("update", "meeting"): gettext_lazy("meeting changed"),
    ("export", "meeting"): gettext_lazy("agenda or minutes of a meeting made"),
    ("download", "meeting"): gettext_lazy("calendar file of a meeting downloaded"),
    ("read", "agenda_item"): gettext_lazy("case %(case)s opened in a meeting"),
    ("create", "agenda_item"): gettext_lazy("case %(case)s put on an agenda"),
    ("update", "agenda_item"): gettext_lazy("agenda reordered"),
    ("create", "attendance"): gettext_lazy("attendance at a meeting recorded"),
    ("update", "attendance"): gettext_lazy("confidentiality statement for a meeting accepted"),
    ("update", "minutes"): gettext_lazy("minutes on case %(case)s written"),
    ("create", "decision"): gettext_lazy("decision on case %(case)s recorded"),
    ("create", "discussion_request"): gettext_lazy("case %(case)s put forward for discussion"),
    # The theme dashboards (issue #15): aggregates; the detail names the area codes and period.
    ("read", "dashboard"): gettext_lazy("theme dashboard viewed"),
    ("export", "dashboard"): gettext_lazy("figures of a theme dashboard downloaded"),
}
# Rows whose detail code says more than their action (code -> sentence).
_BY_CODE: dict[tuple[str, str, str], Promise] = {
    ("update", "person_merge", "undo"): gettext_lazy("merge of two records undone"),
    ("update", "person_merge", "confirm"): gettext_lazy("merge of two records confirmed"),
    ("list", "case", "triage"): gettext_lazy("triage queue viewed"),
    ("list", "case", "followup"): gettext_lazy("follow-up overview viewed"),
}
_CASE_OBJECTS = frozenset({"case", "break_glass"})


def detail_codes(detail: str) -> list[str]:
    return [code for code in detail.split(DETAIL_SEPARATOR) if code]


def case_id_of(*, object_type: str, object_id: str, detail: str) -> int | None:
    """The case a row is about: its object, or the ``case:<id>`` code of its detail."""
    if object_type in _CASE_OBJECTS and object_id.isdigit():
        return int(object_id)
    for code in detail_codes(detail):
        name, _sep, value = code.partition(":")
        if name == "case" and value.isdigit():
            return int(value)
    return None


def case_ids_of(rows: Iterable[tuple[str, str, str]]) -> set[int]:
    """The cases named by rows given as (object type, object id, detail)."""
    found = (case_id_of(object_type=t, object_id=i, detail=d) for t, i, d in rows)
    return {case_id for case_id in found if case_id is not None}


def what_happened(
    *,
    action: str,
    object_type: str,
    object_id: str,
    detail: str,
    case_references: Mapping[int, str],
) -> str:
    """One sentence for one row, e.g. "inbreng toegevoegd aan casus ZVH-2026-00017"."""
    codes = detail_codes(detail)
    by_code = (_BY_CODE.get((action, object_type, code)) for code in codes)
    sentence = next((s for s in by_code if s is not None), _SENTENCES.get((action, object_type)))
    if sentence is None:
        text = f"{action_label(action)} {object_type_label(object_type)}"
    else:
        case_id = case_id_of(object_type=object_type, object_id=object_id, detail=detail)
        reference = case_references.get(case_id, "?") if case_id is not None else "?"
        text = str(sentence) % {"case": reference}
    if "invalid" in codes:
        text += " " + _("(not saved: the input was refused)")
    return text


def row_sentence(entry: AuditEntry, case_references: Mapping[int, str]) -> str:
    """``what_happened`` of a stored row."""
    return what_happened(
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        detail=entry.detail,
        case_references=case_references,
    )
