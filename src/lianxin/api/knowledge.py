"""Knowledge API: search, article detail, citation check (any signed-in user; the corpus is public law and the
center's published answers)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.domain.text_limits import CLAIMS_MAX, FACTS_MAX
from lianxin.knowledge.errors import ArticleNotFound
from lianxin.knowledge.search import knowledge_search, short_name
from lianxin.knowledge.selectors import article_get, citations_check, suggestions_for_text

from .schema import error_responses
from .work_orders.access import work_order_in_scope

TAG = "法律知识库"


class SearchResultSerializer(serializers.Serializer):
    class Meta:
        ref_name = "KnowledgeSearchResult"

    kind = serializers.CharField(help_text="article（法条）或 faq（问答与话术）")
    id = serializers.IntegerField()
    law = serializers.CharField(allow_null=True)
    article = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    text = serializers.CharField()
    score = serializers.FloatField()
    version_on = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_blank=True)
    via = serializers.CharField()


class KnowledgeSearchApi(APIView):
    class InputSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=2000, help_text="检索词（1–2000字）")
        top = serializers.IntegerField(min_value=1, max_value=50, default=10, help_text="返回条数（1–50）")
        all_versions = serializers.BooleanField(default=False, help_text="同时检索历史版本与已废止的法律")

        class Meta:
            ref_name = "KnowledgeSearchInput"

    class OutputSerializer(serializers.Serializer):
        query = serializers.CharField()
        results = SearchResultSerializer(many=True)

        class Meta:
            ref_name = "KnowledgeSearchOutput"

    @extend_schema(
        operation_id="knowledge_search",
        summary="法律知识检索",
        description="按来电人的说法检索现行有效的法条与口径（直接引用如「消法第25条」优先）。",
        tags=[TAG],
        parameters=[InputSerializer],
        responses={200: OutputSerializer, **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        results = knowledge_search(values["q"], top_k=values["top"], all_versions=values["all_versions"])
        return Response({"query": data.validated_data["q"], "results": [r.as_dict() for r in results]})


class ArticleDetailApi(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        law = serializers.CharField()
        law_short_name = serializers.CharField()
        article = serializers.IntegerField(allow_null=True)
        label = serializers.CharField()
        chapter = serializers.CharField(allow_blank=True)
        text = serializers.CharField()
        status = serializers.CharField()
        version_on = serializers.DateField(allow_null=True)
        effective_on = serializers.DateField(allow_null=True)

        class Meta:
            ref_name = "KnowledgeArticleOutput"

    @extend_schema(
        operation_id="knowledge_article",
        summary="法条全文",
        tags=[TAG],
        responses={200: OutputSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, article_id: int) -> Response:
        try:
            article = article_get(article_id=article_id)
        except ArticleNotFound as error:
            raise Http404(error.message) from error
        law = article.law
        payload: dict[str, Any] = {
            "id": article.pk,
            "law": law.name,
            "law_short_name": short_name(law.name),
            "article": article.number,
            "label": article.label,
            "chapter": article.chapter,
            "text": article.text,
            "status": law.status,
            "version_on": law.version_on,
            "effective_on": law.effective_on,
        }
        return Response(self.OutputSerializer(payload).data)


class CitationCheckApi(APIView):
    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=100_000)

        class Meta:
            ref_name = "KnowledgeCitationCheckInput"

    class FindingSerializer(serializers.Serializer):
        citation = serializers.CharField()
        law = serializers.CharField(allow_null=True)
        article = serializers.IntegerField()
        status = serializers.ChoiceField(choices=["ok", "unknown_law", "no_such_article", "not_in_force"])
        message = serializers.CharField()
        article_id = serializers.IntegerField(allow_null=True)
        version_on = serializers.CharField(allow_null=True)

        class Meta:
            ref_name = "KnowledgeCitationCheckFinding"

    class OutputSerializer(serializers.Serializer):
        problems = serializers.IntegerField()
        citations = serializers.ListField()

        class Meta:
            ref_name = "KnowledgeCitationCheckOutput"

    @extend_schema(
        operation_id="knowledge_check_citations",
        summary="核对文书中的法条引用",
        description="找出文本中引用的法条，指出不存在或已失效的条文。",
        tags=[TAG],
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401)},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        findings = citations_check(data.validated_data["text"])
        return Response(
            {"problems": sum(f.is_problem for f in findings), "citations": [f.as_dict() for f in findings]}
        )


class KnowledgeSuggestionsApi(APIView):
    """GET /api/v1/knowledge/suggestions/?work_order=ID, or ?facts=…&claims=… while the agent is still typing:
    the articles and entries most likely to apply. A work order outside the user's scope answers 403."""

    class InputSerializer(serializers.Serializer):
        work_order = serializers.IntegerField(required=False)
        facts = serializers.CharField(required=False, allow_blank=True, max_length=FACTS_MAX)
        claims = serializers.CharField(required=False, allow_blank=True, max_length=CLAIMS_MAX)
        top = serializers.IntegerField(min_value=1, max_value=20, default=5)

        class Meta:
            ref_name = "KnowledgeSuggestionsInput"

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not attrs.get("work_order") and not (attrs.get("facts") or attrs.get("claims")):
                raise serializers.ValidationError("请提供 work_order 或 facts / claims。")
            return attrs

    class OutputSerializer(serializers.Serializer):
        results = SearchResultSerializer(many=True)

        class Meta:
            ref_name = "KnowledgeSuggestionsOutput"

    @extend_schema(
        operation_id="knowledge_suggestions",
        summary="工单适用法条建议",
        description="按工单（work_order）或事实与诉求文本给出最可能适用的法条和口径。",
        tags=[TAG],
        parameters=[InputSerializer],
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("work_order"):
            work_order = work_order_in_scope(request.user, values["work_order"])
            facts = f"{work_order.summary}\n{work_order.facts}"
            claims = work_order.claims
        else:
            facts, claims = values.get("facts", ""), values.get("claims", "")
        results = suggestions_for_text(facts=facts, claims=claims, top_k=values["top"])
        return Response({"results": [r.as_dict() for r in results]})
