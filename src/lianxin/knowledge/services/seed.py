"""Seed data written for the project (`knowledge/reference/`): law aliases, colloquial vocabulary, law
priorities, the FAQ/script entries and the articles' caller phrasings (glosses.tsv). Idempotent and respectful
of edits: existing rows are left as the administrators changed them; only missing ones are added."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from lianxin.common.reference_cache import reference_changed
from lianxin.knowledge.citations import LawNames
from lianxin.knowledge.models import (
    IN_FORCE_STATUSES,
    Article,
    ArticleGloss,
    KnowledgeEntry,
    Law,
    LawAlias,
    VocabularyTerm,
)
from lianxin.knowledge.search import article_find

from .entries import EntryInput, entry_create

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


@dataclass(frozen=True, slots=True)
class SeedResult:
    aliases: int
    vocabulary: int
    entries: int
    unresolved: list[str]
    glosses: int = 0


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
    added_glosses = _glosses_load(names, unresolved)
    reference_changed()
    return SeedResult(added_aliases, added_terms, added_entries, unresolved, added_glosses)


def _glosses_load(names: LawNames, unresolved: list[str]) -> int:
    """Add the missing article glosses of `glosses.tsv` (law<TAB>article<TAB>phrase|phrase…); a gloss whose
    article is not in force is reported, not stored."""
    existing = set(ArticleGloss.objects.values_list("law_name", "number"))
    in_force = set(
        Article.objects.filter(law__status__in=IN_FORCE_STATUSES).values_list("law__name", "number")
    )
    added = []
    for line_number, line in enumerate(
        (REFERENCE_DIR / "glosses.tsv").read_text(encoding="utf-8").splitlines(), start=1
    ):
        if not line.strip() or line.startswith("#"):
            continue
        law_part, number_text, phrases = line.split("\t")
        law_name = names.resolve(law_part)
        number = int(number_text)
        if (law_name, number) not in in_force:
            unresolved.append(f"glosses.tsv:{line_number}: {law_part}:{number_text}")
            continue
        if (law_name, number) in existing:
            continue
        existing.add((law_name, number))
        text = "\n".join(p.strip() for p in phrases.split("|") if p.strip())
        added.append(ArticleGloss(law_name=law_name, number=number, phrases=text))
    ArticleGloss.objects.bulk_create(added)
    return len(added)
