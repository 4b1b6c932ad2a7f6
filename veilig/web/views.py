from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from veilig.accounts.models import User
from veilig.web.overview import role_sections_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required guarantees it
    sections = [
        {
            "role": section.role,
            "title": section.title,
            "will_show": section.will_show,
            "module": section.module,
            "live": section.live is not None,
            "items": section.live(user) if section.live else [],
        }
        for section in role_sections_for(user=user)
    ]
    return render(request, "web/home.html", {"sections": sections})
