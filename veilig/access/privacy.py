"""THE choke point of the privacy officer's pages: only the privacy officer (functionaris
gegevensbescherming) reads the access log.

Every request to the pages writes exactly one audit row here, granted or denied: reading the log
is itself a processing of personal data (DESIGN rule 3). A refusal raises ``NotFound`` (404), like
every choke point, so that the pages do not reveal themselves to other roles. The role is checked
before anything is read, and a refusal's row names no person.

The pages that list log rows get the sequence number of their own row (``anchor``): their lists
stop there, so that the rows written by paging on do not shift the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, NoReturn

from veilig.access.base import Row, acting_user, refuse
from veilig.access.needs import Purpose
from veilig.accounts.models import User
from veilig.accounts.roles import Role
from veilig.audit.chain import VerifyResult
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.selectors import audit_chain_verify
from veilig.audit.services import audit_record
from veilig.cases.models import BreakGlass
from veilig.registry.models import Person
from veilig.registry.selectors import person_lookup

# Object types of the rows: reading the log itself, and reviewing a break-the-glass grant.
ACCESS_LOG = "access_log"
BREAK_GLASS = "break_glass"
_MAX_ID = 2**63 - 1  # larger numbers in a URL name no row (and overflow the database integer)

ReportFormat = Literal["html", "json", "pdf"]


def is_privacy_officer(user: User) -> bool:
    return user.is_active and user.has_role(Role.PRIVACY_OFFICER)


def _refuse(context: AuditContext, *, purpose: Purpose, row: Row) -> NoReturn:
    refuse(context=context.acting(role="", purpose=purpose), row=row)


def _officer(context: AuditContext, *, purpose: Purpose, refused: Row) -> User:
    """The acting privacy officer, or NotFound after the denied row ``refused``."""
    user = acting_user(context)
    if not is_privacy_officer(user):
        _refuse(context, purpose=purpose, row=refused)
    return user


def _record(
    context: AuditContext, *, purpose: Purpose, row: Row, result: AuditResult = AuditResult.GRANTED
) -> int:
    """The request's one row when it is not a refusal by NotFound (granted: in the privacy
    officer's role); its sequence number anchors the page's lists."""
    entry = audit_record(
        context=context.acting(
            role=Role.PRIVACY_OFFICER.value if result == AuditResult.GRANTED else "",
            purpose=purpose,
        ),
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        subject_person_id=row.subject_person_id,
        result=result,
        detail=row.detail,
    )
    return entry.seq


def _period_code(since: dt.date | None, until: dt.date | None) -> str:
    if since is None and until is None:
        return ""
    return f":{since or ''}..{until or ''}"


def _out_of_range(value: int) -> bool:
    return value > _MAX_ID


# --- (a) Who accessed a person -------------------------------------------------------------------


@dataclass(frozen=True)
class PersonCriteria:
    """What the privacy officer searches a person by; the row names the kinds, never the values."""

    person_id: int | None = None
    name: str = ""
    date_of_birth: dt.date | None = None
    bsn: str = ""

    @property
    def kinds(self) -> str:
        used = {
            "person_id": self.person_id,
            "naam": self.name,
            "geboortedatum": self.date_of_birth,
            "bsn": self.bsn,
        }
        return "+".join(code for code, value in used.items() if value)

    @property
    def by_number_only(self) -> bool:
        return self.kinds == "person_id"


def access_person_search_form(context: AuditContext) -> None:
    """The empty search form: row ``person-search-form``."""
    purpose = Purpose.SUPERVISION
    _officer(
        context, purpose=purpose, refused=Row(AuditAction.READ, ACCESS_LOG, detail="person-search")
    )
    _record(
        context, purpose=purpose, row=Row(AuditAction.READ, ACCESS_LOG, detail="person-search-form")
    )


def access_person_search(context: AuditContext, *, criteria: PersonCriteria | None) -> list[Person]:
    """The persons found by ``criteria`` (None: the form did not validate; nothing is searched).

    Row ``search:<kinds>:<hits>``, naming the person when exactly one is found. A search by
    person number alone finds nothing here (row ``search:person_id``): the page goes on to that
    person's log, which the officer may open for a person no longer registered too.
    """
    purpose = Purpose.SUPERVISION
    _officer(
        context,
        purpose=purpose,
        refused=Row(AuditAction.SEARCH, ACCESS_LOG, detail="person-search"),
    )
    if criteria is None:
        _record(
            context, purpose=purpose, row=Row(AuditAction.SEARCH, "person", detail="search:invalid")
        )
        return []
    number = criteria.person_id
    if number is not None and criteria.by_number_only:
        row = Row(AuditAction.SEARCH, "person", number, number, "search:person_id")
        _record(context, purpose=purpose, row=row)
        return []
    found = person_lookup(
        name=criteria.name, date_of_birth=criteria.date_of_birth, bsn=criteria.bsn
    )
    if number is not None:
        found = [p for p in found if p.pk == number]
    subject = found[0].pk if len(found) == 1 else None
    detail = f"search:{criteria.kinds}:{len(found)}"
    _record(
        context,
        purpose=purpose,
        row=Row(AuditAction.SEARCH, "person", subject_person_id=subject, detail=detail),
    )
    return found


@dataclass(frozen=True)
class PersonLog:
    person: Person | None  # None: no longer registered, yet the log about the id remains
    anchor: int


def access_person_log(
    context: AuditContext, *, person_id: int, since: dt.date | None, until: dt.date | None
) -> PersonLog:
    """The log about one person in a period: row ``person-log[:from..to]`` about the person."""
    purpose = Purpose.SUPERVISION
    _officer(
        context, purpose=purpose, refused=Row(AuditAction.READ, ACCESS_LOG, detail="person-log")
    )
    if _out_of_range(person_id):
        _refuse(
            context,
            purpose=purpose,
            row=Row(AuditAction.READ, ACCESS_LOG, detail="id-out-of-range"),
        )
    person = Person.objects.filter(pk=person_id).first()
    detail = "person-log" + _period_code(since, until)
    row = Row(AuditAction.READ, ACCESS_LOG, person_id, person_id, detail)
    return PersonLog(person=person, anchor=_record(context, purpose=purpose, row=row))


# --- (b) What a user accessed --------------------------------------------------------------------


@dataclass(frozen=True)
class UserLog:
    subject: User | None  # None: no user chosen, or no such user
    anchor: int


def access_user_log(
    context: AuditContext, *, user_id: int | None, since: dt.date | None, until: dt.date | None
) -> UserLog:
    """What one user accessed in a period: row ``user-log:<id>[:from..to]`` (object_id the user)."""
    purpose = Purpose.SUPERVISION
    _officer(context, purpose=purpose, refused=Row(AuditAction.READ, ACCESS_LOG, detail="user-log"))
    subject = None
    if user_id is not None and not _out_of_range(user_id):
        subject = User.objects.select_related("organisation").filter(pk=user_id).first()
    if subject is None:
        row = Row(AuditAction.READ, ACCESS_LOG, detail="user-log")
    else:
        detail = f"user-log:{subject.pk}" + _period_code(since, until)
        row = Row(AuditAction.READ, ACCESS_LOG, subject.pk, detail=detail)
    return UserLog(subject=subject, anchor=_record(context, purpose=purpose, row=row))


# --- (c) Break-the-glass review -------------------------------------------------------------------


def access_break_glass_queue(context: AuditContext, *, invalid_review: bool = False) -> int:
    """The review queue and the flagged rows: row ``break-glass-queue``; the anchor.

    ``invalid_review``: the queue shown again after a review note that did not validate (row
    ``break-glass-queue:invalid-review``; the grant was checked by ``access_break_glass_review``).
    """
    purpose = Purpose.BREAK_GLASS_REVIEW
    detail = "break-glass-queue" + (":invalid-review" if invalid_review else "")
    _officer(context, purpose=purpose, refused=Row(AuditAction.READ, ACCESS_LOG, detail=detail))
    return _record(context, purpose=purpose, row=Row(AuditAction.READ, ACCESS_LOG, detail=detail))


@dataclass(frozen=True)
class GrantReview:
    """A grant the acting privacy officer may review. Its row is not written yet: the review
    (``access_break_glass_reviewed``) or the queue shown again (``access_break_glass_queue``)
    writes the request's one row."""

    grant: BreakGlass
    reviewer: User

    @property
    def own(self) -> bool:
        """Nobody reviews their own break-the-glass access."""
        return self.grant.user_id == self.reviewer.pk


