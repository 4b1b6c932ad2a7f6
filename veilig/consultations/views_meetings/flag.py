"""From the case page: a participant asks for the case to be discussed at its table's next
meeting (``discussion_flag``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from veilig.audit.context import audit_context_of
from veilig.consultations.services import discussion_flag
from veilig.ui.views import personal_view


@personal_view
@require_POST
def discussion_flag_view(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        discussion_flag(context=audit_context_of(request), case_id=case_id)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, gettext("The case will be discussed at the next meeting."))
    return redirect("cases:detail", case_id=case_id)
