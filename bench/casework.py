"""Benchmark: the case list and audit verification at scale, on SQLite and PostgreSQL.

Targets (issue 5): case list p95 ≤ 150 ms for a coordinator and for a partner user with
100,000 cases and 1,000,000 audit rows (the view in process, through the test client, 2FA
passed); ``audit_verify`` on 1,000,000 rows ≤ 3 s. The baseline in the same run is a bare
``SELECT`` of one page of cases, so the ratio shows what access filtering, annotations and
rendering add; verification's is a loop of 1,000,000 SHA-256 hashes in Python, run between
its repetitions.

Run: ``uv run python bench/casework.py [--cases 100000] [--audit 1000000] [--db sqlite,postgres]``
Each database round runs in a fresh process (Django settings are read once per process).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import percentiles, postgres_url, settle, setup_django

ROOT = Path(__file__).resolve().parent.parent
LIST_TARGET_MS = 150.0
VERIFY_TARGET_S = 3.0
PG_BENCH_DB = "veilig_bench"


def build(cases: int, audit_rows: int, seed: int = 7) -> dict[str, Any]:
    """Fill an empty database with synthetic cases, participants, actions and audit rows."""
    import random

    from django.core.management import call_command
    from django.utils import timezone

    from veilig.accounts.models import Organisation
    from veilig.accounts.roles import PartnerType, Role
    from veilig.accounts.services import user_create
    from veilig.cases.models import Action, Case, Participant
    from veilig.cases.vocabulary import Status, Theme
    from veilig.geo.models import Area
    from veilig.registry.crypto import pseudonym_for
    from veilig.registry.models import Person

    rng = random.Random(seed)
    call_command("migrate", verbosity=0, interactive=False)
    orgs = [
        Organisation.objects.create(code=f"org-{i}", name=f"Organisatie {i}", partner_type=pt)
        for i, pt in enumerate(list(PartnerType))
    ]
    police = orgs[1]
    coordinator = user_create(
        username="bench-regisseur", password=None, organisation=orgs[0], roles=[Role.COORDINATOR]
    )
    partner = user_create(
        username="bench-politie", password=None, organisation=police, roles=[Role.PARTNER]
    )
    districts = [
        Area.objects.create(
            code=f"SD9999{i:02d}", name=f"Stadsdeel {i}", level="stadsdeel", boundary_year=2026
        )
        for i in range(6)
    ]
    started = time.perf_counter()
    import uuid as uuid_module

    people = []
    for i in range(cases):
        person_uuid = uuid_module.UUID(int=rng.getrandbits(128))
        people.append(
            Person(
                uuid=person_uuid,
                first_name=f"Voornaam{i}",
                last_name=f"Achternaam{i % 997}",
                date_of_birth=dt.date(1960, 1, 1) + dt.timedelta(days=i % 15000),
                pseudonym=pseudonym_for(str(person_uuid)),
            )
        )
    Person.objects.bulk_create(people, batch_size=5000)
    person_ids = list(Person.objects.order_by("id").values_list("id", flat=True))
    now = timezone.now()
    statuses = list(Status)
    themes = [t for t in Theme if t != Theme.RADICALISATION]
    case_rows = [
        Case(
            reference=f"ZVH-B-{i:07d}",
            subject_id=person_ids[i],
            theme=rng.choice(themes),
            status=rng.choice(statuses),
            registering_organisation=rng.choice(orgs),
            registered_by=coordinator,
            stadsdeel=rng.choice(districts),
            reason="Synthetische aanmelding.",
            crit_multi_domain=True,
        )
        for i in range(cases)
    ]
    Case.objects.bulk_create(case_rows, batch_size=5000)
    # Spread registration times over three years (auto_now_add set them all to now).
    case_ids = list(Case.objects.order_by("id").values_list("id", "registering_organisation_id"))
    participants, actions = [], []
    for case_id, registrant_org in case_ids:
        chosen = {registrant_org, *rng.sample([o.pk for o in orgs], rng.randint(0, 2))}
        participants += [
            Participant(
                case_id=case_id, organisation_id=o, role="deelnemer", invited_by=coordinator
            )
            for o in chosen
        ]
        for _ in range(rng.randint(0, 2)):
            actions.append(
                Action(
                    case_id=case_id,
                    description="Synthetische actie",
                    owner_organisation_id=registrant_org,
                    deadline=(now + dt.timedelta(days=rng.randint(-60, 90))).date(),
                )
            )
    Participant.objects.bulk_create(participants, batch_size=5000)
    Action.objects.bulk_create(actions, batch_size=5000)
    _spread_registration_times(now)
    cases_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _fill_audit(audit_rows, coordinator.pk, person_ids, rng)
    return {
        "coordinator": coordinator.pk,
        "partner": partner.pk,
        "cases_seconds": cases_seconds,
        "audit_seconds": time.perf_counter() - started,
        "participants": len(participants),
        "actions": len(actions),
    }


def _spread_registration_times(now: dt.datetime) -> None:
    from django.db import connection

    from veilig.cases.models import Case

    table = Case._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET registered_at = %s - (id %% 1095) * interval '1 day'", [now]
            )
        else:
            rows = Case.objects.values_list("id", flat=True)
            cursor.executemany(
                f"UPDATE {table} SET registered_at = %s WHERE id = %s",
                [(now - dt.timedelta(days=i % 1095), i) for i in rows],
            )


def _fill_audit(count: int, actor_id: int, person_ids: list[int], rng: Any) -> None:
    """Append ``count`` rows through the real chain (hashes computed as the service does)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from veilig.audit.chain import CHAINED_COLUMNS, CURRENT_FORMAT, GENESIS_HASH, chain_hash
    from veilig.audit.models import AuditChainHead, AuditEntry

    columns = (*CHAINED_COLUMNS, "prev_hash", "hash")
    table = AuditEntry._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    prev, start = GENESIS_HASH, timezone.now() - dt.timedelta(days=1000)
    batch: list[tuple[Any, ...]] = []
    # As the ORM stores it (naive UTC text on SQLite), with the fraction of a real clock.
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        for seq in range(1, count + 1):
            at = start + dt.timedelta(seconds=seq * 60, microseconds=rng.randrange(1_000_000))
            values = (
                seq,
                at,
                actor_id,
                "bench-regisseur",
                "org-0",
                "coordinator",
                "",
                rng.choice(person_ids),
                "case",
                str(rng.randint(1, 100_000)),
                "read",
                "granted",
                "casework",
                False,
                "127.0.0.1",
                "web",
                "",
            )
            digest = chain_hash(prev, values, version=CURRENT_FORMAT)
            batch.append((values[0], adapt(at), *values[2:], prev, digest))
            prev = digest
            if len(batch) == 20_000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
        AuditChainHead.objects.update_or_create(
            pk=1, defaults={"seq": count, "hash": prev, "format_version": CURRENT_FORMAT}
        )


