"""What the case form pages share: run a service, render the form page, go back to the case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.views.decorators.http import require_http_methods

from veilig.cases.models import Case
from veilig.ui.forms import UiForm

GET_POST = require_http_methods(["GET", "POST"])


def run_service(form: UiForm, call: Callable[[], object]) -> bool:
    """Run a service; a refusal becomes form errors and nothing is changed."""
    try:
        call()
    except ValidationError as error:
        form.add_service_error(error)
        return False
    return True


def render_form(
    request: HttpRequest,
    *,
    form: UiForm,
    case: Case | None,
    case_id: int,
    title: Promise,
    intro: Promise | str = "",
    submit_label: Promise,
    multipart: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "case": case,
        "case_id": case_id,
        "title": title,
        "intro": intro,
        "submit_label": submit_label,
        "multipart": multipart,
        **(extra or {}),
    }
    return render(request, "cases/form.html", context)


def done(request: HttpRequest, case_id: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("cases:detail", case_id=case_id)
