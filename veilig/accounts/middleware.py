"""Two-factor authentication for every role.

After the password, a signed-in user must pass the second factor before any other page opens.
Such a half-signed-in session reaches only:

- with a device: the verify page (code from the app, or a backup code), sign-out and the
  language switch;
- without a device: the enrolment page, which needs an administrator's activation code
  (``accounts.two_factor``), sign-out and the language switch.

Demo mode may relax this (``VEILIG_2FA_REQUIRED=false``): a user without a device is then fully
signed in, but a user who has set up a device is always asked for a code.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from veilig.accounts.models import User
from veilig.accounts.two_factor import totp_device_confirmed

_ALWAYS_OPEN = ("accounts:logout", "set_language")
# Pages a half-signed-in user may open, with and without a confirmed device.
_OPEN_WITH_DEVICE = (
    "accounts:two_factor_verify",
    "accounts:two_factor_backup",
    *_ALWAYS_OPEN,
)
_OPEN_WITHOUT_DEVICE = ("accounts:two_factor_setup", *_ALWAYS_OPEN)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not isinstance(user, User) or _is_verified(request):
            return self.get_response(request)
        # The app decides, not backup codes alone: without an app the way on is enrolment.
        has_device = totp_device_confirmed(user=user) is not None
        if not (has_device or settings.TWO_FACTOR_REQUIRED):
            return self.get_response(request)  # demo mode without a device: fully signed in
        open_names = _OPEN_WITH_DEVICE if has_device else _OPEN_WITHOUT_DEVICE
        if _is_open_path(request.path, open_names):
            return self.get_response(request)
        url = reverse(open_names[0])
        next_path = request.get_full_path()
        if url_has_allowed_host_and_scheme(next_path, allowed_hosts=None):
            url += "?" + urlencode({"next": next_path})
        return HttpResponseRedirect(url)


def _is_verified(request: HttpRequest) -> bool:
    # OTPMiddleware (which runs first) attaches is_verified() to the user.
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def _is_open_path(path: str, names: tuple[str, ...]) -> bool:
    if path.startswith(settings.STATIC_URL):
        return True
    return any(path == reverse(name) for name in names)
