"""Two-factor authentication for every role.

After the password, a signed-in user must pass TOTP before any other page opens. Demo mode
may relax this (``VEILIG_2FA_REQUIRED=false``), but a user who has set up a device is always
asked for a code.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import user_has_device

# Pages a half-signed-in user may open: the 2FA steps themselves, sign-out and the language switch.
_OPEN_URL_NAMES = (
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:logout",
    "set_language",
)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_verify(request) and not self._is_open_path(request.path):
            target = "accounts:two_factor_verify"
            if not user_has_device(request.user):
                target = "accounts:two_factor_setup"
            url = reverse(target)
            next_path = request.get_full_path()
            if url_has_allowed_host_and_scheme(next_path, allowed_hosts=None):
                url += "?" + urlencode({"next": next_path})
            return HttpResponseRedirect(url)
        return self.get_response(request)

    @staticmethod
    def _must_verify(request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        # OTPMiddleware (which runs first) attaches is_verified() to the user.
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return False
        return bool(settings.TWO_FACTOR_REQUIRED) or user_has_device(user)

    @staticmethod
    def _is_open_path(path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        return any(path == reverse(name) for name in _OPEN_URL_NAMES)
