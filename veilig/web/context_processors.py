from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from veilig.accounts.models import User
from veilig.web.navigation import nav_items_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page of the shell needs: navigation, demo and 2FA banners."""
    user = request.user
    nav = nav_items_for(user=user) if isinstance(user, User) else []
    return {
        "nav_items": nav,
        "demo_mode": settings.DEMO_MODE,
        "two_factor_optional": not settings.TWO_FACTOR_REQUIRED,
    }
