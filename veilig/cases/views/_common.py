"""What every case view shares: sign-in, no caching, and the signed-in user."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.decorators.cache import never_cache

from veilig.accounts.models import User

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def case_view(view: View) -> View:
    """Signed in (2FA by middleware), never cached: every page here may hold personal data."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store, max-age=0"
        return response

    return login_required(never_cache(wrapper))  # type: ignore[return-value]


def case_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required lets only signed-in users through
        raise Http404
    return user
