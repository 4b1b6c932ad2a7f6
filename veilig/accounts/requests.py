"""The signed-in user of a request, for views behind ``login_required``."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from veilig.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a page behind ``login_required`` (nobody else gets that far)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user
