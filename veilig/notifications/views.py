"""The inbox: the user's own notifications, following one (marks it read), all read, and the
e-mail preference. Notifications hold a kind and a link only, so these pages write no audit
row; what a link opens is logged there (docs/notifications.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veilig.accounts.models import User
from veilig.notifications.forms import PreferenceForm
from veilig.notifications.selectors import notifications_of, unread_count
from veilig.notifications.services import (
    delivery_of,
    notification_open,
    notification_preference_set,
    notifications_mark_all_read,
)
from veilig.notifications.vocabulary import Delivery
from veilig.ui.params import query_int
from veilig.ui.views import personal_view

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # personal_view lets only signed-in users in
    return user


@require_GET
@personal_view
def inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(notifications_of(user=user), PAGE_SIZE).get_page(
        query_int(request, "pagina", minimum=1) or 1
    )
    context = {"page": page, "unread": unread_count(user=user)}
    return render(request, "notifications/inbox.html", context)


@require_GET
@personal_view
def follow(request: HttpRequest, notification_id: int) -> HttpResponseRedirect:
    item = notification_open(user=_user(request), notification_id=notification_id)
    return HttpResponseRedirect(item.link)


@require_POST
@personal_view
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=_user(request))
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


@require_http_methods(["GET", "POST"])
@personal_view
def preferences(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            notification_preference_set(user=user, delivery=Delivery(form.cleaned_data["delivery"]))
            messages.success(request, _("Your e-mail setting is saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferenceForm(initial={"delivery": delivery_of(user)})
    return render(request, "notifications/preferences.html", {"form": form})
