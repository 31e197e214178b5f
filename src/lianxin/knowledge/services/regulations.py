"""Import of a regulation the corpus lacks (e.g. 消费者权益保护法实施条例) from a text an administrator supplies.

The text is parsed (`regulation_text.py`); any line that cannot be placed refuses the whole import with one message
per line. The regulation becomes a `Law` row of its own (source key `local:…`) with the status and dates entered,
its articles are segmented like the imported ones, and `reference_changed()` makes every process rebuild or map
the new search snapshot. Importing the same title and version date again replaces its articles.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction

from lianxin.common.jobs import enqueue
from lianxin.common.reference_cache import reference_changed
from lianxin.knowledge.errors import InvalidEntry, RegulationTextInvalid
from lianxin.knowledge.models import STATUS_CHOICES, Article, Law
from lianxin.knowledge.regulation_text import regulation_parse
from lianxin.knowledge.services.laws import _index_terms

# Kinds of text an administrator may add beside the national laws; all of them are searched.
REGULATION_DOC_TYPES = ("行政法规", "部门规章", "地方性法规", "司法解释")
_LEVEL = {"行政法规": "行政法规", "部门规章": "部门规章", "地方性法规": "地方性法规", "司法解释": "司法解释"}


@dataclass(frozen=True, slots=True)
class RegulationImportResult:
    law_id: int
    title: str
    articles: int
    replaced: bool


def regulation_import(
    *,
    text: str,
    title: str,
    status: str,
    effective_on: datetime.date,
    promulgated_on: datetime.date | None = None,
    doc_type: str = "行政法规",
    issuing_body: str = "",
    priority: float = 1.0,
) -> RegulationImportResult:
    """`priority`: the search weight of the regulation (consumer-protection texts rank first with > 1, like
    《消费者权益保护法》's own; `Law.priority`)."""
    title = title.strip().strip("《》")
    if not title:
        raise InvalidEntry("请填写法规名称。", fields={"title": ["请填写法规名称。"]})
    if status not in {value for value, _ in STATUS_CHOICES}:
        allowed = "、".join(value for value, _ in STATUS_CHOICES)
        raise InvalidEntry(
            f"时效性「{status}」无效，应为：{allowed}。", fields={"status": ["无效的时效性。"]}
        )
    if doc_type not in REGULATION_DOC_TYPES:
        allowed = "、".join(REGULATION_DOC_TYPES)
        raise InvalidEntry(
            f"文件类型「{doc_type}」无效，应为：{allowed}。", fields={"doc_type": ["无效的类型。"]}
        )
    if not 0 < priority <= 10:
        raise InvalidEntry(
            "检索权重应在 0 到 10 之间。", fields={"priority": ["检索权重应在 0 到 10 之间。"]}
        )
    if promulgated_on and promulgated_on > effective_on:
        raise InvalidEntry("公布日期晚于施行日期。", fields={"promulgated": ["公布日期晚于施行日期。"]})
    parsed = regulation_parse(text, title=title)
    if parsed.errors:
        raise RegulationTextInvalid(parsed.errors)
    key = "local:" + hashlib.sha256(f"{title}|{effective_on.isoformat()}".encode()).hexdigest()[:32]
    with transaction.atomic():
        law, created = Law.objects.update_or_create(
            source_key=key,
            defaults={
                "name": title,
                "doc_type": doc_type,
                "level": _LEVEL[doc_type],
                "issuing_body": issuing_body.strip()[:100],
                "published_on": promulgated_on,
                "effective_on": effective_on,
                "version_on": effective_on,
                "status": status,
                "priority": priority,
            },
        )
        law.articles.all().delete()
        Article.objects.bulk_create(
            Article(
                law=law,
                position=position,
                number=item.number,
                label=item.label,
                chapter=item.chapter,
                section=item.section,
                text=item.text,
                tokens=_index_terms({"chapter": item.chapter, "section": item.section, "text": item.text}),
            )
            for position, item in enumerate(parsed.articles, start=1)
        )
        reference_changed()
        # The search snapshot of the new data version is built in the background, not by the next search.
        enqueue("lianxin.knowledge.tasks.warm_knowledge_snapshot_task")
    return RegulationImportResult(law.pk, title, len(parsed.articles), replaced=not created)
