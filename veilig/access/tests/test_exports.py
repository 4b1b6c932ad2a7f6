"""The detail of an export row: codes only, the ids when they fit, else their digest."""

from __future__ import annotations

import hashlib

from veilig.access.exports import export_detail, filter_code, ids_code, ids_digest
from veilig.audit.detail import DETAIL_MAX


def test_the_ids_are_listed_in_ascending_order_when_they_fit() -> None:
    detail = export_detail(fmt="csv", ids=[12, 3, 7], filters={"theme": "ico", "open": "on"})
    assert detail == "format:csv;rows:3;filter:open=on,theme=ico;ids:3,7,12"


def test_too_many_ids_become_the_digest_of_those_ids() -> None:
    ids = list(range(1000, 1100))
    detail = export_detail(fmt="xlsx", ids=ids, lead=["team:4"])
    expected = hashlib.sha256(",".join(str(i) for i in ids).encode()).hexdigest()
    assert detail == f"team:4;format:xlsx;rows:100;ids-sha256:{expected}"
    assert ids_digest(reversed(ids)) == expected  # the set counts, not the order
    assert len(detail) <= DETAIL_MAX


def test_the_ids_use_all_the_room_there_is_and_no_more() -> None:
    assert ids_code([1, 2], room=7) == "ids:1,2"
    assert ids_code([1, 2], room=6).startswith("ids-sha256:")


def test_a_refusal_names_no_ids_and_a_report_only_its_count() -> None:
    assert export_detail(fmt="csv") == "format:csv"
    assert export_detail(fmt="csv", rows=4, lead=["report"]) == "report;format:csv;rows:4"
    assert export_detail(fmt="csv", ids=[]) == "format:csv;rows:0"


def test_only_plain_codes_make_it_into_the_filter_code() -> None:
    assert filter_code({"partner": "12", "q": "Jan de Vries", "x;y": "1", "a": "b=c"}) == (
        "filter:partner=12"
    )
    assert filter_code({}) == ""
