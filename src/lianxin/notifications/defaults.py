"""The first text of each statutory notice, seeded by a migration and editable in the admin."""

from __future__ import annotations

DEFAULT_NOTICES: tuple[dict[str, str], ...] = (
    {
        "code": "identity_request",
        "channel": "sms",
        "body": "【{{ unit_name }}】您对{{ respondent_name }}的投诉（{{ work_order_number }}）需核验身份，"
        "请于{{ deadline }}前提供身份证明材料，逾期不予受理。",
    },
    {
        "code": "accepted",
        "channel": "sms",
        "body": "【{{ unit_name }}】您对{{ respondent_name }}的投诉（{{ work_order_number }}）已于{{ today }}受理，"
        "我们将依法组织调解。",
    },
    {
        "code": "declined",
        "channel": "sms",
        "body": "【{{ unit_name }}】您对{{ respondent_name }}的投诉（{{ work_order_number }}）不予受理，"
        "理由：{{ ground_label }}。"
        "您可依照消费者权益保护法第三十九条通过协商、调解、仲裁或诉讼等途径解决。",
    },
    {
        "code": "terminated",
        "channel": "sms",
        "body": "【{{ unit_name }}】您对{{ respondent_name }}的投诉（{{ work_order_number }}）已终止调解，"
        "理由：{{ ground_label }}。"
        "您可依法通过其他途径解决争议。",
    },
    {
        "code": "agreed",
        "channel": "sms",
        "body": "【{{ unit_name }}】您对{{ respondent_name }}的投诉（{{ work_order_number }}）经调解达成协议，"
        "挽回经济损失{{ amount_recovered }}元。",
    },
    {
        "code": "report_result",
        "channel": "sms",
        "body": "【{{ unit_name }}】您的举报（{{ work_order_number }}）已处理完毕，处理结果已书面告知。感谢您的支持。",
    },
    {
        "code": "portal_code",
        "channel": "sms",
        "body": "【12315】您的验证码是{{ code }}，{{ minutes }}分钟内有效。请勿告诉他人。",
    },
    {
        "code": "portal_filed",
        "channel": "sms",
        "body": "【12315】您的{{ kind }}已提交，工单编号{{ number }}。可凭编号和手机验证码在网上查询办理进度。",
    },
)
