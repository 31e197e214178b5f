"""Exact-match lookup by phone before and after field encryption, on PostgreSQL with 1,000,000 rows (issue 14 item 9).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lx_h14b .venv/bin/python bench/field_encryption/run.py \
        [--rows 1000000] [--lookups 300]

Three tables of the same rows, built in a scratch schema ``bench_field_encryption`` (dropped at the end):

- ``before``  — today's main: the phone in clear, no index on it (the work-order table has none): a scan;
- ``peer``    — the phone in clear with a B-tree index: the best an unencrypted column can do;
- ``after``   — ours: the phone AES-GCM encrypted, its HMAC-SHA256 blind index with a B-tree index.

A lookup is what ``work_orders_by_phone`` does: normalise the number, compute the digest (after only), run the
query, decrypt the phones found (after only). Reported: median and p95 milliseconds per lookup and the ratios,
measured in the same run; plus the plan of the ``after`` query (it must be an index scan).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from lianxin.common import fieldcrypto
from lianxin.domain.identifiers import phone_lookup_key

SCHEMA = "bench_field_encryption"
PURPOSE = "workorders.WorkOrder.contact_phone"


def ring() -> fieldcrypto.KeyRing:
    return fieldcrypto.KeyRing("b1", {"b1": secrets.token_bytes(32)}, secrets.token_bytes(32), "bench")


def phones(count: int, rng: random.Random) -> list[str]:
    prefixes = [
        "130",
        "131",
        "132",
        "135",
        "136",
        "137",
        "138",
        "139",
        "150",
        "151",
        "158",
        "159",
        "186",
        "188",
    ]
    return [f"{rng.choice(prefixes)}{rng.randrange(10**8):08d}" for _ in range(count)]


def build(db: psycopg.Connection, values: list[str], keys: fieldcrypto.KeyRing) -> dict[str, float]:
    timings = {}
    db.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    db.execute(f"CREATE SCHEMA {SCHEMA}")
    db.execute(f"CREATE TABLE {SCHEMA}.before (id bigserial PRIMARY KEY, phone varchar(30) NOT NULL)")
    db.execute(f"CREATE TABLE {SCHEMA}.peer (id bigserial PRIMARY KEY, phone varchar(30) NOT NULL)")
    db.execute(
        f"CREATE TABLE {SCHEMA}.after (id bigserial PRIMARY KEY, phone text NOT NULL, phone_index varchar(64) NOT NULL)"
    )
    started = time.perf_counter()
    for table in ("before", "peer"):
        with db.cursor().copy(f"COPY {SCHEMA}.{table} (phone) FROM STDIN") as copy:
            for value in values:
                copy.write_row((value,))
    timings["load_clear_s"] = time.perf_counter() - started
    started = time.perf_counter()
    rows = [
        (
            fieldcrypto.encrypt(v, PURPOSE, ring=keys),
            fieldcrypto.blind_index(phone_lookup_key(v), "blind:phone", ring=keys),
        )
        for v in values
    ]
    timings["encrypt_and_digest_s"] = time.perf_counter() - started
    started = time.perf_counter()
    with db.cursor().copy(f"COPY {SCHEMA}.after (phone, phone_index) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    timings["load_encrypted_s"] = time.perf_counter() - started
    db.execute(f"CREATE INDEX ON {SCHEMA}.peer (phone)")
    db.execute(f"CREATE INDEX ON {SCHEMA}.after (phone_index)")
    for table in ("before", "peer", "after"):
        db.execute(f"ANALYZE {SCHEMA}.{table}")
    db.commit()
    return timings


def lookup_before_or_peer(db: psycopg.Connection, table: str, phone: str) -> list[str]:
    key = phone_lookup_key(phone)
    rows = db.execute(f"SELECT id, phone FROM {SCHEMA}.{table} WHERE phone = %s", [key]).fetchall()
    return [r[1] for r in rows]


def lookup_after(db: psycopg.Connection, keys: fieldcrypto.KeyRing, phone: str) -> list[str]:
    digest = fieldcrypto.blind_index(phone_lookup_key(phone), "blind:phone", ring=keys)
    rows = db.execute(f"SELECT id, phone FROM {SCHEMA}.after WHERE phone_index = %s", [digest]).fetchall()
    return [fieldcrypto.decrypt(r[1], PURPOSE, ring=keys) for r in rows]


def measure(function, probes: list[str]) -> dict[str, float]:
    samples = []
    for phone in probes:
        started = time.perf_counter()
        function(phone)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 3),
        "lookups": len(samples),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument(
        "--scan-lookups", type=int, default=30, help="lookups on the unindexed table (each scans)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch schema")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("DATABASE_URL must point to a PostgreSQL database of your own", file=sys.stderr)
        return 2
    rng = random.Random(20261130)
    values = phones(args.rows, rng)
    keys = ring()
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        timings = build(db, values, keys)
        present = rng.sample(values, args.lookups // 2)
        absent = phones(args.lookups - len(present), random.Random(7))
        probes = [f"+86 {p[:3]}-{p[3:7]}-{p[7:]}" for p in present] + absent
        rng.shuffle(probes)
        for phone in probes[:20]:  # the three must agree
            assert sorted(lookup_before_or_peer(db, "peer", phone)) == sorted(lookup_after(db, keys, phone))
        results = {
            "before (clear, no index)": measure(
                lambda p: lookup_before_or_peer(db, "before", p), probes[: args.scan_lookups]
            ),
            "peer (clear, B-tree)": measure(lambda p: lookup_before_or_peer(db, "peer", p), probes),
            "after (encrypted, blind index)": measure(lambda p: lookup_after(db, keys, p), probes),
        }
        digest = fieldcrypto.blind_index(phone_lookup_key(present[0]), "blind:phone", ring=keys)
        plan = db.execute(
            f"EXPLAIN SELECT id, phone FROM {SCHEMA}.after WHERE phone_index = %s", [digest]
        ).fetchall()
        sizes = db.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(c.oid)) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND relkind = 'r' ORDER BY relname",
            [SCHEMA],
        ).fetchall()
        if not args.keep:
            db.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
            db.commit()
    after = results["after (encrypted, blind index)"]["median_ms"]
    print(f"rows: {args.rows:,}   build: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    for name, figures in results.items():
        print(
            f"  {name:<32} median {figures['median_ms']:>9.3f} ms   p95 {figures['p95_ms']:>9.3f} ms   "
            f"({figures['lookups']} lookups)"
        )
    print(f"ratio after / peer (median): {after / results['peer (clear, B-tree)']['median_ms']:.2f}")
    print(f"ratio before / after (median): {results['before (clear, no index)']['median_ms'] / after:.0f}")
    print("plan of the after query:", " / ".join(row[0].strip() for row in plan))
    print("table sizes:", ", ".join(f"{name} {size}" for name, size in sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