def access_break_glass_review(context: AuditContext, *, grant_id: int) -> GrantReview:
    """Open a grant for review; a refusal (other role, unknown grant) writes its row here."""
    purpose = Purpose.BREAK_GLASS_REVIEW
    reviewer = _officer(
        context,
        purpose=purpose,
        refused=Row(AuditAction.UPDATE, ACCESS_LOG, detail="break-glass-review"),
    )
    if _out_of_range(grant_id):
        _refuse(
            context,
            purpose=purpose,
            row=Row(AuditAction.UPDATE, BREAK_GLASS, detail="id-out-of-range"),
        )
    grant = BreakGlass.objects.select_related("case", "user").filter(pk=grant_id).first()
    if grant is None:
        _refuse(
            context,
            purpose=purpose,
            row=Row(AuditAction.UPDATE, BREAK_GLASS, grant_id, detail="review:unknown"),
        )
    return GrantReview(grant=grant, reviewer=reviewer)


def access_break_glass_reviewed(
    context: AuditContext, review: GrantReview, *, refusal: str = ""
) -> None:
    """The review's one row: ``review``, or denied ``review:<refusal>`` (own-access,
    already-reviewed). Written by the review service, inside its transaction when granted."""
    if acting_user(context).pk != review.reviewer.pk:
        raise ValueError("a review is recorded in the context that opened it")
    grant = review.grant
    row = Row(
        AuditAction.UPDATE,
        BREAK_GLASS,
        grant.pk,
        grant.case.subject_id,
        f"review:{refusal}" if refusal else "review",
    )
    result = AuditResult.DENIED if refusal else AuditResult.GRANTED
    _record(context, purpose=Purpose.BREAK_GLASS_REVIEW, row=row, result=result)


