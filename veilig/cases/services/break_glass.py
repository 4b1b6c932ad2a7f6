"""Break-the-glass: emergency read access to one case, with a written reason, limited in time
and reviewed afterwards by the privacy officer (docs/casework.md, "Break-the-glass").

Every request writes one audit row, flagged, refused ones too: a reason that is not a reason,
a case that may not be opened this way, and a second request while a grant is still active.
The row holds a code, never the reason itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from veilig.access import policy
from veilig.access.base import acting_user
from veilig.access.errors import NotFound
from veilig.access.needs import Purpose
from veilig.access.privacy import GrantReview, access_break_glass_reviewed
from veilig.audit.context import AuditContext
from veilig.audit.detail import GRANT_CODE, detail_join
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record
from veilig.cases.models import BreakGlass, Case
from veilig.ui.reasons import distinct_words

REASON_MIN_CHARS = 20
REASON_MIN_WORDS = 4


def break_glass_reason_problem(reason: str) -> str:
    """The code of what is wrong with a reason ('' when it will do).

    Characters alone are easy to fake ("aaaaaaaaaaaaaaaaaaaa"), so a reason also needs a few
    different real words ("test test test test test" has one).
    """
    text = reason.strip()
    if not text:
        return "reason_empty"
    if len(text) < REASON_MIN_CHARS:
        return "reason_too_short"
    if distinct_words(text) < REASON_MIN_WORDS:
        return "reason_too_few_words"
    return ""


def _reason_error() -> ValidationError:
    return ValidationError(
        {
            "reason": _(
                "Write down in your own words why you need this access: at least "
                "%(words)s different words and %(chars)s characters."
            )
            % {"words": REASON_MIN_WORDS, "chars": REASON_MIN_CHARS}
        }
    )


def _active_error(grant: BreakGlass) -> ValidationError:
    until = formats.date_format(timezone.localtime(grant.expires_at), "SHORT_DATETIME_FORMAT")
    return ValidationError(
        {
            "reference": _("You already have emergency access to this case until %(until)s.")
            % {"until": until}
        }
    )


def _record(
    context: AuditContext,
    case: Case | None,
    *,
    granted: bool,
    detail: str = "",
) -> None:
    """The request's one row: flagged, so that the privacy officer sees refusals as well."""
    role = policy.case_role(acting_user(context))
    acting = replace(context.acting(role=role, purpose=Purpose.BREAK_GLASS), break_glass=True)
    audit_record(
        context=acting,
        action=AuditAction.CREATE,
        object_type="break_glass",
        object_id=case.pk if case is not None else "",
        result=AuditResult.GRANTED if granted else AuditResult.DENIED,
        subject_person_id=case.subject_id if case is not None else None,
        detail=detail,
    )


def break_glass_open(*, context: AuditContext, reference: str, reason: str) -> BreakGlass:
    """Emergency read access to one case, flagged for the privacy officer's review.

    One active grant per user and case: a second request while one is active is refused (the
    first grant's reason and time limit stand; a new reason would otherwise go unreviewed or
    stretch the time). The database cannot express "active" (it depends on the clock), so the
    rule is kept here: the case row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite
    transactions are IMMEDIATE, one writer at a time) while the active grants are counted.
    """
    user = acting_user(context)
    case = Case.objects.filter(reference=reference.strip()).first()
    # The reason is judged first, so that its error is the same for every reference.
    problem = break_glass_reason_problem(reason)
    if problem:
        _record(context, case, granted=False, detail=problem)
        raise _reason_error()
    if case is None or not policy.may_break_glass(user, case):
        _record(context, case, granted=False)
        raise NotFound("break_glass")
    with transaction.atomic():
        list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True))
        active = policy.break_glass_active(user, case).order_by("-expires_at", "-pk").first()
        grant = None
        if active is None:
            grant = BreakGlass.objects.create(
                user=user,
                case=case,
                reason=reason.strip(),
                expires_at=timezone.now() + dt.timedelta(hours=settings.BREAK_GLASS_HOURS),
            )
            _record(context, case, granted=True, detail=GRANT_CODE.format(grant.pk))
        else:
            detail = detail_join("grant_active", GRANT_CODE.format(active.pk))
            _record(context, case, granted=False, detail=detail)
    if grant is None:
        assert active is not None
        raise _active_error(active)
    return grant


def break_glass_review(*, context: AuditContext, review: GrantReview, note: str) -> BreakGlass:
    """The privacy officer's review of a grant opened by ``access_break_glass_review``.

    Writes the request's one row: granted together with the review (one transaction), or
    refused when the officer's own access or an already reviewed grant is asked (ValidationError).
    """
    if review.own:
        access_break_glass_reviewed(context, review, refusal="own-access")
        raise ValidationError(_("You cannot review your own break-the-glass access."))
    try:
        # The row lock makes two privacy officers reviewing at once end with one review, not two.
        with transaction.atomic():
            grant = BreakGlass.objects.select_for_update().get(pk=review.grant.pk)
            if grant.reviewed_at is not None:
                raise ValidationError(_("This access has already been reviewed."))
            grant.reviewed_by = review.reviewer
            grant.reviewed_at = timezone.now()
            grant.review_note = note.strip()
            grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
            access_break_glass_reviewed(context, review)
    except ValidationError:
        # Outside the rolled-back transaction: the refusal keeps its row.
        access_break_glass_reviewed(context, review, refusal="already-reviewed")
        raise
    return grant
