from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.notifications.selectors import unread_count
from veilig.web.navigation import INBOX, nav_items_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page of the shell needs: navigation, the user's roles, demo and 2FA banners."""
    user = request.user
    is_user = isinstance(user, User) and user.is_authenticated
    nav = nav_items_for(user=user) if isinstance(user, User) else []
    role_labels = (
        [role.label for role in Role if role.value in user.role_codes()]
        if isinstance(user, User) and is_user
        else []
    )
    return {
        "nav_items": nav,
        "inbox_url_name": INBOX,
        # One cheap query (an index on recipient and read time) on every signed-in page.
        "inbox_unread": unread_count(user=user) if isinstance(user, User) and is_user else 0,
        "role_labels": role_labels,
        "demo_mode": settings.DEMO_MODE,
        "two_factor_optional": not settings.TWO_FACTOR_REQUIRED,
    }
