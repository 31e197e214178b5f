"""Rate limits of the public side, counted in the database so that every server process sees the same counts.

Each limit is data: (scope, how many, within how many seconds). Keys are keyed digests, never a phone or an address
in clear. A refusal says in Chinese when to try again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from lianxin.common import clock

from .digests import digest
from .errors import PortalError
from .models import PortalAttempt


@dataclass(frozen=True, slots=True)
class Limit:
    scope: str
    count: int
    seconds: int
    message: str


CODE_PER_PHONE_MINUTE = Limit("code_phone_1m", 1, 60, "验证码已发送，请 1 分钟后再试。")
CODE_PER_PHONE_HOUR = Limit("code_phone_1h", 5, 3600, "该手机号获取验证码过于频繁，请 1 小时后再试。")
CODE_PER_ADDRESS_HOUR = Limit("code_addr_1h", 20, 3600, "您的网络获取验证码过于频繁，请稍后再试。")
FILING_PER_PHONE_DAY = Limit(
    "file_phone_1d", 5, 86400, "同一手机号每天最多提交 5 件，请明天再试或拨打12315。"
)
FILING_PER_ADDRESS_HOUR = Limit("file_addr_1h", 10, 3600, "您的网络提交过于频繁，请稍后再试。")
WRONG_CODE_PER_PHONE_HOUR = Limit("badcode_phone_1h", 10, 3600, "验证码错误次数过多，请 1 小时后再试。")
LOGIN_FAILURES_PER_NAME = Limit("odr_login_name", 5, 900, "登录失败次数过多，请 15 分钟后再试。")
LOGIN_FAILURES_PER_ADDRESS = Limit("odr_login_addr", 20, 900, "登录失败次数过多，请 15 分钟后再试。")
UPLOAD_PER_ADDRESS_HOUR = Limit("upload_addr_1h", 20, 3600, "上传过于频繁，请 1 小时后再试。")
TRACK_FAILURES_PER_ADDRESS = Limit("track_addr", 20, 3600, "查询失败次数过多，请 1 小时后再试。")


def _key(limit: Limit, value: str) -> str:
    return digest(f"throttle:{limit.scope}", value)


def check(limit: Limit, value: str) -> None:
    """Refuse when ``value`` has used up ``limit``; does not count by itself."""
    since = clock.now() - timedelta(seconds=limit.seconds)
    used = PortalAttempt.objects.filter(
        scope=limit.scope, key_digest=_key(limit, value), at__gt=since
    ).count()
    if used >= limit.count:
        raise PortalError("rate_limited", limit.message, status=429)


def count(limit: Limit, value: str) -> None:
    PortalAttempt.objects.create(scope=limit.scope, key_digest=_key(limit, value), at=clock.now())


def check_and_count(limit: Limit, value: str) -> None:
    check(limit, value)
    count(limit, value)


def prune(older_than: timedelta = timedelta(days=2)) -> int:
    deleted, _ = PortalAttempt.objects.filter(at__lt=clock.now() - older_than).delete()
    return deleted