def measure(ids: dict[str, Any], repeats: int) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veilig.accounts.models import User
    from veilig.audit.selectors import audit_chain_verify
    from veilig.audit.services import audit_anchor_write
    from veilig.cases.models import Case

    results: dict[str, Any] = {}
    url = reverse("cases:list")
    for label in ("coordinator", "partner"):
        user = User.objects.get(pk=ids[label])
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        samples = []
        for i in range(repeats + 3):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.status_code
            if i >= 3:  # warm-up
                samples.append(elapsed)
        results[label] = percentiles(samples)
    baseline = []
    for _ in range(repeats):
        started = time.perf_counter()
        list(Case.objects.select_related("subject").order_by("-registered_at")[:50])
        baseline.append((time.perf_counter() - started) * 1000)
    results["baseline"] = percentiles(baseline)
    # Verification includes the comparison with the last anchor: write one, in a file of its own.
    settings.AUDIT_ANCHOR_FILE = Path(tempfile.mkdtemp(prefix="veilig-bench-")) / "anchors.jsonl"
    audit_anchor_write()
    verify, hashing = [], []
    for _ in range(3):  # interleaved with the baseline, so that both see the same machine
        hashing.append(_sha256_loop_seconds())
        started = time.perf_counter()
        outcome = audit_chain_verify()
        verify.append(time.perf_counter() - started)
        assert outcome.intact and outcome.anchor and outcome.anchor.status == "ok", outcome
    results["verify"] = (statistics.median(verify), outcome.rows)
    results["verify_baseline"] = statistics.median(hashing)
    results["vendor"] = connection.vendor
    return results


