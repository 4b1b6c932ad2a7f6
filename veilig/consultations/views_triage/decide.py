"""The one-step triage decision on a case. The page is a read of the case (one row); saving is
the service's one row; a refusal shows every error at once and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from veilig.access.cases import Need, Purpose, access_case
from veilig.access.meetings import TRIAGE_STATUSES, tables_directed_by
from veilig.accounts.requests import signed_in_user
from veilig.audit.context import audit_context_of
from veilig.cases.models import Table
from veilig.cases.vocabulary import Theme
from veilig.consultations.forms_triage import WEEGPLOEG, TriageDecisionForm
from veilig.consultations.models import TriageDecision
from veilig.consultations.selectors.triage import criteria_met, earlier_cases, triage_decisions_of
from veilig.consultations.services import triage_decide
from veilig.consultations.vocabulary import OUTCOMES_WITH_TABLE, TriageOutcome
from veilig.ui.views import personal_view


def _save(request: HttpRequest, form: TriageDecisionForm, case_id: int) -> TriageDecision | None:
    data = form.cleaned_data
    outcome = TriageOutcome(data["outcome"])
    table = data["table"] if outcome in OUTCOMES_WITH_TABLE else None
    try:
        return triage_decide(
            context=audit_context_of(request),
            case_id=case_id,
            outcome=outcome,
            reason=data["reason"],
            table_id=table.pk if table is not None else None,
        )
    except ValidationError as error:
        form.add_service_error(error)
        return None


@personal_view
@require_http_methods(["GET", "POST"])
def decide_view(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    tables = tables_directed_by(user)
    if request.method == "POST":
        weegploeg = request.POST.get("kind") == WEEGPLOEG
        # Parsed against every table: the service decides (and logs) who may use which.
        form = TriageDecisionForm(request.POST, weegploeg=weegploeg, tables=Table.objects.all())
        if form.is_valid():
            decision = _save(request, form, case_id)
            if decision is not None:
                messages.success(
                    request,
                    gettext("The triage decision on case %(reference)s has been recorded.")
                    % {"reference": decision.case.reference},
                )
                return redirect("triage:queue")
        form.offer_tables(tables)  # shown again: only the tables the user directs
        context: dict[str, object] = {"form": form, "case": None, "case_id": case_id}
        return render(request, "consultations/triage/decide.html", context)
    case = access_case(audit_context_of(request), case_id, need=Need.MANAGE, purpose=Purpose.TRIAGE)
    weegploeg = case.theme == Theme.RADICALISATION
    page: dict[str, object] = {
        "form": TriageDecisionForm(weegploeg=weegploeg, tables=tables),
        "case": case,
        "case_id": case_id,
        "open": case.status in TRIAGE_STATUSES,
        "criteria": criteria_met(case),
        "earlier": earlier_cases(user=user, cases=[case])[case.pk],
        "decisions": triage_decisions_of(case=case),
    }
    return render(request, "consultations/triage/decide.html", page)
