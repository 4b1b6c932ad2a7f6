"""A choke point's refusal (``veilig.access.errors.NotFound``) answered as 404.

Services and choke points know nothing of HTTP; this is the one place that translates. The page
is Django's own 404, so a refused record looks exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse

from veilig.access.errors import NotFound


class NotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return response_for_exception(request, Http404())
        return None
