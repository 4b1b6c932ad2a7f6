"""The helper every choke point is built on: one audit row per decision, then the object or 404.

A choke point loads the object, applies its rule and hands the outcome to ``decide``. Keeping the
row and the refusal in one function means no choke point can forget either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from veilig.access.errors import NotFound
from veilig.accounts.models import User
from veilig.audit.context import AuditContext
from veilig.audit.detail import detail_join
from veilig.audit.models import AuditAction, AuditResult
from veilig.audit.services import audit_record

T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """What the audit row of an access says about the object."""

    action: AuditAction
    object_type: str
    object_id: str | int = ""
    subject_person_id: int | None = None
    detail: str = ""


def acting_user(context: AuditContext) -> User:
    """The user the rules are applied to; a context without one stands for nobody.

    An unsaved, inactive user holds no role, so every rule refuses it.
    """
    return context.actor if context.actor is not None else User(is_active=False)


def decide(*, context: AuditContext, found: T | None, granted: bool, row: Row) -> T:
    """Write the one audit row of this access, then return ``found`` or raise ``NotFound``.

    Call it outside ``transaction.atomic``: a denial must leave its row behind.
    """
    allowed = granted and found is not None
    audit_record(
        context=context,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        result=AuditResult.GRANTED if allowed else AuditResult.DENIED,
        subject_person_id=row.subject_person_id,
        detail=row.detail,
    )
    if not allowed or found is None:
        raise NotFound(row.object_type)
    return found


def refuse(*, context: AuditContext, row: Row) -> NoReturn:
    """A denial without an object (an unknown id, a page of a role the user lacks)."""
    decide(context=context, found=None, granted=False, row=row)
    raise AssertionError("decide() refuses what it was not given")  # pragma: no cover


@dataclass
class PendingChange:
    """A write the user may make; its one audit row is written with the write itself.

    ``recorded()`` runs the write in a transaction and appends the row in the same transaction,
    naming the stored object (set ``object_id`` inside the block): the row and the change commit
    together or not at all. Input the service refuses (ValidationError) leaves nothing changed
    and one row for the attempt, with the code ``invalid`` in its detail.
    """

    context: AuditContext
    row: Row
    object_id: str | int = ""

    @contextmanager
    def recorded(self) -> Iterator[PendingChange]:
        try:
            with transaction.atomic():
                yield self
                self._append(detail=self.row.detail)
        except ValidationError:
            self._append(detail=detail_join(self.row.detail, "invalid"))
            raise

    def _append(self, *, detail: str) -> None:
        audit_record(
            context=self.context,
            action=self.row.action,
            object_type=self.row.object_type,
            object_id=self.object_id or self.row.object_id,
            subject_person_id=self.row.subject_person_id,
            detail=detail,
        )
