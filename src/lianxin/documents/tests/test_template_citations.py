"""The forms cite the article of Order 121 that governs them, as REGULATIONS.md (verified text) states it."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from lianxin.documents.models import DocumentTemplate
from lianxin.documents.services import template_in_force

pytestmark = pytest.mark.django_db
MIGRATION = import_module("lianxin.documents.migrations.0003_dispatch_notice_cites_article_41")


def test_the_dispatch_notice_cites_article_41_the_intake_bodys_distribution():
    assert template_in_force("dispatch_notice").citation == "《市场监督管理投诉举报处理办法》第四十一条"


def test_a_database_with_the_shipped_article_14_gets_a_new_version_and_an_edited_form_is_left_alone():
    shipped = template_in_force("dispatch_notice")
    DocumentTemplate.objects.filter(pk=shipped.pk).update(citation=MIGRATION.OLD)
    MIGRATION.cite_article_41(apps, None)
    current = template_in_force("dispatch_notice")
    assert (current.version, current.citation, current.body) == (
        shipped.version + 1,
        MIGRATION.NEW,
        shipped.body,
    )
    assert (
        DocumentTemplate.objects.get(pk=shipped.pk).citation == MIGRATION.OLD
    )  # issued documents keep theirs

    DocumentTemplate.objects.filter(pk=current.pk).update(citation="本中心修订的依据")
    MIGRATION.cite_article_41(apps, None)
    assert template_in_force("dispatch_notice").citation == "本中心修订的依据"
