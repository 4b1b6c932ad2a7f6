from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from veilig.accounts.requests import signed_in_user
from veilig.ui.views import personal_view
from veilig.web.overview import HomeInput, role_sections_for


@personal_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What needs my attention: counts, dates and case references per role (no audit row)."""
    home_input = HomeInput(user=signed_in_user(request), request=request)
    sections = [
        {"role": section.role, "title": section.title, "blocks": section.blocks(home_input)}
        for section in role_sections_for(user=home_input.user)
    ]
    return render(request, "web/home.html", {"sections": sections})
