from pathlib import Path

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "lianxin.knowledge"
    label = "knowledge"
    verbose_name = "法规知识库"

    def ready(self) -> None:
        from django.conf import settings

        from . import analysis

        configured = getattr(settings, "LIANXIN_KNOWLEDGE_INDEX_DIR", None)
        root = Path(configured) if configured else Path(settings.LIANXIN_HOME) / "knowledge-index"
        analysis.use_lexicon_root(root / "jieba")  # the same place as quick.py's (artifact.index_root)
