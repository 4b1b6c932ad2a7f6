"""Who acts, in what capacity and through which channel: built once per request or command.

A view gets it with ``audit_context_of(request)`` (cached on the request); a management command
or task with ``AuditContext.for_command(user)``. The choke points in ``veilig.access`` narrow it
to the role and purpose (doelbinding) that granted the access, with ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.http import HttpRequest

from veilig.audit.origin import client_address

if TYPE_CHECKING:
    from veilig.accounts.models import User

_CACHE_ATTRIBUTE = "_veilig_audit_context"


@dataclass(frozen=True)
class AuditContext:
    """The fields of an audit row that do not depend on what is opened."""

    actor: User | None
    role: str = ""
    purpose: str = ""
    origin: str = ""
    channel: str = "web"
    on_behalf_of: str = ""
    break_glass: bool = False

    @classmethod
    def from_request(
        cls, request: HttpRequest, *, role: str = "", purpose: str = ""
    ) -> AuditContext:
        user = request.user if request.user.is_authenticated else None
        channel = "api" if request.path.startswith("/api/") else "web"
        return cls(
            actor=user,
            role=role or held_roles(user),
            purpose=purpose,
            origin=client_address(request)[:64],
            channel=channel,
        )

    @classmethod
    def for_command(cls, user: User | None, *, purpose: str = "", role: str = "") -> AuditContext:
        """The context of a management command or background task acting as ``user``."""
        return cls(actor=user, role=role or held_roles(user), purpose=purpose, channel="cli")

    def acting(self, *, role: str, purpose: str) -> AuditContext:
        """This context narrowed to the role that granted an access and its purpose.

        An empty role (a denial: no role granted anything) is logged as the roles held.
        """
        return replace(self, role=role or held_roles(self.actor), purpose=purpose)


def audit_context_of(request: HttpRequest) -> AuditContext:
    """The request's context, built on first use and kept on the request."""
    context = getattr(request, _CACHE_ATTRIBUTE, None)
    if not isinstance(context, AuditContext) or context.actor is not _user_of(request):
        context = AuditContext.from_request(request)
        setattr(request, _CACHE_ATTRIBUTE, context)
    return context


def _user_of(request: HttpRequest) -> object:
    return request.user if request.user.is_authenticated else None


def held_roles(user: User | None) -> str:
    """The roles a user holds, for rows where no single role granted the access (denials)."""
    if user is None:
        return ""
    return ",".join(sorted(user.role_codes())) or "none"
