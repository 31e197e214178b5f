"""Consumer warnings (消费提示, Order 121 Art. 38): drafted from a hot spot, edited and published by an analyst."""

from __future__ import annotations

from django.db import transaction

from lianxin.accounts.models import User
from lianxin.analytics.models import AlertKind, AlertStatus, ConsumerWarning, HotSpotAlert, WarningStatus
from lianxin.analytics.permissions import can_manage_warnings
from lianxin.common import clock
from lianxin.domain.errors import DomainError


class WarningForbidden(DomainError):
    code = "forbidden"


class WarningInvalid(DomainError):
    code = "invalid"


def _ensure(actor: User) -> None:
    if not can_manage_warnings(actor):
        raise WarningForbidden("只有分析员或中心管理人员可以起草和发布消费提示。")


def warning_draft_from_alert(*, alert_id: int, actor: User) -> ConsumerWarning:
    """A first draft that names the subject and the pattern; the analyst rewrites it before publishing."""
    _ensure(actor)
    alert = HotSpotAlert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise WarningInvalid("热点预警不存在。")
    subject = alert.subject_label
    if alert.kind == AlertKind.VOLUME_SPIKE:
        body = (
            f"近期全省 12315 热线收到涉及「{subject}」的投诉举报明显增多（{alert.detected_on:%Y年%m月%d日}当日 "
            f"{alert.observed} 件，近 28 日日均 {alert.baseline or 0:.1f} 件）。市场监管部门提醒广大消费者："
            "购买相关商品或服务前注意查验经营者资质，保留好购物凭证、合同与聊天记录；"
            "权益受损时可拨打 12315 或登录全国 12315 平台投诉。"
        )
    else:
        body = (
            f"市场监管部门近期关注到涉及「{subject}」的集中投诉。提醒广大消费者理性消费、"
            "保留凭证，依法维权；如遇纠纷可拨打 12315 热线。"
        )
    with transaction.atomic():
        return ConsumerWarning.objects.create(
            alert=alert, title=f"关于{subject[:60]}的消费提示", body=body, created_by=actor
        )


def warning_update(*, warning_id: int, actor: User, title: str, body: str) -> ConsumerWarning:
    _ensure(actor)
    title, body = title.strip(), body.strip()
    fields: dict[str, list[str]] = {}
    if not title:
        fields["title"] = ["请填写标题。"]
    if len(body) < 20:
        fields["body"] = ["正文至少 20 个字。"]
    if fields:
        raise WarningInvalid("消费提示内容不完整。", fields=fields)
    with transaction.atomic():
        warning = ConsumerWarning.objects.select_for_update().filter(pk=warning_id).first()
        if warning is None:
            raise WarningInvalid("消费提示不存在。")
        if warning.status == WarningStatus.PUBLISHED:
            raise WarningInvalid("已发布的消费提示不能再修改。")
        warning.title, warning.body = title, body
        warning.save(update_fields=["title", "body", "updated_at"])
        return warning


def warning_publish(*, warning_id: int, actor: User) -> ConsumerWarning:
    _ensure(actor)
    with transaction.atomic():
        warning = ConsumerWarning.objects.select_for_update().filter(pk=warning_id).first()
        if warning is None:
            raise WarningInvalid("消费提示不存在。")
        if warning.status == WarningStatus.PUBLISHED:
            raise WarningInvalid("该消费提示已经发布。")
        warning.status = WarningStatus.PUBLISHED
        warning.published_by = actor
        warning.published_at = clock.now()
        warning.save(update_fields=["status", "published_by", "published_at", "updated_at"])
        if warning.alert_id:
            HotSpotAlert.objects.filter(pk=warning.alert_id).update(status=AlertStatus.WARNED)
        return warning
