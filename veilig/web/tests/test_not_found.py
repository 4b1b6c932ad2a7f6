"""A choke point's NotFound is a 404 in pages and in the API, indistinguishable from a miss."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from veilig.access.errors import NotFound
from veilig.web.middleware import NotFoundMiddleware


def _raise(request: HttpRequest) -> HttpResponse:
    raise NotFound("case")


@pytest.mark.django_db
def test_middleware_answers_not_found_with_the_404_page() -> None:
    request = RequestFactory().get("/casussen/1/")
    request.user = AnonymousUser()
    middleware = NotFoundMiddleware(_raise)
    response = middleware.process_exception(request, NotFound("case"))
    assert response is not None
    assert response.status_code == 404
    assert b"<html" in response.content  # the site's own 404 page


def test_middleware_leaves_other_exceptions_alone() -> None:
    request = RequestFactory().get("/")
    assert NotFoundMiddleware(_raise).process_exception(request, ValueError()) is None


class _Refusing(APIView):
    authentication_classes: list[type] = []
    permission_classes: list[type] = []

    def get(self, request: object) -> HttpResponse:
        raise NotFound("case")


@pytest.mark.django_db
def test_api_answers_not_found_as_drf_404() -> None:
    response = _Refusing.as_view()(APIRequestFactory().get("/api/v1/casussen/1"))
    assert response.status_code == 404
    assert set(response.data) == {"detail"}
