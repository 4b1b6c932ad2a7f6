"""Writing the access log. Every read or write of personal data goes through ``audit_record``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from veilig.audit.anchor import Anchor, AnchorRefusedError, anchor_append, anchor_compare
from veilig.audit.chain import CURRENT_FORMAT, GENESIS_HASH, VerifyResult, chain_hash, clean_text
from veilig.audit.context import AuditContext
from veilig.audit.models import (
    AuditAction,
    AuditChainHead,
    AuditEntry,
    AuditResult,
    AuditVerification,
)


def audit_record(
    *,
    context: AuditContext,
    action: AuditAction,
    object_type: str,
    object_id: str | int = "",
    result: AuditResult = AuditResult.GRANTED,
    subject_person_id: int | None = None,
    detail: str = "",
) -> AuditEntry:
    """Append one row to the chain. Appends are serialised by locking the chain head."""
    entry = audit_entry_build(
        context=context,
        at=timezone.now(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        result=result,
        subject_person_id=subject_person_id,
        detail=detail,
    )
    audit_entries_append(entries=[entry], stamp_now=True)
    return entry


def audit_entry_build(
    *,
    context: AuditContext,
    at: datetime,
    action: AuditAction,
    object_type: str,
    object_id: str | int = "",
    result: AuditResult = AuditResult.GRANTED,
    subject_person_id: int | None = None,
    detail: str = "",
) -> AuditEntry:
    """An unchained row with every text cleaned (``clean_text``) as the chain format needs."""
    actor = context.actor
    organisation = actor.organisation if actor else None
    return AuditEntry(
        at=at,
        actor=actor,
        actor_username=clean_text(actor.get_username() if actor else ""),
        organisation=clean_text(organisation.code if organisation else ""),
        role=clean_text(context.role),
        on_behalf_of=clean_text(context.on_behalf_of),
        subject_person_id=subject_person_id,
        object_type=clean_text(object_type),
        object_id=clean_text(str(object_id)),
        action=action,
        result=result,
        purpose=clean_text(context.purpose),
        break_glass=context.break_glass,
        origin=clean_text(context.origin),
        channel=clean_text(context.channel),
        detail=clean_text(detail[:255]),
    )


def audit_entries_append(*, entries: list[AuditEntry], stamp_now: bool = False) -> None:
    """Chain and insert ``entries`` in order, under the lock of the chain head.

    ``stamp_now`` takes each row's time under the lock, so that live rows' times follow their
    sequence numbers; the demo's history keeps the simulated times it built its rows with.
    """
    if not entries:
        return
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        for entry in entries:
            if stamp_now:
                entry.at = timezone.now()
            entry.seq, entry.prev_hash = head.seq + 1, head.hash
            entry.hash = chain_hash(head.hash, entry_values(entry), version=head.format_version)
            head.seq, head.hash = entry.seq, entry.hash
        if len(entries) == 1:
            entries[0].save(force_insert=True)
        else:
            AuditEntry.objects.bulk_create(entries, batch_size=1_000)
        head.save(update_fields=["seq", "hash"])


def entry_values(entry: AuditEntry) -> tuple[object, ...]:
    """The chained values of an entry, in the order of ``CHAINED_COLUMNS``."""
    return (
        entry.seq,
        entry.at,
        entry.actor_id,
        entry.actor_username,
        entry.organisation,
        entry.role,
        entry.on_behalf_of,
        entry.subject_person_id,
        entry.object_type,
        entry.object_id,
        str(entry.action),
        str(entry.result),
        entry.purpose,
        entry.break_glass,
        entry.origin,
        entry.channel,
        entry.detail,
    )


def audit_anchor_write(*, path: Path | None = None, now: datetime | None = None) -> Anchor:
    """Append the chain head to the anchor file (``settings.AUDIT_ANCHOR_FILE``).

    Refuses (AnchorRefusedError) when the chain no longer holds the last anchor, or the head
    does not match its row: anchoring such a head would make the last anchor agree with a
    rewritten or wiped log. No audit row: an anchor holds no personal data, and a row would move
    the head it has just written down.
    """

    def next_head(last: Anchor | None) -> tuple[int, str, int]:
        head = AuditChainHead.objects.filter(pk=1).first()
        seq, digest, fmt = (head.seq, head.hash, head.format_version) if head else (0, "", 0)
        if head is None and last is None:
            return 0, GENESIS_HASH, CURRENT_FORMAT  # a log nothing has been written to
        if head is not None and seq and _row_hash(seq) != digest:
            raise AnchorRefusedError(f"chain head does not match row {seq}")
        if last is not None:
            finding = anchor_compare(
                last, last_seq=seq, head_format=fmt if head else None, hash_at=_row_hash
            )
            if finding is not None:
                raise AnchorRefusedError(f"{finding[1]} (sequence number {finding[0]})")
        return seq, digest, fmt

    target = path or Path(settings.AUDIT_ANCHOR_FILE)
    return anchor_append(target, at=now or timezone.now(), next_head=next_head)


def _row_hash(seq: int) -> str | None:
    return AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).first()


def audit_verification_record(
    *, result: VerifyResult, channel: str, at: datetime | None = None
) -> AuditVerification:
    """Keep the outcome of a verification of the whole chain (``channel`` "page" or "command").

    No audit row: the outcome holds no personal data, and the chain page's reading of the log
    has its own row already.
    """
    return AuditVerification.objects.create(
        at=at or timezone.now(),
        rows=result.rows,
        first_bad_seq=result.first_bad_seq,
        reason=result.reason[:200],
        anchor_status=str(result.anchor.status) if result.anchor is not None else "",
        channel=channel,
    )
