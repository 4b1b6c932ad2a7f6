"""The API's answer to a choke point's refusal: the same 404 as for a record that does not exist."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from veilig.access.errors import NotFound


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, NotFound):
        exc = exceptions.NotFound()
    return exception_handler(exc, context)
