"""The detail of an export's one audit row: what the file contained, as codes (docs/exports.md).

``format:<csv|xlsx>;rows:<n>;filter:<name>=<value>,…;ids:<id>,<id>,…`` — the list's filters as
they travel in the URL (codes and ids, never a search term) and the ids of the exported objects,
in ascending order. When the ids do not fit in the row (the detail holds 255 characters) the row
holds ``ids-sha256:<hex>`` instead: the SHA-256 of those same ids joined by commas, which
proves (or disproves) afterwards that a given set of ids was the one exported.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping

from veilig.audit.detail import DETAIL_MAX, DETAIL_SEPARATOR, detail_join

_CODE = re.compile(r"[A-Za-z0-9_-]{1,40}")


def filter_code(filters: Mapping[str, str]) -> str:
    """``filter:theme=ico,overdue=on``; a name or value that is not a plain code is left out."""
    pairs = [
        f"{name}={value}"
        for name, value in sorted(filters.items())
        if _CODE.fullmatch(name) and _CODE.fullmatch(value)
    ]
    return f"filter:{','.join(pairs)}" if pairs else ""


def ids_digest(ids: Iterable[int]) -> str:
    """The SHA-256 (hex) of the ids in ascending order, joined by commas: ``"3,7,12"``."""
    joined = ",".join(str(i) for i in sorted(ids))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def ids_code(ids: Iterable[int], *, room: int) -> str:
    """``ids:3,7,12`` when it fits in ``room`` characters, else ``ids-sha256:<64 hex>``."""
    ordered = sorted(ids)
    listed = f"ids:{','.join(str(i) for i in ordered)}"
    return listed if len(listed) <= room else f"ids-sha256:{ids_digest(ordered)}"


def export_detail(
    *,
    fmt: str,
    ids: Iterable[int] | None = None,
    rows: int | None = None,
    filters: Mapping[str, str] | None = None,
    lead: Iterable[str] = (),
) -> str:
    """The codes of an export row. ``ids`` None: a refusal (nothing was exported) or a file
    whose rows are not objects with ids (an import report: give ``rows``)."""
    listed = sorted(ids) if ids is not None else None
    count = len(listed) if listed is not None else rows
    codes = [*lead, f"format:{fmt}"]
    if count is not None:
        codes.append(f"rows:{count}")
    codes.append(filter_code(filters or {}))
    head = detail_join(*codes)
    if not listed:
        return head
    room = DETAIL_MAX - len(head) - len(DETAIL_SEPARATOR)
    return detail_join(head, ids_code(listed, room=room))
