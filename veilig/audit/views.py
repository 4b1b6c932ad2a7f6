"""The privacy officer's pages: who accessed a person, what a user accessed, the break-the-glass
review queue, the chain verification and the subject access report (AVG art. 15).

Only the privacy officer opens them (everyone else gets 404). Each request writes exactly one
audit row: reading the log is itself logged. Personal search terms travel by POST, never in a URL;
person and user ids in URLs are fine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilig.audit.access import (
    PURPOSE_BREAK_GLASS_REVIEW,
    PURPOSE_SUBJECT_ACCESS,
    access_privacy_officer,
    privacy_audit,
)
from veilig.audit.forms import (
    BreakGlassReviewForm,
    PeriodForm,
    PersonLookupForm,
    ReportOptionsForm,
    UserLogForm,
)
from veilig.audit.models import AuditAction, AuditEntry, AuditResult
from veilig.audit.reports import (
    SubjectAccessReport,
    action_label,
    object_type_label,
    purpose_label,
    report_as_json,
    report_as_pdf,
    report_file_name,
    result_label,
    role_label,
    subject_access_report_build,
)
from veilig.audit.reports.labels import chain_finding_label
from veilig.audit.selectors import (
    audit_chain_verify,
    audit_entries_about_person,
    audit_entries_break_glass,
    audit_entries_by_user,
    audit_organisation_names,
    break_glass_awaiting_review,
    break_glass_grant,
    break_glass_reviewed,
    person_by_id,
    person_lookup,
)
from veilig.cases.services import break_glass_review
from veilig.ui.params import query_int

PER_PAGE = 50
REVIEWED_SHOWN = 50
_MAX_ID = 2**63 - 1  # larger numbers in a URL name no row (and overflow the database integer)


def _existing_id(request: HttpRequest, value: int, **audit: Any) -> None:
    """Http404, after a denied audit row, for an id no database row can have."""
    if value > _MAX_ID:
        privacy_audit(request, result=AuditResult.DENIED, detail="id-out-of-range", **audit)
        raise Http404


@dataclass(frozen=True)
class LogRow:
    """One access-log row as the privacy officer reads it."""

    seq: int
    at: datetime
    user: str
    user_id: int | None
    organisation: str
    role: str
    action: str
    object_type: str
    object_id: str
    subject_person_id: int | None
    granted: bool
    result: str
    purpose: str
    break_glass: bool
    origin: str
    channel: str


def _log_rows(entries: Iterable[AuditEntry]) -> list[LogRow]:
    entries = list(entries)
    names = audit_organisation_names(e.organisation for e in entries) if entries else {}
    return [
        LogRow(
            seq=e.seq,
            at=e.at,
            user=e.actor_username,
            user_id=e.actor_id,
            organisation=names.get(e.organisation, e.organisation),
            role=role_label(e.role),
            action=action_label(e.action),
            object_type=object_type_label(e.object_type),
            object_id=e.object_id,
            subject_person_id=e.subject_person_id,
            granted=e.result == AuditResult.GRANTED,
            result=result_label(e.result),
            purpose=purpose_label(e.purpose),
            break_glass=e.break_glass,
            origin=e.origin,
            channel=e.channel,
        )
        for e in entries
    ]


def _page(request: HttpRequest, queryset: QuerySet[AuditEntry], *, anchor: int) -> dict[str, Any]:
    """One page of rows up to sequence number ``anchor``, with the query for the page links.

    Viewing the log writes to it, so the pages of a newest-first list would shift on each click;
    the links therefore carry the anchor (``tot_nr``) of the first view.
    """
    anchor = query_int(request, "tot_nr", minimum=1, maximum=anchor) or anchor
    page = Paginator(queryset.filter(seq__lte=anchor), PER_PAGE).get_page(request.GET.get("pagina"))
    kept = [(k, str(v)) for k, v in request.GET.items() if k not in {"pagina", "tot_nr"} and v]
    query = urlencode([*kept, ("tot_nr", str(anchor))])  # ids and dates only, never personal data
    return {"page": page, "rows": _log_rows(page.object_list), "query": query}


def _period_detail(form: PeriodForm) -> str:
    since, until = form.period()
    if since is None and until is None:
        return ""
    return f":{since or ''}..{until or ''}"


# --- (a) Who accessed a person -------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def person_search(request: HttpRequest) -> HttpResponse:
    """Choose a person by number, or search by name, date of birth or BSN (by POST)."""
    action = AuditAction.SEARCH if request.method == "POST" else AuditAction.READ
    access_privacy_officer(request, detail="person-search", action=action)
    if request.method != "POST":
        privacy_audit(request, detail="person-search-form")
        return render(request, "privacy/person_search.html", {"form": PersonLookupForm()})

    form = PersonLookupForm(request.POST)
    if not form.is_valid():
        privacy_audit(
            request, action=AuditAction.SEARCH, object_type="person", detail="search:invalid"
        )
        return render(request, "privacy/person_search.html", {"form": form}, status=400)
    person_id = form.cleaned_data.get("person_id")
    kinds = form.search_kinds()
    if person_id and kinds == "person_id":
        privacy_audit(
            request,
            action=AuditAction.SEARCH,
            object_type="person",
            object_id=person_id,
            subject_person_id=person_id,
            detail="search:person_id",
        )
        return HttpResponseRedirect(reverse("privacy:person_log", args=[person_id]))
    results = person_lookup(
        name=form.cleaned_data.get("naam") or "",
        date_of_birth=form.cleaned_data.get("geboortedatum"),
        bsn=form.cleaned_data.get("bsn") or "",
    )
    if person_id:
        results = [p for p in results if p.pk == person_id]
    privacy_audit(
        request,
        action=AuditAction.SEARCH,
        object_type="person",
        subject_person_id=results[0].pk if len(results) == 1 else None,
        detail=f"search:{kinds}:{len(results)}",
    )
    return render(
        request,
        "privacy/person_search.html",
        {"form": form, "results": results, "searched": True},
    )


@login_required
@never_cache
@require_GET
def person_log(request: HttpRequest, person_id: int) -> HttpResponse:
    """Every access to one person, newest first, within an optional period."""
    access_privacy_officer(request, detail="person-log")
    _existing_id(request, person_id)
    form = PeriodForm(request.GET)
    since, until = form.period()
    person = person_by_id(person_id=person_id)
    entry = privacy_audit(
        request,
        object_id=person_id,
        subject_person_id=person_id,
        detail="person-log" + _period_detail(form),
    )
    listing = _page(
        request,
        audit_entries_about_person(person_id=person_id, since=since, until=until),
        anchor=entry.seq,
    )
    return render(
        request,
        "privacy/person_log.html",
        {"form": form, "person": person, "person_id": person_id, **listing},
    )


# --- (b) What a user accessed ---------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def user_log(request: HttpRequest) -> HttpResponse:
    access_privacy_officer(request, detail="user-log")
    chosen = "gebruiker" in request.GET
    form = UserLogForm(request.GET if chosen else None)
    subject = form.cleaned_data["gebruiker"] if chosen and form.is_valid() else None
    since, until = form.period() if subject is not None else (None, None)
    entry = privacy_audit(
        request,
        object_id=subject.pk if subject is not None else "",
        detail=(f"user-log:{subject.pk}" + _period_detail(form)) if subject else "user-log",
    )
    context: dict[str, Any] = {"form": form, "subject": subject}
    if subject is not None:
        context.update(
            _page(
                request,
                audit_entries_by_user(user_id=subject.pk, since=since, until=until),
                anchor=entry.seq,
            )
        )
    return render(request, "privacy/user_log.html", context)


# --- (c) Break-the-glass review -------------------------------------------------------------------


def _break_glass_page(
    request: HttpRequest,
    *,
    anchor: int,
    review_forms: dict[int, BreakGlassReviewForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    form = PeriodForm(request.GET)
    since, until = form.period()
    awaiting = list(break_glass_awaiting_review())
    forms = review_forms or {}
    queue = [(grant, forms.get(grant.pk) or BreakGlassReviewForm()) for grant in awaiting]
    listing = _page(request, audit_entries_break_glass(since=since, until=until), anchor=anchor)
    return render(
        request,
        "privacy/break_glass.html",
        {
            "form": form,
            "queue": queue,
            "reviewed": list(break_glass_reviewed()[:REVIEWED_SHOWN]),
            **listing,
        },
        status=status,
    )


@login_required
@never_cache
@require_GET
def break_glass_queue(request: HttpRequest) -> HttpResponse:
    access_privacy_officer(request, detail="break-glass-queue", purpose=PURPOSE_BREAK_GLASS_REVIEW)
    entry = privacy_audit(request, purpose=PURPOSE_BREAK_GLASS_REVIEW, detail="break-glass-queue")
    return _break_glass_page(request, anchor=entry.seq)


@login_required
@never_cache
@require_POST
def break_glass_review_view(request: HttpRequest, grant_id: int) -> HttpResponse:
    reviewer = access_privacy_officer(
        request,
        detail="break-glass-review",
        purpose=PURPOSE_BREAK_GLASS_REVIEW,
        action=AuditAction.UPDATE,
    )
    _existing_id(
        request,
        grant_id,
        purpose=PURPOSE_BREAK_GLASS_REVIEW,
        action=AuditAction.UPDATE,
        object_type="break_glass",
    )
    grant = break_glass_grant(grant_id=grant_id)

    def record(detail: str, result: AuditResult = AuditResult.GRANTED) -> None:
        privacy_audit(
            request,
            purpose=PURPOSE_BREAK_GLASS_REVIEW,
            action=AuditAction.UPDATE,
            object_type="break_glass",
            object_id=grant_id,
            subject_person_id=grant.case.subject_id if grant is not None else None,
            result=result,
            detail=detail,
        )

    if grant is None:
        record("review:unknown", AuditResult.DENIED)
        raise Http404
    queue_url = reverse("privacy:break_glass")
    if grant.user_id == reviewer.pk:
        record("review:own-access", AuditResult.DENIED)
        messages.error(request, _("You cannot review your own break-the-glass access."))
        return HttpResponseRedirect(queue_url)
    form = BreakGlassReviewForm(request.POST)
    if not form.is_valid():
        # Nothing changes; the queue is shown again with the error next to this grant.
        entry = privacy_audit(
            request, purpose=PURPOSE_BREAK_GLASS_REVIEW, detail="break-glass-queue:invalid-review"
        )
        return _break_glass_page(
            request, anchor=entry.seq, review_forms={grant.pk: form}, status=400
        )
    try:
        with transaction.atomic():
            break_glass_review(reviewer=reviewer, grant_id=grant.pk, note=form.cleaned_data["note"])
            record("review")
    except ValidationError as error:
        record("review:already-reviewed", AuditResult.DENIED)
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(queue_url)
    messages.success(
        request,
        _("The break-the-glass access of %(user)s to %(case)s has been reviewed.")
        % {"user": grant.user.get_username(), "case": grant.case.reference},
    )
    return HttpResponseRedirect(queue_url)


# --- (d) Chain verification -----------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def chain_status(request: HttpRequest) -> HttpResponse:
    access_privacy_officer(request, detail="chain-verify")
    privacy_audit(request, detail="chain-verify")
    result = audit_chain_verify()
    context = {
        "result": result,
        "finding": chain_finding_label(result.reason),
        "anchor": result.anchor,
        "anchor_minutes": settings.AUDIT_ANCHOR_MINUTES,
        "head": result.head,  # the head the rows were verified against, not a later one
    }
    return render(request, "privacy/chain.html", context)


# --- (e) Subject access report (AVG art. 15) ------------------------------------------------------


def _report(request: HttpRequest, person_id: int, *, kind: str) -> SubjectAccessReport:
    """Check access, build the report and write the request's one audit row."""
    action = AuditAction.READ if kind == "html" else AuditAction.EXPORT
    access_privacy_officer(
        request, detail=f"subject-access:{kind}", purpose=PURPOSE_SUBJECT_ACCESS, action=action
    )
    _existing_id(request, person_id, purpose=PURPOSE_SUBJECT_ACCESS, action=action)
    options = ReportOptionsForm(request.GET)
    with_names = bool(options.is_valid() and options.cleaned_data["namen"])
    person = person_by_id(person_id=person_id)
    detail = f"subject-access:{kind}" + (":names" if with_names else "")
    privacy_audit(
        request,
        purpose=PURPOSE_SUBJECT_ACCESS,
        action=action,
        object_id=person_id,
        subject_person_id=person.pk if person is not None else None,
        result=AuditResult.GRANTED if person is not None else AuditResult.DENIED,
        detail=detail,
    )
    report = subject_access_report_build(person_id=person_id, include_user_names=with_names)
    if report is None:
        raise Http404
    return report


def _attachment(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@never_cache
@require_GET
def subject_access(request: HttpRequest, person_id: int) -> HttpResponse:
    report = _report(request, person_id, kind="html")
    options = ReportOptionsForm(request.GET)
    query = urlencode({"namen": "on"}) if report.includes_user_names else ""
    return render(
        request,
        "privacy/subject_access.html",
        {"report": report, "options": options, "query": query},
    )


@login_required
@never_cache
@require_GET
def subject_access_json(request: HttpRequest, person_id: int) -> HttpResponse:
    report = _report(request, person_id, kind="json")
    body = json.dumps(report_as_json(report), ensure_ascii=False, indent=2).encode("utf-8")
    return _attachment(body, "application/json; charset=utf-8", report_file_name(report, "json"))


@login_required
@never_cache
@require_GET
def subject_access_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    report = _report(request, person_id, kind="pdf")
    return _attachment(report_as_pdf(report), "application/pdf", report_file_name(report, "pdf"))
