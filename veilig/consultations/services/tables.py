"""Services for case tables: the covenant as configuration, changed only through here.

Every change writes an audit row (issue #11, F11): the table's own fields as ``table`` rows with
``field:<name>``, member organisations and representatives as ``table_member`` GRANT/REVOKE rows
with ``organisation:<id>`` or ``user:<id>``, and a change of a member's legal basis or data
categories as a ``table_member`` UPDATE row with ``organisation:<id>;field:<name>`` (issue #14).
Representatives of a radicalisation table see its cases, so adding one is a privileged grant: it
becomes a request for a second administrator (``veilig.accounts.administration``), and nobody
makes themselves a representative.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from django.db import transaction

from veilig.accounts.administration import (
    GrantOutcome,
    RightsRefused,
    privilege_request_open,
    rights_check,
)
from veilig.accounts.models import Organisation, User
from veilig.audit.context import AuditContext
from veilig.audit.models import AuditAction
from veilig.audit.services import audit_record
from veilig.cases.models import Table, TableMember
from veilig.cases.vocabulary import DataCategory, LegalBasis, Theme

MEMBER_FIELDS = ("data_categories", "legal_basis")


def table_theme_change_refusal(*, table: Table, new_theme: str) -> str:
    """'' or why the theme may not change: turning a table with representatives into a
    radicalisation table would give them radicalisation cases without a second approval."""
    if table.pk is None or new_theme != Theme.RADICALISATION:
        return ""
    previous = Table.objects.filter(pk=table.pk).values_list("theme", flat=True).first()
    if previous != Theme.RADICALISATION and table.representatives.exists():
        return "radicalisation_with_representatives"
    return ""


def table_save(
    *, context: AuditContext, table: Table, changed_fields: Collection[str], created: bool
) -> None:
    """Save a table's own fields (theme, data categories, retention, subject informed, ...)."""
    if not created and table_theme_change_refusal(table=table, new_theme=table.theme):
        raise RightsRefused("radicalisation_with_representatives")
    with transaction.atomic():
        table.save()
        if created:
            audit_record(
                context=context, action=AuditAction.CREATE, object_type="table", object_id=table.pk
            )
            return
        for name in sorted(changed_fields):
            audit_record(
                context=context,
                action=AuditAction.UPDATE,
                object_type="table",
                object_id=table.pk,
                detail=f"field:{name}",
            )


def _categories(codes: Iterable[str]) -> list[str]:
    """Known codes, sorted and once each; an unknown code is a programming error."""
    found = sorted(set(codes))
    unknown = set(found) - set(DataCategory.values)
    if unknown:
        raise ValueError(f"unknown data categories: {sorted(unknown)}")
    return found


def table_member_add(
    *,
    context: AuditContext,
    table: Table,
    organisation: Organisation,
    legal_basis: str = "",
    data_categories: Sequence[str] = (),
) -> TableMember:
    """Make ``organisation`` a member (a GRANT row). Without categories it sees none of the
    other organisations' items: a new member's view is opened on purpose, never by default."""
    if legal_basis and legal_basis not in LegalBasis.values:
        raise ValueError(f"unknown legal basis: {legal_basis}")
    with transaction.atomic():
        member = TableMember.objects.create(
            table=table,
            organisation=organisation,
            legal_basis=legal_basis,
            data_categories=_categories(data_categories),
        )
        _member_row(context, table, AuditAction.GRANT, f"organisation:{organisation.pk}")
    return member


def table_member_change(
    *,
    context: AuditContext,
    member: TableMember,
    legal_basis: str,
    data_categories: Sequence[str],
) -> list[str]:
    """Set a member's legal basis and categories; an UPDATE row per field that changed."""
    if legal_basis and legal_basis not in LegalBasis.values:
        raise ValueError(f"unknown legal basis: {legal_basis}")
    stored = TableMember.objects.get(pk=member.pk)
    wanted = {"data_categories": _categories(data_categories), "legal_basis": legal_basis}
    changed = [name for name in MEMBER_FIELDS if getattr(stored, name) != wanted[name]]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(member, name, wanted[name])
        member.save(update_fields=changed)
        for name in changed:
            _member_row(
                context,
                member.table,
                AuditAction.UPDATE,
                f"organisation:{member.organisation_id};field:{name}",
            )
    return changed


def table_member_remove(*, context: AuditContext, member: TableMember) -> None:
    """End a membership (a REVOKE row): the organisation then reads only its own items."""
    with transaction.atomic():
        table = member.table
        organisation_id = member.organisation_id
        member.delete()
        _member_row(context, table, AuditAction.REVOKE, f"organisation:{organisation_id}")


def table_member_organisations_set(
    *, context: AuditContext, table: Table, organisations: Iterable[Organisation]
) -> None:
    """Make the member organisations exactly ``organisations``; a row per added or removed one.
    Those added get no legal basis and no categories yet (``table_member_change`` sets them)."""
    wanted = {org.pk: org for org in organisations}
    members = {m.organisation_id: m for m in TableMember.objects.filter(table=table)}
    with transaction.atomic():
        for org_id in sorted(set(members) - set(wanted)):
            table_member_remove(context=context, member=members[org_id])
        for org_id in sorted(set(wanted) - set(members)):
            table_member_add(context=context, table=table, organisation=wanted[org_id])


def table_representative_add(*, context: AuditContext, table: Table, user: User) -> GrantOutcome:
    """Add a representative; for a radicalisation table this makes a request instead."""
    detail = f"user:{user.pk}"
    rights_check(
        context,
        target=user,
        action=AuditAction.GRANT,
        object_type="table_member",
        object_id=table.pk,
        detail=detail,
    )
    if table.representatives.filter(pk=user.pk).exists():
        return GrantOutcome.UNCHANGED
    if table.is_radicalisation:
        return privilege_request_open(context=context, target=user, table=table)
    with transaction.atomic():
        table.representatives.add(user)
        _member_row(context, table, AuditAction.GRANT, detail)
    return GrantOutcome.GRANTED


def table_representative_remove(*, context: AuditContext, table: Table, user: User) -> None:
    detail = f"user:{user.pk}"
    rights_check(
        context,
        target=user,
        action=AuditAction.REVOKE,
        object_type="table_member",
        object_id=table.pk,
        detail=detail,
    )
    with transaction.atomic():
        table.representatives.remove(user)
        _member_row(context, table, AuditAction.REVOKE, detail)


def table_representatives_set(
    *, context: AuditContext, table: Table, users: Iterable[User]
) -> list[User]:
    """Make the representatives ``users``; returns those whose addition waits for approval."""
    wanted = {user.pk: user for user in users}
    current = {user.pk: user for user in table.representatives.all()}
    pending = []
    for pk in sorted(set(current) - set(wanted)):
        table_representative_remove(context=context, table=table, user=current[pk])
    for pk in sorted(set(wanted) - set(current)):
        outcome = table_representative_add(context=context, table=table, user=wanted[pk])
        if outcome is GrantOutcome.PENDING:
            pending.append(wanted[pk])
    return pending


def _member_row(context: AuditContext, table: Table, action: AuditAction, detail: str) -> None:
    audit_record(
        context=context,
        action=action,
        object_type="table_member",
        object_id=table.pk,
        detail=detail,
    )
