"""Seed data written for the project (`knowledge/reference/*.json`): law aliases, colloquial vocabulary, law
priorities and the FAQ/script entries. Idempotent and respectful of edits: existing aliases, vocabulary and
entries are left as the administrators changed them; only missing ones are added."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from lianxin.common.reference_cache import reference_changed
from lianxin.knowledge.citations import LawNames
from lianxin.knowledge.models import Article, KnowledgeEntry, Law, LawAlias, VocabularyTerm
from lianxin.knowledge.search import article_find

from .entries import EntryInput, entry_create

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


@dataclass(frozen=True, slots=True)
class SeedResult:
    aliases: int
    vocabulary: int
    entries: int
    unresolved: list[str]


def _read(name: str) -> dict | list:
    return json.loads((REFERENCE_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def knowledge_seed_load() -> SeedResult:
    """Add the missing seed rows; set law priorities; link entries to the articles in force they cite.

    A citation that does not resolve (its law not imported) is reported in `unresolved`, not guessed.
    """
    aliases = _read("aliases.json")
    added_aliases = sum(
        LawAlias.objects.get_or_create(alias=alias, defaults={"law_name": full})[1]
        for alias, full in aliases.items()
    )
    vocabulary = _read("vocabulary.json")
    added_terms = sum(
        VocabularyTerm.objects.get_or_create(phrase=phrase, defaults={"legal_terms": legal})[1]
        for phrase, legal in vocabulary.items()
    )
    for name, weight in _read("priorities.json").items():
        if not name.startswith("_"):
            Law.objects.filter(name=name, priority=1.0).update(priority=weight)

    names = LawNames(
        Law.objects.values_list("name", flat=True).distinct(),
        dict(LawAlias.objects.values_list("alias", "law_name")),
    )
    unresolved: list[str] = []
    added_entries = 0
    existing = set(KnowledgeEntry.objects.values_list("key", flat=True))
    for item in _read("entries.json"):
        if item["key"] in existing:
            continue
        article_ids = []
        for cited in item["articles"]:
            law_part, number = cited.rsplit(":", 1)
            law_name = names.resolve(law_part)
            article: Article | None = (
                article_find(law_name, int(number), in_force_only=True) if law_name else None
            )
            if article is None:
                unresolved.append(f"{item['key']}: {cited}")
            else:
                article_ids.append(article.pk)
        data = EntryInput(
            key=item["key"],
            kind=item["kind"],
            category=item["category"],
            title=item["title"],
            question=item["question"],
            answer=item["answer"],
            article_ids=article_ids,
        )
        entry_create(actor=None, data=data, publish=True, note="种子数据")
        added_entries += 1
    reference_changed()
    return SeedResult(added_aliases, added_terms, added_entries, unresolved)
