"""The one decorator of every page that may show personal data."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.cache import never_cache

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def personal_view(view: View) -> View:
    """Signed in (the second factor is checked by middleware) and never stored by a browser or
    proxy. A choke point's ``NotFound`` is answered as 404 by ``veilig.web.middleware``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store, max-age=0"
        return response

    return login_required(never_cache(wrapper))  # type: ignore[return-value]
