"""The areas explorer: a map of the buurten with a table beside it (the table is the map's
text alternative). Works as a plain GET form; htmx swaps the results without a full reload."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from veilig.geo.models import AreaLevel
from veilig.geo.selectors import (
    ExplorerFilterOptions,
    area_filter_options,
    area_geojson,
    area_list_for_explorer,
    street_geojson,
    street_layer_version,
)
from veilig.ui.params import query_int


class ExplorerFilterForm(forms.Form):
    """The explorer's filters. Choices come from the areas of the chosen boundary year."""

    jaar = forms.TypedChoiceField(label=_("Boundary year"), coerce=int, required=False)
    stadsdeel = forms.ChoiceField(label=_("District"), required=False)
    wijk = forms.ChoiceField(label=_("Neighbourhood"), required=False)

    def __init__(self, data: QueryDict, *, options: ExplorerFilterOptions) -> None:
        super().__init__(data)
        self.options = options
        everything = [("", _("All"))]
        self._choice_field("jaar").choices = [(y, str(y)) for y in options.years]
        self._choice_field("stadsdeel").choices = everything + [
            (s.code, s.name) for s in options.stadsdelen
        ]
        self._choice_field("wijk").choices = everything + [(w.code, w.name) for w in options.wijken]

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        stadsdeel = cleaned.get("stadsdeel")
        wijk = cleaned.get("wijk")
        if stadsdeel and wijk:
            allowed = {w.code for w in self.options.wijken_in(stadsdeel)}
            if wijk not in allowed:
                # The district changed and the neighbourhood lies elsewhere: narrow, no error.
                cleaned["wijk"] = ""
        return cleaned


@dataclass(frozen=True)
class ExplorerFilters:
    year: int | None
    stadsdeel: str
    wijk: str


def _parse_filters(request: HttpRequest) -> tuple[ExplorerFilterForm, ExplorerFilters]:
    """Reads the filters; an invalid value is reported on the form and then ignored."""
    # A year that is no plain number ("²", 5,000 digits) falls back to the latest year; the
    # form then reports it as an invalid choice.
    options = area_filter_options(year=query_int(request, "jaar", minimum=1, maximum=9999))
    form = ExplorerFilterForm(request.GET, options=options)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    filters = ExplorerFilters(
        year=options.year,
        stadsdeel=cleaned.get("stadsdeel") or "",
        wijk=cleaned.get("wijk") or "",
    )
    return form, filters


def _query(filters: ExplorerFilters) -> str:
    params = {
        key: value
        for key, value in (
            ("jaar", str(filters.year) if filters.year else ""),
            ("stadsdeel", filters.stadsdeel),
            ("wijk", filters.wijk),
        )
        if value
    }
    return urlencode(params)


def _selection_label(options: ExplorerFilterOptions, filters: ExplorerFilters) -> str:
    names = {o.code: o.name for o in [*options.stadsdelen, *options.wijken]}
    return ", ".join(names[code] for code in (filters.stadsdeel, filters.wijk) if code in names)


@login_required
@require_GET
def explorer(request: HttpRequest) -> HttpResponse:
    form, filters = _parse_filters(request)
    table = area_list_for_explorer(
        stadsdeel_code=filters.stadsdeel or None,
        wijk_code=filters.wijk or None,
        year=filters.year,
    )
    query = _query(filters)
    is_htmx = request.headers.get("HX-Request") == "true"
    geojson_url = reverse("geo:explorer_geojson") + (f"?{query}" if query else "")
    context = {
        "form": form,
        "filters": filters,
        "table": table,
        "wijk_options": form.options.wijken_in(filters.stadsdeel or None),
        "any_areas": bool(form.options.years),
        "geojson_url": geojson_url,
        "selection_label": _selection_label(form.options, filters),
        # The wijk choices follow the district; not swapped when the wijk select itself
        # changed, so that its keyboard focus stays put.
        "oob_wijk": is_htmx and request.headers.get("HX-Trigger") != "id_wijk",
    }
    if is_htmx:
        return render(request, "geo/_explorer_results.html", context)
    return render(request, "geo/explorer.html", context)


@login_required
@require_GET
def explorer_geojson(request: HttpRequest) -> JsonResponse:
    _form, filters = _parse_filters(request)
    if filters.year is None:
        data: dict[str, Any] = {"type": "FeatureCollection", "features": []}
    else:
        data = area_geojson(
            level=AreaLevel.BUURT,
            year=filters.year,
            stadsdeel_code=filters.stadsdeel or None,
            wijk_code=filters.wijk or None,
        )
    response = JsonResponse(data, content_type="application/geo+json")
    response["Cache-Control"] = "private, no-store"
    return response


# The street layer changes only when the demo city is rebuilt: browsers keep it an hour and then
# ask again with its ETag (an unchanged layer answers 304, without a body).
STREETS_MAX_AGE = 3600
STREETS_CACHE_SECONDS = 24 * 3600


def _streets_body() -> tuple[bytes, str]:
    """The layer as JSON bytes with its ETag, kept in the cache per layer version."""
    key = f"geo:streets:{street_layer_version()}"
    cached = cache.get(key)
    if isinstance(cached, tuple):
        return cached
    body = json.dumps(street_geojson(), separators=(",", ":"), ensure_ascii=False).encode()
    entry = (body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')
    cache.set(key, entry, STREETS_CACHE_SECONDS)
    return entry


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    # Compression makes the sent ETag weak (W/"..."); the layer is the same either way.
    sent = request.headers.get("If-None-Match", "")
    return etag in {tag.strip().removeprefix("W/") for tag in sent.split(",")}


@login_required
@require_GET
@gzip_page
def streets_geojson(request: HttpRequest) -> HttpResponse:
    """The local street layer of the maps (docs/maps.md): synthetic demo streets, no personal
    data, so not audited; signed-in users only, like the pages that show it. Compressed (about
    a third of its 180 kB for the demo city) and cached by the browser."""
    body, etag = _streets_body()
    if _etag_matches(request, etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/geo+json")
    response["ETag"] = etag
    response["Cache-Control"] = f"private, max-age={STREETS_MAX_AGE}"
    return response
