from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "lianxin.knowledge"
    label = "knowledge"
    verbose_name = "法规知识库"
