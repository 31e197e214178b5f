"""Knowledge entries (问答, 话术): every change writes an `EntryRevision` (who, when, what) in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from lianxin.common import clock
from lianxin.common.reference_cache import reference_changed
from lianxin.knowledge.errors import EntryNotFound, InvalidEntry
from lianxin.knowledge.models import EntryKind, EntryRevision, KnowledgeEntry

_TEXT_FIELDS = ("kind", "category", "title", "question", "answer")


@dataclass(frozen=True, slots=True)
class EntryInput:
    key: str
    kind: str
    category: str
    title: str
    answer: str
    question: str = ""
    article_ids: list[int] = field(default_factory=list)


def _validate(data: EntryInput) -> None:
    problems: dict[str, list[str]] = {}
    if data.kind not in EntryKind.values:
        problems["kind"] = ["类型只能是问答或话术。"]
    for name in ("key", "category", "title", "answer"):
        if not getattr(data, name).strip():
            problems[name] = ["不能为空。"]
    if problems:
        raise InvalidEntry("问答内容不完整。", fields=problems)


def _record(entry: KnowledgeEntry, action: str, actor, changes: dict, note: str = "") -> None:  # type: ignore[no-untyped-def]
    entry.version += 1
    entry.updated_at = clock.now()
    entry.save(update_fields=["version", "updated_at", "is_published"])
    EntryRevision.objects.create(
        entry=entry,
        version=entry.version,
        action=action,
        actor=actor,
        changed_at=entry.updated_at,
        changes=changes,
        note=note,
    )
    reference_changed()


@transaction.atomic
def entry_create(*, actor, data: EntryInput, publish: bool = False, note: str = "") -> KnowledgeEntry:  # type: ignore[no-untyped-def]
    """Create an entry (unpublished unless `publish`), recording revision 1 with every field as the change."""
    _validate(data)
    if KnowledgeEntry.objects.filter(key=data.key).exists():
        raise InvalidEntry(f"编号「{data.key}」已存在。", fields={"key": ["编号已存在。"]})
    entry = KnowledgeEntry.objects.create(
        key=data.key,
        is_published=publish,
        updated_at=clock.now(),
        **{name: getattr(data, name) for name in _TEXT_FIELDS},
    )
    entry.articles.set(data.article_ids)
    changes = {name: [None, getattr(data, name)] for name in _TEXT_FIELDS}
    changes["articles"] = [None, sorted(data.article_ids)]
    if publish:
        changes["is_published"] = [None, True]
    _record(entry, EntryRevision.Action.CREATE, actor, changes, note)
    return entry


@transaction.atomic
def entry_update(*, entry_id: int, actor, data: EntryInput, note: str = "") -> KnowledgeEntry:  # type: ignore[no-untyped-def]
    """Change the text or the linked articles; records only the fields that changed (nothing changed: no revision)."""
    _validate(data)
    entry = _locked(entry_id)
    changes: dict[str, list] = {}
    for name in _TEXT_FIELDS:
        before, after = getattr(entry, name), getattr(data, name)
        if before != after:
            changes[name] = [before, after]
            setattr(entry, name, after)
    before_articles = sorted(entry.articles.values_list("pk", flat=True))
    if before_articles != sorted(data.article_ids):
        changes["articles"] = [before_articles, sorted(data.article_ids)]
        entry.articles.set(data.article_ids)
    if changes:
        entry.save(update_fields=list(_TEXT_FIELDS))
        _record(entry, EntryRevision.Action.UPDATE, actor, changes, note)
    return entry


@transaction.atomic
def entry_publish(*, entry_id: int, actor, publish: bool, note: str = "") -> KnowledgeEntry:  # type: ignore[no-untyped-def]
    """Publish (agents and search see it) or unpublish an entry; a no-op when already so."""
    entry = _locked(entry_id)
    if entry.is_published != publish:
        entry.is_published = publish
        action = EntryRevision.Action.PUBLISH if publish else EntryRevision.Action.UNPUBLISH
        _record(entry, action, actor, {"is_published": [not publish, publish]}, note)
    return entry


def _locked(entry_id: int) -> KnowledgeEntry:
    entry = KnowledgeEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise EntryNotFound("问答不存在。")
    return entry
