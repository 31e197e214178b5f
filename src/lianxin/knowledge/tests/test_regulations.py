"""Importing a regulation the corpus lacks from a supplied text: parsed from 第X条, refused line by line, searched."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lianxin.common import reference_cache
from lianxin.knowledge import store
from lianxin.knowledge.errors import RegulationTextInvalid
from lianxin.knowledge.models import Article, Law
from lianxin.knowledge.regulation_text import regulation_parse
from lianxin.knowledge.search import knowledge_search
from lianxin.knowledge.services.regulations import regulation_import

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = (FIXTURES / "regulation_sample.txt").read_text(encoding="utf-8")
BROKEN = (FIXTURES / "regulation_broken.txt").read_text(encoding="utf-8")
TITLE = "示例消费者权益保护条例"


def test_articles_chapters_and_chinese_numerals_are_parsed():
    parsed = regulation_parse(SAMPLE, title=TITLE)
    assert parsed.errors == []
    assert [(a.number, a.label) for a in parsed.articles] == [
        (1, "第一条"),
        (2, "第二条"),
        (3, "第三条"),
        (3, "第3条之一"),
        (4, "第四条"),
    ]
    second = parsed.articles[1]
    assert second.chapter == "第一章　总　则"
    # A continuation line belongs to its article; the statute's punctuation is kept as written.
    assert (
        second.text
        == "消费者购买鸵鸟蛋孵化器，经营者应当提供使用说明；\n说明不清导致损害的，经营者应当依法赔偿。"
    )
    assert parsed.articles[2].chapter == "第二章　经营者的义务"


def test_every_unparseable_line_gets_its_own_message():
    errors = regulation_parse(BROKEN, title="示例条例").errors
    assert errors[0].startswith("第 2 行：位于第一条之前")
    assert any(e.startswith("第 4 行：条号不连续，应为第 2 条") for e in errors)
    assert any(e.startswith("第 5 行：以「第…条」开头，但条号无法识别") for e in errors)
    assert "第五条：条文内容为空。" in errors


def test_a_reference_at_the_start_of_a_line_continues_the_article():
    parsed = regulation_parse("第一条 总则。\n第一条规定的情形除外。\n第二条 其他。")
    assert parsed.errors == []
    assert [a.number for a in parsed.articles] == [1, 2]
    assert parsed.articles[0].text == "总则。\n第一条规定的情形除外。"


def test_import_indexes_the_regulation_and_a_second_import_replaces_it(knowledge):
    result = regulation_import(
        text=SAMPLE,
        title=TITLE,
        status="现行有效",
        effective_on=datetime.date(2025, 7, 15),
        promulgated_on=datetime.date(2025, 3, 19),
        issuing_body="国务院",
    )
    assert result.articles == 5
    assert not result.replaced
    law = Law.objects.get(pk=result.law_id)
    assert (law.doc_type, law.status, law.effective_on) == (
        "行政法规",
        "现行有效",
        datetime.date(2025, 7, 15),
    )
    top = knowledge_search("鸵鸟蛋孵化器", top_k=3, use_entries=False)
    assert (top[0].law, top[0].title) == (TITLE, f"《{TITLE}》第二条")
    again = regulation_import(
        text=SAMPLE.replace("鸵鸟蛋", "鸸鹋蛋"),
        title=TITLE,
        status="现行有效",
        effective_on=datetime.date(2025, 7, 15),
    )
    assert again.replaced
    assert again.law_id == result.law_id
    assert Article.objects.filter(law_id=result.law_id).count() == 5
    assert "鸸鹋蛋" in knowledge_search("鸸鹋蛋孵化器", top_k=1, use_entries=False)[0].text


def test_a_broken_text_imports_nothing(knowledge):
    with pytest.raises(RegulationTextInvalid) as caught:
        regulation_import(
            text=BROKEN, title="示例条例", status="现行有效", effective_on=datetime.date(2025, 1, 1)
        )
    assert len(caught.value.lines) == 5
    assert not Law.objects.filter(name="示例条例").exists()


def test_the_command_imports_and_refuses_in_chinese(knowledge, tmp_path):
    out = StringIO()
    call_command(
        "kb", "import-regulation", "--file", str(FIXTURES / "regulation_sample.txt"), "--title", TITLE,
        "--status", "现行有效", "--effective", "2025-07-15", "--promulgated", "2025-03-19", stdout=out,
    )  # fmt: skip
    assert f"已导入《{TITLE}》：5 条" in out.getvalue()
    # The snapshot of the new data version is built by the command: the next cold `kb search` maps it at once.
    assert "检索索引已更新" in out.getvalue()
    assert (store.index_root() / f"in-force-{reference_cache.reference_token()}" / "meta.json").exists()
    with pytest.raises(CommandError, match="第 2 行：位于第一条之前"):
        call_command(
            "kb", "import-regulation", "--file", str(FIXTURES / "regulation_broken.txt"), "--title", "示例条例",
            "--status", "现行有效", "--effective", "2025-01-01",
        )  # fmt: skip
    with pytest.raises(CommandError, match="不是 YYYY-MM-DD"):
        call_command(
            "kb", "import-regulation", "--file", str(FIXTURES / "regulation_sample.txt"), "--title", TITLE,
            "--status", "现行有效", "--effective", "2025/07/15",
        )  # fmt: skip
    with pytest.raises(CommandError, match="时效性「有效」无效"):
        call_command(
            "kb", "import-regulation", "--file", str(FIXTURES / "regulation_sample.txt"), "--title", TITLE,
            "--status", "有效", "--effective", "2025-07-15",
        )  # fmt: skip


def test_the_admin_form_imports_or_lists_the_bad_lines(client, knowledge, editor):
    url = "/admin/knowledge/law/import-regulation/"
    assert "导入法规文本" in client.get("/admin/knowledge/law/").content.decode()
    data = {
        "title": "示例条例",
        "doc_type": "行政法规",
        "status": "现行有效",
        "effective_on": "2025-01-01",
        "priority": "1.5",
    }
    response = client.post(url, {**data, "text": BROKEN})
    assert response.status_code == 200
    page = response.content.decode()
    assert "第 4 行：条号不连续" in page
    assert "第 5 行" in page
    response = client.post(url, {**data, "title": TITLE, "text": SAMPLE})
    assert response.status_code == 302
    assert Law.objects.get(name=TITLE).articles.count() == 5
    assert Law.objects.get(name=TITLE).priority == 1.5
