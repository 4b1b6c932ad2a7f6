"""Readable labels for the codes in the access log, shared by the report and the privacy pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from veilig.accounts.roles import Role
from veilig.audit.models import AuditAction, AuditResult

# --- Labels shared by the report and the privacy pages -------------------------------------------


def purpose_label(code: str) -> str:
    labels = {
        "casework": _("Casework"),
        "triage": _("Triage"),
        "consultation": _("Case consultation"),
        "break_glass": _("Break-the-glass"),
        "subject_access": _("Subject access request"),
        "supervision": _("Supervision by the privacy officer"),
        "break_glass_review": _("Review of break-the-glass"),
        "dashboards": _("Theme dashboards (aggregates)"),
    }
    return labels.get(code, code)


def role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def action_label(code: str) -> str:
    return str(AuditAction(code).label) if code in AuditAction.values else code


def result_label(code: str) -> str:
    return str(AuditResult(code).label) if code in AuditResult.values else code


def object_type_label(code: str) -> str:
    labels = {
        "case": _("case"),
        "person": _("person"),
        "person_merge": _("merge of two records of a person"),
        "contribution": _("contribution"),
        "document": _("document"),
        "participant": _("participant of a case"),
        "plan": _("plan of action"),
        "action": _("action of a plan"),
        "break_glass": _("break-the-glass"),
        "access_log": _("access log"),
        # Administration of rights (issue #11)
        "user": _("user account"),
        "user_role": _("role of a user"),
        "privilege_request": _("request for a privileged right"),
        "organisation": _("organisation"),
        "table": _("case table"),
        "table_member": _("membership of a case table"),
        "dashboard": _("theme dashboard"),
        # Configuration changed in /beheer/ (veilig.audit.admin_changes).
        "group": _("permission group"),
        "category": _("signal category"),
        "routing_rule": _("routing rule"),
        "team": _("neighbourhood team"),
        "team_membership": _("membership of a neighbourhood team"),
        "early_warning_rule": _("early-warning rule"),
        "area": _("area"),
        "event_source": _("event source"),
        # Sign-in and the second factor (accounts.auth_events, accounts.two_factor).
        "session": _("sign-in session"),
        "totp_device": _("authenticator app"),
        "backup_code": _("backup code"),
        "activation_code": _("activation code"),
        "two_factor_reset": _("reset of two-factor authentication"),
        # The case consultations (issue #14).
        "triage_decision": _("triage decision"),
        "subject_informing": _("informing the person"),
        "meeting": _("meeting of a case table"),
        "agenda_item": _("agenda item"),
        "attendance": _("attendance at a meeting"),
        "minutes": _("minutes of an agenda item"),
        "decision": _("decision at a meeting"),
        "discussion_request": _("request to discuss a case"),
    }
    return labels.get(code, code)


def _choice(choices: Any, code: str) -> dict[str, str]:
    return {"code": code, "label": str(choices(code).label) if code in choices.values else code}


def chain_finding_label(reason: str) -> str:
    """A finding of the chain verification (``VerifyResult.reason``) in the officer's words."""
    labels = {
        "missing or reordered row": _("a row is missing or out of order"),
        "row does not match its hash": _("a row does not match its hash"),
        "rows missing at the end (truncated)": _("rows are missing at the end"),
        "chain head does not match the last row": _("the chain head does not match the last row"),
        "rows missing: shorter than the last anchor": _(
            "the log has fewer rows than the last anchor"
        ),
        "row differs from the last anchor": _(
            "the row of the last anchor has changed: the log was rewritten up to there"
        ),
        "chain head missing although anchored": _(
            "the chain head is missing, although an anchor exists"
        ),
        "chain format differs from the last anchor": _(
            "the chain format differs from the last anchor"
        ),
    }
    return labels.get(reason, reason)