# --- (d) Chain verification -----------------------------------------------------------------------


def access_chain_verification(context: AuditContext) -> VerifyResult:
    """The verdict on the whole chain, including this request's row ``chain-verify``."""
    purpose = Purpose.SUPERVISION
    row = Row(AuditAction.READ, ACCESS_LOG, detail="chain-verify")
    _officer(context, purpose=purpose, refused=row)
    _record(context, purpose=purpose, row=row)
    return audit_chain_verify()


# --- (e) Subject access report (AVG art. 15) ------------------------------------------------------


def access_subject_access(
    context: AuditContext, *, person_id: int, report_format: ReportFormat, with_names: bool
) -> Person:
    """The person of a subject access report: row ``subject-access:<format>[:names]``.

    Read for the page, export for the JSON and PDF files; a person not (or no longer) registered
    is refused.
    """
    purpose = Purpose.SUBJECT_ACCESS
    action = AuditAction.READ if report_format == "html" else AuditAction.EXPORT
    code = f"subject-access:{report_format}"
    _officer(context, purpose=purpose, refused=Row(action, ACCESS_LOG, detail=code))
    if _out_of_range(person_id):
        _refuse(context, purpose=purpose, row=Row(action, ACCESS_LOG, detail="id-out-of-range"))
    person = Person.objects.filter(pk=person_id).first()
    detail = code + (":names" if with_names else "")
    if person is None:
        _refuse(context, purpose=purpose, row=Row(action, ACCESS_LOG, person_id, detail=detail))
    _record(context, purpose=purpose, row=Row(action, ACCESS_LOG, person_id, person.pk, detail))
    return person
