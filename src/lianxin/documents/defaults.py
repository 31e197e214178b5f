"""The first version of each document form, seeded by a migration; administrators edit them in the admin
(each edit is a new version). Bodies are Django template text; each non-empty line is a paragraph.
"""

from __future__ import annotations

_ROUTES = (
    "如对本决定不服，或者希望通过其他途径解决争议，您可以依照《中华人民共和国消费者权益保护法》第三十九条的规定，"
    "与经营者协商和解，请求消费者协会或者依法成立的其他调解组织调解，向有关行政部门投诉，"
    "根据与经营者达成的仲裁协议提请仲裁机构仲裁，或者向人民法院提起诉讼。"
)

DEFAULT_TEMPLATES: tuple[dict[str, str], ...] = (
    {
        "kind": "dispatch_notice",
        "title": "投诉/举报分送通知书",
        "addressee": "unit",
        "number_prefix": "分送",
        # Art. 41: the unified intake body (the 12315 center) sends items to the competent units (REGULATIONS.md §4).
        "citation": "《市场监督管理投诉举报处理办法》第四十一条",
        "body": (
            "{{ unit_name }}：\n"
            "{{ received_on }}收到的{{ kind_label }}（工单编号 {{ work_order_number }}），"
            "涉及经营者「{{ respondent_name }}」，经审查属于你单位管辖，现分送你单位依法处理。\n"
            "内容摘要：{{ summary }}\n"
            "请依照法定期限办理，并及时反馈处理结果。"
            "{% if kind_label == '举报' %}举报人身份信息依法保密，不得向被举报人透露。{% endif %}"
        ),
    },
    {
        "kind": "identity_request",
        "title": "限期提供身份证明材料通知书",
        "addressee": "complainant",
        "number_prefix": "身份",
        "citation": "《市场监督管理投诉举报处理办法》第十条、第十六条第（六）项",
        "body": (
            "{{ complainant_name }}：\n"
            "你于{{ received_on }}提出的对「{{ respondent_name }}」的投诉（工单编号 {{ work_order_number }}），"
            "需要核验你的身份。请于{{ deadline }}前向{{ unit_name }}提供身份证明材料。\n"
            "核验身份所需时间不计入受理期限。逾期不提供或者拒绝核验身份的，依法不予受理。"
        ),
    },
    {
        "kind": "acceptance",
        "title": "投诉受理决定书",
        "addressee": "complainant",
        "number_prefix": "受理",
        "citation": "《市场监督管理投诉举报处理办法》第十五条",
        "body": (
            "{{ complainant_name }}：\n"
            "你于{{ received_on }}提出的对「{{ respondent_name }}」的投诉（工单编号 {{ work_order_number }}），"
            "经审查，符合受理条件，本机关决定予以受理。\n"
            "本机关将依法组织调解。调解过程中，你有权申请调解人员回避。"
        ),
    },
    {
        "kind": "non_acceptance",
        "title": "投诉不予受理决定书",
        "addressee": "complainant",
        "number_prefix": "不受理",
        "citation": "《市场监督管理投诉举报处理办法》第十五条、第十六条",
        "body": (
            "{{ complainant_name }}：\n"
            "你于{{ received_on }}提出的对「{{ respondent_name }}」的投诉（工单编号 {{ work_order_number }}），"
            "经审查，有下列第（{{ ground_position }}）项情形，本机关决定不予受理：\n"
            "{% for g in grounds %}{% if g.ticked %}■{% else %}□{% endif %} {{ g.label }}\n{% endfor %}"
            "说明：{{ outcome }}\n" + _ROUTES
        ),
    },
    {
        "kind": "mediation_notice",
        "title": "投诉调解通知书",
        "addressee": "parties",
        "number_prefix": "调通",
        "citation": "《市场监督管理投诉举报处理办法》第十八条、第二十一条",
        "body": (
            "{{ complainant_name }}、{{ respondent_name }}：\n"
            "对{{ complainant_name }}于{{ received_on }}提出的对{{ respondent_name }}的投诉"
            "（工单编号 {{ work_order_number }}），本机关已于{{ accepted_on }}受理，现依法组织调解。\n"
            "调解时间：{{ session_time }}\n调解方式：{{ session_method }}\n"
            "当事人认为调解人员与本投诉有利害关系、可能影响公正调解的，可以申请回避。"
        ),
    },
    {
        "kind": "termination",
        "title": "投诉终止调解决定书",
        "addressee": "parties",
        "number_prefix": "终止",
        "citation": "《市场监督管理投诉举报处理办法》第二十三条、第二十五条",
        "body": (
            "{{ complainant_name }}、{{ respondent_name }}：\n"
            "对{{ complainant_name }}对{{ respondent_name }}的投诉（工单编号 {{ work_order_number }}），"
            "调解过程中有下列第（{{ ground_position }}）项情形，本机关决定终止调解：\n"
            "{% for g in grounds %}{% if g.ticked %}■{% else %}□{% endif %} {{ g.label }}\n{% endfor %}"
            "说明：{{ outcome }}\n"
            "终止调解后，当事人可以依法通过其他途径解决争议。\n" + _ROUTES
        ),
    },
    {
        "kind": "mediation_agreement",
        "title": "投诉调解书",
        "addressee": "parties",
        "number_prefix": "调解",
        "citation": "《市场监督管理投诉举报处理办法》第二十四条",
        "body": (
            "投诉人：{{ complainant_name }}{% if complainant_phone %}　联系电话：{{ complainant_phone }}{% endif %}\n"
            "被投诉人：{{ respondent_name }}{% if respondent_address %}　地址：{{ respondent_address }}{% endif %}\n"
            "投诉事项及请求：{{ summary }}{% if claims %}；{{ claims }}{% endif %}\n"
            "{% for s in sessions %}{{ s.date }}，{{ s.method }}调解，参加人员：{{ s.participants }}。\n{% endfor %}"
            "经本机关主持调解，双方自愿达成如下协议：\n"
            "{{ outcome }}\n"
            "挽回经济损失：人民币{{ amount_recovered }}元"
            "{% if goods_value %}（其中退换、维修商品折价{{ goods_value }}元）{% endif %}。\n"
            "本调解书经双方当事人签名或者盖章，并加盖本机关印章后生效。"
            "一方当事人不履行的，另一方可以依法通过其他途径解决。\n"
            "投诉人（签名）：　　　　　　被投诉人（签名或盖章）："
        ),
    },
    {
        "kind": "report_result",
        "title": "举报处理结果告知书",
        "addressee": "reporter",
        "number_prefix": "告知",
        "citation": "《市场监督管理投诉举报处理办法》第三十六条",
        "body": (
            "{{ complainant_name }}：\n"
            "你于{{ received_on }}对「{{ respondent_name }}」的举报（工单编号 {{ work_order_number }}），"
            "本机关经核查，处理结果如下：\n{{ outcome }}\n"
            "本机关依法对举报人的信息予以保密。感谢你对市场监管工作的支持。"
        ),
    },
)
