"""The case list, search, registration and detail."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from veilig.access.cases import (
    access_case,
    access_case_list,
)
from veilig.access.policy import contributions_visible_to, documents_visible_to
from veilig.cases.api import serializers as s
from veilig.cases.api.views.base import (
    ERROR_400,
    ERRORS_READ,
    ERRORS_WRITE,
    ID,
    PAGE_PARAMETERS,
    VeiligAPIView,
    case_page_response,
)
from veilig.cases.models import Plan
from veilig.cases.selectors import CaseFilters, case_list, case_timeline
from veilig.cases.services import (
    case_register_new_person,
)
from veilig.cases.vocabulary import Theme


class CaseListView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_list",
        tags=["cases"],
        summary="List the cases you may see",
        description=(
            "Filters never carry personal data; to search by name, date of birth or BSN use "
            "`POST /api/v1/cases/search/`. Users without a case role get 404."
        ),
        parameters=[s.CaseListQuerySerializer, *PAGE_PARAMETERS],
        responses={200: s.CasePageSerializer, 400: ERROR_400, **ERRORS_READ},
    )
    def get(self, request: Request) -> Response:
        params = self.parse(s.CaseListQuerySerializer, request.query_params)
        visible = access_case_list(self.context(request))
        filters = CaseFilters(
            theme=params.get("theme", ""),
            status=params.get("status", ""),
            partner=params.get("partner"),
            stadsdeel=params.get("stadsdeel"),
            overdue=params["overdue"],
            sort=params["ordering"],
        )
        return case_page_response(self, request, case_list(visible=visible, filters=filters))

    @extend_schema(
        operation_id="cases_register",
        tags=["cases"],
        summary="Register a case",
        description=(
            "Registers the case for your organisation, linked to the person these details are "
            "(by BSN, or by name and date of birth) or to a new person, in one transaction: on "
            "any error nothing is stored. The answer shows the person as you registered them, "
            "whether or not they were known before."
        ),
        request=s.CaseRegisterSerializer,
        responses={201: s.CaseSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        data = self.parse(s.CaseRegisterSerializer, request.data)
        case = case_register_new_person(
            context=self.context(request),
            person=dict(data["person"]),
            theme=Theme(data["theme"]),
            reason=data["reason"],
            criteria=dict(data["criteria"]),
            stadsdeel=data["stadsdeel"],
        )
        return Response(s.CaseSerializer(case).data, status=status.HTTP_201_CREATED)


class CaseSearchView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_search",
        tags=["cases"],
        summary="Search the cases you may see",
        description=(
            "The search term travels in the body so that it never appears in a URL or a "
            "server log; the access log records only its kind and a keyed digest."
        ),
        request=s.CaseSearchSerializer,
        parameters=PAGE_PARAMETERS,
        responses={200: s.CasePageSerializer, **ERRORS_WRITE},
    )
    def post(self, request: Request) -> Response:
        query = self.parse(s.CaseSearchSerializer, request.data)["query"]
        visible = access_case_list(self.context(request), query=query)
        return case_page_response(
            self, request, case_list(visible=visible, filters=CaseFilters(query=query))
        )


class CaseDetailView(VeiligAPIView):
    @extend_schema(
        operation_id="cases_retrieve",
        tags=["cases"],
        summary="One case as you may see it",
        description="Contributions and documents are limited to those whose sharing scope "
        "includes you.",
        parameters=[ID],
        responses={200: s.CaseDetailSerializer, **ERRORS_READ},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = self.actor(request)
        case = access_case(self.context(request), pk)
        try:
            plan: Plan | None = case.plan
        except ObjectDoesNotExist:
            plan = None
        detail = {
            "case": case,
            "participants": case.participants.select_related("organisation"),
            "contributions": contributions_visible_to(user, case).select_related(
                "organisation", "author"
            ),
            "plan": plan,
            "actions": case.actions.select_related("owner_organisation", "owner_user"),
            "documents": documents_visible_to(user, case).select_related("organisation"),
            "timeline": case_timeline(user=user, case=case),
        }
        return Response(s.CaseDetailSerializer(detail).data)
