"""Reading the access log in tests: the rows a request wrote."""

from __future__ import annotations

from veilig.audit.models import AuditEntry


def audit_seq() -> int:
    """The sequence number of the last row (0 for an empty log)."""
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def audit_rows_after(seq: int) -> list[AuditEntry]:
    """The rows written after ``seq``, in order."""
    return list(AuditEntry.objects.filter(seq__gt=seq).order_by("seq"))
