"""The one decorator of every page that may show personal data."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.decorators.cache import never_cache

from veilig.access.errors import NotFound
from veilig.accounts.models import User

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def personal_view(view: View) -> View:
    """Signed in (the second factor is checked by middleware), never stored by a browser or
    proxy, and a choke point's ``NotFound`` answered as 404: refused looks like missing."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc
        response["Cache-Control"] = "private, no-store, max-age=0"
        return response

    return login_required(never_cache(wrapper))  # type: ignore[return-value]


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a ``personal_view`` (login_required lets no one else through)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user
