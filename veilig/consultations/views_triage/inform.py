"""Informing the subject as a tracked step: done on a date, or postponed with a reason and a
review date. The page is a read of the case (one row); saving is the service's one row."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from veilig.access.cases import Need, access_case
from veilig.audit.context import audit_context_of
from veilig.consultations.forms_triage import InformingForm
from veilig.consultations.models import SubjectInforming
from veilig.consultations.selectors.triage import subject_informing_of
from veilig.consultations.services import subject_informing_record
from veilig.ui.views import personal_view


def _save(request: HttpRequest, form: InformingForm, case_id: int) -> bool:
    data = form.cleaned_data
    informed = data["step"] == "informed"
    try:
        subject_informing_record(
            context=audit_context_of(request),
            case_id=case_id,
            informed_on=data["informed_on"] if informed else None,
            postponed_reason="" if informed else data["postponed_reason"],
            review_on=None if informed else data["review_on"],
        )
    except ValidationError as error:
        form.add_service_error(error)
        return False
    return True


def _initial(record: SubjectInforming | None) -> dict[str, object]:
    if record is None:
        return {}
    if record.postponed:
        return {
            "step": "postponed",
            "postponed_reason": record.postponed_reason,
            "review_on": record.review_on,
        }
    return {"step": "informed", "informed_on": record.informed_on}


@personal_view
@require_http_methods(["GET", "POST"])
def inform_view(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.method == "POST":
        form = InformingForm(request.POST)
        if form.is_valid() and _save(request, form, case_id):
            messages.success(request, gettext("Informing the person has been recorded."))
            return redirect("cases:detail", case_id=case_id)
        context: dict[str, object] = {"form": form, "case": None, "case_id": case_id}
        return render(request, "consultations/triage/inform.html", context)
    case = access_case(audit_context_of(request), case_id, need=Need.MANAGE)
    record = subject_informing_of(case=case)
    page: dict[str, object] = {
        "form": InformingForm(initial=_initial(record)),
        "case": case,
        "case_id": case_id,
        "record": record,
    }
    return render(request, "consultations/triage/inform.html", page)
