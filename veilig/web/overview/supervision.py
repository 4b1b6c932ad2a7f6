"""The home sections of the privacy officer and of the functional administrator."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext as _

from veilig.accounts.selectors import privilege_requests_pending, users_without_role
from veilig.audit.anchor import AnchorFile
from veilig.audit.models import AuditVerification
from veilig.audit.selectors import audit_anchor_latest, audit_verification_latest
from veilig.privacy.labels import chain_finding_label
from veilig.privacy.selectors import break_glass_waiting
from veilig.web.overview.model import AttentionItem, Block, Entry, HomeInput, day, moment

# An anchor older than this many intervals means the worker has not anchored for a while.
ANCHOR_LATE_INTERVALS = 2


def _verification_item(last: AuditVerification | None) -> AttentionItem:
    url = reverse("privacy:chain")
    if last is None:
        return AttentionItem(_("the access log has not been verified yet: verify it now"), url)
    when = moment(last.at)
    if last.first_bad_seq is not None:
        note = _("NOT intact from sequence number %(seq)s: %(finding)s") % {
            "seq": last.first_bad_seq,
            "finding": chain_finding_label(last.reason),
        }
    elif not last.intact:
        note = _("the rows are intact, but the anchor does not agree")
    else:
        note = _("intact, %(rows)s rows") % {"rows": last.rows}
    return AttentionItem(
        _("last verification of the access log on %(when)s") % {"when": when}, url, note=note
    )


def _anchor_item(anchors: AnchorFile, now: dt.datetime) -> AttentionItem:
    url = reverse("privacy:chain")
    if anchors.unreadable:
        return AttentionItem(_("the anchor file cannot be read"), url)
    if anchors.broken_line is not None:
        return AttentionItem(
            _("the anchor file has been changed from line %(line)s")
            % {"line": anchors.broken_line},
            url,
        )
    last = anchors.last
    if last is None:
        return AttentionItem(_("no anchor has been written yet"), url)
    late = now - last.at > dt.timedelta(
        minutes=settings.AUDIT_ANCHOR_MINUTES * ANCHOR_LATE_INTERVALS
    )
    note = _("line %(line)s, up to sequence number %(seq)s") % {
        "line": last.number,
        "seq": last.seq,
    }
    if late:
        note += "; " + _("later than expected: is the background worker running?")
    return AttentionItem(
        _("last anchor written on %(when)s") % {"when": moment(last.at)}, url, note=note
    )


def privacy_blocks(home: HomeInput) -> list[Block]:
    waiting, oldest = break_glass_waiting()
    review = AttentionItem(
        _("break-the-glass accesses waiting for your review"),
        reverse("privacy:break_glass"),
        waiting,
        note=_("the oldest since %(date)s") % {"date": day(oldest)} if oldest else "",
    )
    log = (
        _verification_item(audit_verification_latest()),
        _anchor_item(audit_anchor_latest(), home.now),
        AttentionItem(_("who accessed a person"), reverse("privacy:person_search")),
        AttentionItem(_("what a user accessed"), reverse("privacy:user_log")),
    )
    return [
        Block(_("Reviews"), (review,), key="reviews"),
        Block(_("Access log"), log, key="log"),
    ]


def _management_entries(home: HomeInput) -> tuple[Entry, ...]:
    """The sections of the admin the user may open, as the admin's own index lists them."""
    return tuple(
        Entry(
            str(app["name"]),
            str(app["app_url"]),
            ", ".join(str(model["name"]) for model in app["models"]),
        )
        for app in admin.site.get_app_list(home.request)
    )


def admin_blocks(home: HomeInput) -> list[Block]:
    pending = privilege_requests_pending(user=home.user)
    requests_url = reverse("admin:accounts_privilegerequest_changelist") + "?outcome__exact=pending"
    waiting = (
        AttentionItem(
            _("requests for privileged rights waiting for a decision"),
            requests_url,
            pending.total,
            note=_("you may decide %(count)s of them") % {"count": pending.decidable},
        ),
        AttentionItem(
            _("active users without a role"),
            reverse("admin:accounts_user_changelist"),
            users_without_role(),
        ),
    )
    sections = _management_entries(home)
    management = (
        AttentionItem(
            _("go to Management"),
            reverse("admin:index"),
            note=""
            if sections
            else _("it shows you no sections yet: your account lacks the rights"),
            entries=sections,
        ),
        AttentionItem(_("two-factor authentication of the users"), reverse("web:two_factor_admin")),
    )
    return [
        Block(_("Waiting for you"), waiting, key="waiting"),
        Block(_("Administration"), management, key="administration"),
    ]
