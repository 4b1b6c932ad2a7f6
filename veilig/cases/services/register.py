from __future__ import annotations

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
from veilig.registry.services import person_create

ADMISSION_CRITERIA = ("multi_domain", "coercion", "surroundings", "area_problem")


def _next_reference() -> str:
    year = timezone.now().year
    prefix = f"ZVH-{year}-"
    last = (
        Case.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:05d}"


@transaction.atomic
def case_register(
    *,
    context: AuditContext,
    subject: Person,
    theme: Theme,
    reason: str,
    criteria: dict[str, bool],
    stadsdeel: Area | None = None,
) -> Case:
    """Register a case for the registrant's organisation, which stays responsible for it."""
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
    """Register a case for a person given by their details: both are stored, or neither.

    A user without a case role is refused before anything is written; the refusal keeps its
    audit row because it is recorded outside the transaction.
    """
    registrant = acting_user(context)
    if not policy.may_register_case(registrant) or registrant.organisation is None:
        refuse(
            context=context.acting(role="", purpose=Purpose.CASEWORK),
            row=Row(AuditAction.CREATE, "case"),
        )
    with transaction.atomic():
        subject = person_create(
            first_name=person["first_name"],
            prefix=person.get("prefix", ""),
            last_name=person["last_name"],
            date_of_birth=person.get("date_of_birth"),
            bsn=person.get("bsn") or None,
        )
        return case_register(
            context=context,
            subject=subject,
            theme=theme,
            reason=reason,
            criteria=criteria,
            stadsdeel=stadsdeel,
        )