def _existing(cases: int) -> dict[str, Any] | None:
    """The ids of a database built earlier by this script with the same size, else None."""
    from django.core.management import call_command
    from django.db.utils import DatabaseError

    from veilig.accounts.models import User
    from veilig.audit.chain import CURRENT_FORMAT
    from veilig.audit.models import AuditChainHead
    from veilig.cases.models import Action, Case, Participant

    try:
        call_command("migrate", verbosity=0, interactive=False)
        users = dict(User.objects.values_list("username", "pk"))
        if Case.objects.count() != cases:
            return None
        head = AuditChainHead.objects.filter(pk=1).first()
    except DatabaseError:
        return None
    if "bench-regisseur" not in users or "bench-politie" not in users:
        return None
    if head is None or head.format_version != CURRENT_FORMAT:
        return None  # a log in an older canonical format: build again to measure the current one
    return {
        "coordinator": users["bench-regisseur"],
        "partner": users["bench-politie"],
        "reused": True,
        "participants": Participant.objects.count(),
        "actions": Action.objects.count(),
    }


def _sha256_loop_seconds() -> float:
    """How fast this machine is right now: 1,000,000 SHA-256 hashes of 200 bytes in Python.

    This machine's speed drifts by ±40 % over minutes; the figure lets runs be compared, and
    it is the verification's baseline (one hash per row is the least verification can do).
    """
    import hashlib

    block = b"x" * 200
    started = time.perf_counter()
    for _ in range(1_000_000):
        hashlib.sha256(block).digest()
    return time.perf_counter() - started


def run_round(
    database_url: str, cases: int, audit_rows: int, repeats: int, *, reuse: bool = False
) -> None:
    setup_django(database_url)
    machine = _sha256_loop_seconds()
    print(f"  machine now: 1,000,000 × SHA-256 of 200 bytes in Python: {machine:.2f} s")
    started = time.perf_counter()
    ids = (_existing(cases) if reuse else None) or build(cases, audit_rows)
    settle()
    counts = f"{cases:,} cases, {ids['participants']:,} participants, {ids['actions']:,} actions"
    if ids.get("reused"):
        print(f"  data: {counts}, {audit_rows:,} audit rows, reused from --keep")
    else:
        print(
            f"  data: {counts} in {ids['cases_seconds']:.1f} s; {audit_rows:,} audit rows in "
            f"{ids['audit_seconds']:.1f} s (total {time.perf_counter() - started:.1f} s)"
        )
    result = measure(ids, repeats)
    base50, _base95 = result["baseline"]
    for label in ("coordinator", "partner"):
        p50, p95 = result[label]
        verdict = "OK" if p95 <= LIST_TARGET_MS else "MISSED"
        print(
            f"  case list, {label:<11}: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
            f"(target p95 ≤ {LIST_TARGET_MS:.0f} ms: {verdict}; ×{p50 / base50:.0f} of the bare "
            f"page query p50 {base50:.1f} ms)"
        )
    seconds, rows = result["verify"]
    hashing = result["verify_baseline"]
    verdict = "OK" if seconds <= VERIFY_TARGET_S else "MISSED"
    print(
        f"  audit_verify: {rows:,} rows in {seconds:.2f} s (median of 3; target ≤ "
        f"{VERIFY_TARGET_S:.0f} s: {verdict}; {rows / seconds:,.0f} rows/s; "
        f"×{seconds / hashing:.1f} of the SHA-256 loop beside it, median {hashing:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--audit", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep the SQLite file in DIR and the PostgreSQL database, and reuse them when they "
        "hold the same number of cases (to iterate on a change without rebuilding)",
    )
    parser.add_argument("--round", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.round:
        run_round(args.round, args.cases, args.audit, args.repeats, reuse=bool(args.keep))
        return
    for db in args.db.split(","):
        if db == "sqlite":
            folder = args.keep or tempfile.mkdtemp(prefix="veilig-bench-")
            Path(folder).mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{folder}/bench.sqlite3"
        else:
            maybe = postgres_url(PG_BENCH_DB, recreate=not args.keep)
            if maybe is None:
                continue
            url = maybe
        print(f"== {db} ==", flush=True)
        subprocess.run(  # noqa: S603 - our own script
            [
                sys.executable,
                __file__,
                "--round",
                url,
                "--cases",
                str(args.cases),
                "--audit",
                str(args.audit),
                "--repeats",
                str(args.repeats),
                *(["--keep", args.keep] if args.keep else []),
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
