"""One registration of an identity at a time: transaction-scoped locks on a keyed hash of it.

Two registrations of the same new person that run at the same moment would each find nobody
and each create a person. On PostgreSQL each takes ``pg_advisory_xact_lock`` on its identities
(the BSN digest; the folded name with the date of birth) before it looks, in a fixed order so
that two of them never wait for each other; the lock ends with the transaction. The lock ids
are keyed hashes, so that a database administrator reading ``pg_locks`` cannot recover a name.
SQLite needs none: its transactions are IMMEDIATE (settings), one writer at a time.
"""

from __future__ import annotations

import hashlib
import hmac

from django.db import connection

from veilig.registry.crypto import _pseudonym_key


def _lock_id(identity: str) -> int:
    digest = hmac.new(_pseudonym_key(), f"lock:{identity}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def identity_lock(*identities: str) -> None:
    """Wait until no other transaction registers any of ``identities`` ('' is skipped)."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("identity_lock holds until the transaction ends: call it in one")
    with connection.cursor() as cursor:
        for lock_id in sorted({_lock_id(identity) for identity in identities if identity}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])
