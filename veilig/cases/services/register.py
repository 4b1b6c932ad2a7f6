from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veilig.access import policy
from veilig.access.base import Row, acting_user, refuse
from veilig.access.needs import Purpose
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.audit.services import audit_record
from veilig.cases.models import Case, Participant, ParticipantRole, StatusChange
from veilig.cases.vocabulary import Status, Theme
from veilig.geo.models import Area
from veilig.registry.models import Person
from veilig.registry.services import person_for_registration

ADMISSION_CRITERIA = ("multi_domain", "coercion", "surroundings", "area_problem")


def case_references_next(*, year: int, count: int = 1) -> list[str]:
    """The next ``count`` free references of ``year`` (``ZVH-<year>-<nnnnn>``), in order: for
    ``case_register`` and for writers that insert many cases at once (the demo)."""
    prefix = f"ZVH-{year}-"
    last = (
        Case.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    first = int(last.removeprefix(prefix)) + 1 if last else 1
    return [f"{prefix}{number:05d}" for number in range(first, first + count)]


def _next_reference() -> str:
    return case_references_next(year=timezone.now().year)[0]


@dataclass(frozen=True)
class RegisteredDetails:
    """The person as the registrant gave them; the case keeps these (``Case.subject_*``)."""

    first_name: str
    last_name: str
    prefix: str = ""
    date_of_birth: dt.date | None = None
    bsn_given: bool = False

    @classmethod
    def of(cls, person: Person) -> RegisteredDetails:
        """A registration for a person record as it stands (tests, the demo's writers)."""
        return cls(
            first_name=person.first_name,
            last_name=person.last_name,
            prefix=person.prefix,
            date_of_birth=person.date_of_birth,
            bsn_given=bool(person.bsn_digest),
        )


@transaction.atomic
def case_register(
    *,
    context: AuditContext,
    subject: Person,
    theme: Theme,
    reason: str,
    criteria: dict[str, bool],
    stadsdeel: Area | None = None,
    details: RegisteredDetails | None = None,
    subject_found: str = "",
) -> Case:
    """Register a case for the registrant's organisation, which stays responsible for it.

    ``details`` are the person as registered (by default: the record as it stands);
    ``subject_found`` says how the record was found (``new``, ``bsn``, ``name``), a code for
    the privacy officer in the audit row (``subject:<how>``).
    """
    given = details or RegisteredDetails.of(subject)
    registrant = acting_user(context)
    if not policy.may_register_case(registrant) or registrant.organisation is None:
        raise ValidationError(_("Only partner professionals and process directors register cases."))
    unknown = set(criteria) - set(ADMISSION_CRITERIA)
    if unknown:
        raise ValueError(f"unknown admission criteria: {sorted(unknown)}")
    if not any(criteria.values()):
        raise ValidationError(_("Tick at least one admission criterion."))
    if not reason.strip():
        raise ValidationError({"reason": _("Describe why the case is registered.")})
    case = Case(
        reference=_next_reference(),
        subject=subject,
        subject_first_name=given.first_name.strip(),
        subject_prefix=given.prefix.strip(),
        subject_last_name=given.last_name.strip(),
        subject_date_of_birth=given.date_of_birth,
        subject_bsn_given=given.bsn_given,
        theme=theme,
        registering_organisation=registrant.organisation,
        registered_by=registrant,
        stadsdeel=stadsdeel,
        reason=reason.strip(),
        **{f"crit_{name}": bool(value) for name, value in criteria.items()},
    )
    case.full_clean()
    case.save()
    Participant.objects.create(
        case=case,
        organisation=registrant.organisation,
        role=ParticipantRole.REGISTRANT,
        invited_by=registrant,
    )
    StatusChange.objects.create(case=case, to_status=Status.REGISTERED, by=registrant)
    audit_record(
        context=context.acting(role=policy.case_role(registrant), purpose=Purpose.CASEWORK),
        action=AuditAction.CREATE,
        object_type="case",
        object_id=case.pk,
        subject_person_id=subject.pk,
        detail=f"subject:{subject_found}" if subject_found else "",
    )
    return case


def case_register_new_person(
    *,
    context: AuditContext,
    person: dict[str, Any],
    theme: Theme,
    reason: str,
    criteria: dict[str, bool],
    stadsdeel: Area | None = None,
) -> Case:
    """Register a case for a person given by their details: the case is linked to the person
    these details are (found by BSN, or by name and date of birth), else to a new person; both
    are stored, or neither. The case keeps the details as given, and shows those: the answer is
    the same whether the person was known or not (docs/casework.md, "One person, once").

    A user without a case role is refused before anything is written; the refusal keeps its
    audit row because it is recorded outside the transaction.
    """
    registrant = acting_user(context)
    if not policy.may_register_case(registrant) or registrant.organisation is None:
        refuse(
            context=context.acting(role="", purpose=Purpose.CASEWORK),
            row=Row(AuditAction.CREATE, "case"),
        )
    bsn = "".join(str(person.get("bsn") or "").split())
    details = RegisteredDetails(
        first_name=person["first_name"],
        prefix=person.get("prefix", ""),
        last_name=person["last_name"],
        date_of_birth=person.get("date_of_birth"),
        bsn_given=bool(bsn),
    )
    with transaction.atomic():
        found = person_for_registration(
            first_name=details.first_name,
            prefix=details.prefix,
            last_name=details.last_name,
            date_of_birth=details.date_of_birth,
            bsn=bsn,
        )
        return case_register(
            context=context,
            subject=found.person,
            theme=theme,
            reason=reason,
            criteria=criteria,
            stadsdeel=stadsdeel,
            details=details,
            subject_found=found.by,
        )
