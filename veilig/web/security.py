"""Security headers that neither Django nor django-csp set the way Veilig needs them.

- ``Permissions-Policy`` from the ``PERMISSIONS_POLICY`` setting, feature -> allowed origins
  (``[]`` switches the feature off for every origin, ``["self"]`` allows this site only);
- file downloads (a ``FileResponse`` or an attachment) get the sandboxing policy
  ``default-src 'none'; sandbox`` instead of the site's policy: a document that a browser
  renders after all can then neither run script nor load anything.

Both go on every response, static files included (the middleware sits above WhiteNoise), unless a
view set its own. The middleware sits below django-csp's, which leaves a policy already set alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponseBase

PERMISSIONS_POLICY = "Permissions-Policy"
CONTENT_SECURITY_POLICY = "Content-Security-Policy"
DOWNLOAD_POLICY = "default-src 'none'; sandbox"
_KEYWORDS = {"self", "*"}


def permissions_policy_header(policy: Mapping[str, Sequence[str]]) -> str:
    """``{"camera": [], "geolocation": ["self"]}`` -> ``camera=(), geolocation=(self)``."""
    parts = []
    for feature, origins in policy.items():
        allowed = " ".join(o if o in _KEYWORDS else f'"{o}"' for o in origins)
        parts.append(f"{feature}=({allowed})")
    return ", ".join(parts)


def _is_download(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.path_info.startswith(settings.STATIC_URL):
        return False  # WhiteNoise's own files: they are the site's scripts and styles
    disposition = response.get("Content-Disposition", "")
    return isinstance(response, FileResponse) or disposition.startswith("attachment")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.permissions = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.permissions and PERMISSIONS_POLICY not in response:
            response[PERMISSIONS_POLICY] = self.permissions
        if CONTENT_SECURITY_POLICY not in response and _is_download(request, response):
            response[CONTENT_SECURITY_POLICY] = DOWNLOAD_POLICY
        return response
