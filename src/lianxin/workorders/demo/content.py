"""What the demo work orders say: realistic complaints, reports and consultations seen at a 12315 hotline.

Plain data. `{business}`, `{platform}`, `{amount}`, `{bought}` and `{item}` are filled in by `generator.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class ComplaintScenario:
    category: str
    issue_type: str
    summary: str
    facts: str
    claims: str
    amount: tuple[int, int]
    business_suffix: str
    resolution: str  # what the agreement says; {recovered}: the amount recovered, as the work order records it
    items: tuple[str, ...] = ("",)
    online: bool = False
    # The amount recovered: the price times this (None: a share the parties negotiated), plus a fixed sum.
    price_multiple: Decimal | None = Decimal(1)
    compensation: int = 0


@dataclass(frozen=True, slots=True)
class ReportScenario:
    issue_type: str
    summary: str
    facts: str
    business_suffix: str
    finding: str


@dataclass(frozen=True, slots=True)
class Consultation:
    summary: str
    answer: str


COMPLAINTS: tuple[ComplaintScenario, ...] = (
    ComplaintScenario(
        "household_appliances",
        "quality",
        "新买{item}不制冷",
        "{bought}在{business}购买{item}一台，价格{amount}元，使用不到一周即出现不制冷，"
        "售后上门检测后称需返厂维修，消费者认为属于新机质量问题，要求退货，商家拒绝。",
        "退货退款",
        (1999, 8999),
        "电器有限公司",
        "商家同意为消费者办理退货，全额退款{recovered}元。",
        ("冰箱", "冰柜", "空调"),
    ),
    ComplaintScenario(
        "life_social_services",
        "contract",
        "预付卡商家闭店跑路",
        "消费者在{business}办理{item}预付卡，充值{amount}元，尚有大部分余额未消费。"
        "近日门店突然停业，电话无人接听，剩余金额无法退还。",
        "退还预付卡剩余金额",
        (1000, 12000),
        "美容美发有限公司",
        "经营者同意按剩余金额退款{recovered}元，分两期支付。",
        ("美容", "美发", "洗车"),
        price_multiple=None,
    ),
    ComplaintScenario(
        "internet",
        "after_sales",
        "网购七日无理由退货被拒",
        "{bought}在{platform}平台{business}店铺购买{item}，价格{amount}元，收货后未拆封即申请七日无理由退货，"
        "商家以“特价商品不退不换”为由拒绝。",
        "按《消费者权益保护法》第二十五条办理七日无理由退货",
        (199, 3999),
        "电子商务有限公司",
        "商家同意办理退货，退款{recovered}元，运费由商家承担。",
        ("蓝牙耳机", "羽绒服", "运动鞋", "扫地机器人"),
        online=True,
    ),
    ComplaintScenario(
        "food",
        "food_safety",
        "外卖食品中发现异物",
        "{bought}通过{platform}在{business}点外卖，订单金额{amount}元，食用时在菜品中发现{item}，已拍照留存。",
        "退还餐费并依照《食品安全法》第一百四十八条赔偿",
        (30, 260),
        "餐饮管理有限公司",
        "商家退还餐费并依法赔偿1000元，合计{recovered}元。",
        ("头发", "金属丝", "塑料碎片"),
        online=True,
        compensation=1000,
    ),
    ComplaintScenario(
        "vehicles",
        "false_advertising",
        "新能源汽车续航与宣传不符",
        "{bought}在{business}购买新能源汽车一辆，价格{amount}元，销售宣传续航600公里，实际满电续航不足400公里。",
        "赔偿损失或退车",
        (120000, 260000),
        "汽车销售服务有限公司",
        "经营者赠送三年免费保养并补偿{recovered}元。",
        price_multiple=Decimal(0), compensation=8000,
    ),
    ComplaintScenario(
        "decoration_property",
        "contract",
        "装修工程延期且擅自增项",
        "消费者与{business}签订家装合同，总价{amount}元，约定60天完工，现已超期一个多月仍未完工，"
        "且施工中多次要求增加费用。",
        "按合同约定支付违约金并按期完工",
        (40000, 180000),
        "装饰工程有限公司",
        "装修公司承诺十五日内完工，并减免增项费用{recovered}元。",
        price_multiple=Decimal("0.05"),
    ),
    ComplaintScenario(
        "education_training",
        "contract",
        "培训机构拒绝退还未上课时费用",
        "消费者为孩子在{business}报名{item}课程，一次性缴费{amount}元，上课不足三分之一后因搬家申请退费，机构拒绝。",
        "退还未上课时的费用",
        (3000, 26000),
        "教育科技有限公司",
        "培训机构同意按未消课时退还费用{recovered}元。",
        ("英语", "编程", "美术", "游泳"),
        price_multiple=None,
    ),
    ComplaintScenario(
        "telecom",
        "contract",
        "宽带到期被自动续约扣费",
        "消费者在{business}办理的宽带合约到期，未经本人同意被自动续约一年，扣费{amount}元。",
        "取消续约并退还费用",
        (360, 1560),
        "通信营业厅",
        "营业厅取消续约并退还已扣费用{recovered}元。",
    ),
    ComplaintScenario(
        "tourism",
        "contract",
        "跟团游被强制购物",
        "消费者报名{business}组织的跟团游，团费{amount}元，行程中导游多次安排进店购物，不购物即言语威胁。",
        "赔偿损失并道歉",
        (1200, 6800),
        "旅行社有限公司",
        "旅行社退还部分团费{recovered}元并书面道歉。",
        price_multiple=Decimal("0.3"),
    ),
    ComplaintScenario(
        "clothing",
        "quality",
        "羽绒服含绒量与标注不符",
        "{bought}在{business}购买羽绒服一件，价格{amount}元，标注含绒量90%，送检结果仅为50%。",
        "退一赔三",
        (399, 2599),
        "服饰有限公司",
        "商家退货退款并按价款三倍赔偿，合计{recovered}元。",
        price_multiple=Decimal(4),
    ),
    ComplaintScenario(
        "medicine_medical",
        "false_advertising",
        "保健品宣称能治病",
        "消费者父母在{business}听健康讲座后购买保健品，花费{amount}元，销售人员宣称可治疗高血压、糖尿病。",
        "退货退款",
        (2000, 30000),
        "健康科技有限公司",
        "经营者同意退还全部货款{recovered}元。",
    ),
    ComplaintScenario(
        "culture_entertainment_sports",
        "contract",
        "健身房转让后拒绝履行会员合同",
        "消费者在{business}办理年卡，费用{amount}元，健身房更换经营者后要求补交费用才可继续使用。",
        "继续履行合同或退还剩余费用",
        (1800, 6800),
        "健身服务有限公司",
        "新经营者同意继续履行原会员合同，剩余权益折合{recovered}元。",
        price_multiple=None,
    ),
    ComplaintScenario(
        "sales_services",
        "price",
        "结账价格高于标价",
        "{bought}在{business}购物，货架标价与收银结算价格不一致，多收{amount}元，要求退还被拒。",
        "退还多收价款",
        (10, 300),
        "超市有限公司",
        "商家退还多收价款{recovered}元并赠送购物卡。",
    ),
    ComplaintScenario(
        "jewellery_stationery_sports",
        "metrology",
        "黄金首饰克重不足",
        "{bought}在{business}购买金手镯一只，价格{amount}元，标注克重30克，自行称重仅28.6克。",
        "补足差价并赔偿",
        (12000, 26000),
        "珠宝首饰有限公司",
        "商家退还克重差价并赔偿，合计{recovered}元。",
        price_multiple=Decimal("0.1"),
    ),
    ComplaintScenario(
        "tobacco_alcohol_beverages",
        "counterfeit",
        "购买的白酒疑似假冒",
        "{bought}在{business}购买白酒两瓶，价格{amount}元，经品牌方鉴定防伪码不符，疑似假冒。",
        "退一赔三",
        (800, 5600),
        "烟酒商行",
        "商家退货退款并按价款三倍赔偿，合计{recovered}元。",
        price_multiple=Decimal(4),
    ),
)

REPORTS: tuple[ReportScenario, ...] = (
    ReportScenario(
        "report_food_safety",
        "超市销售过期食品",
        "举报{business}销售过期食品，货架上的酸奶、面包已超过保质期数日仍在销售。",
        "超市",
        "现场查见过期食品12件，涉嫌违反《食品安全法》第三十四条",
    ),
    ReportScenario(
        "report_price",
        "商铺未明码标价",
        "举报{business}所售商品未明码标价，结账时随意要价。",
        "商贸有限公司",
        "现场查见部分商品未标价，涉嫌违反《价格法》第十三条",
    ),
    ReportScenario(
        "report_unlicensed",
        "无照经营",
        "举报{business}未办理营业执照即对外经营，并发放小广告招揽顾客。",
        "养生馆",
        "经营者未取得营业执照从事经营活动，涉嫌违反《无证无照经营查处办法》第二条",
    ),
    ReportScenario(
        "report_advertising",
        "广告使用“最佳”“第一”等用语",
        "举报{business}在门店广告牌和网店页面使用“全国第一”“最佳品质”等绝对化用语。",
        "家居有限公司",
        "广告中使用绝对化用语，涉嫌违反《广告法》第九条第（三）项",
    ),
    ReportScenario(
        "report_quality",
        "销售无3C标志电动车头盔",
        "举报{business}销售无生产厂名厂址、无质量合格证的电动自行车头盔。",
        "车行",
        "现场查见无合格证头盔30顶，涉嫌违反《产品质量法》第二十七条",
    ),
    ReportScenario(
        "report_unfair_competition",
        "虚构销量与好评",
        "举报{business}雇人刷单、虚构销量和好评，误导消费者。",
        "网络科技有限公司",
        "经营者组织虚假交易，涉嫌违反《反不正当竞争法》第八条",
    ),
    ReportScenario(
        "report_consumer_rights",
        "格式条款“最终解释权归商家所有”",
        "举报{business}在店内张贴“本店拥有最终解释权”“售出概不退换”等格式条款。",
        "手机卖场",
        "店堂告示含有不公平格式条款，涉嫌违反《消费者权益保护法》第二十六条",
    ),
)

CONSULTATIONS: tuple[Consultation, ...] = (
    Consultation(
        "网购七日无理由退货的条件",
        "已告知：网购商品自收货之日起七日内可无理由退货，定作、鲜活易腐、已拆封的数字化商品等除外"
        "（《消费者权益保护法》第二十五条）。",
    ),
    Consultation(
        "预付卡商家停业如何维权",
        "已告知：保留合同、付款凭证，可向经营地市场监管部门投诉；涉嫌诈骗的可向公安机关报案"
        "（《消费者权益保护法》第五十三条）。",
    ),
    Consultation(
        "家电三包期限如何计算",
        "已告知：三包有效期自开具发票之日起计算，七日内可退货，十五日内可换货，保修期内可免费修理。",
    ),
    Consultation(
        "购买到过期食品如何赔偿",
        "已告知：可要求退款，并可要求支付价款十倍或者损失三倍的赔偿金，不足一千元的为一千元"
        "（《食品安全法》第一百四十八条）。",
    ),
    Consultation(
        "如何查询企业登记信息",
        "已告知：可登录国家企业信用信息公示系统，输入企业名称或统一社会信用代码查询。",
    ),
    Consultation(
        "个体工商户如何办理营业执照",
        "已告知：可通过陕西政务服务网或到经营场所所在地政务服务中心申请，携带身份证及经营场所证明。",
    ),
    Consultation(
        "投诉需要提供哪些材料",
        "已告知：投诉人姓名、电话、地址，被投诉人名称和地址，具体诉求及事实依据（购物凭证等）。",
    ),
    Consultation(
        "商品房质量问题是否由12315受理",
        "已告知：商品房质量问题属住建部门职责，建议向当地住房和城乡建设部门反映。",
    ),
    Consultation(
        "经营者称“最终解释权归本店”是否有效",
        "已告知：经营者不得以格式条款作出排除或者限制消费者权利的规定，该内容无效"
        "（《消费者权益保护法》第二十六条）。",
    ),
    Consultation(
        "买到假货能否要求三倍赔偿",
        "已告知：经营者有欺诈行为的，可要求增加赔偿受到的损失，为价款的三倍，不足五百元的为五百元"
        "（《消费者权益保护法》第五十五条）。",
    ),
)

SUGGESTIONS: tuple[Consultation, ...] = (
    Consultation("建议加强对校园周边小卖部食品的检查", "已记录建议并转相关业务处室参考。"),
    Consultation("建议在商场设置消费维权服务站", "已记录建议，感谢来电。"),
    Consultation("建议规范网约车平台计价规则公示", "已记录建议，将汇总报送。"),
)

PLATFORMS: tuple[str, ...] = ("淘宝", "京东", "拼多多", "抖音", "美团", "饿了么")
FOOD_PLATFORMS: tuple[str, ...] = ("美团", "饿了么")

DECLINES: tuple[tuple[str, str], ...] = (
    ("outside_duties", "投诉事项为商品房质量纠纷，不属于市场监督管理部门职责，已告知向住建部门反映。"),
    ("already_handled", "该争议已由人民法院受理，依法不予受理。"),
    ("not_consumer_dispute", "投诉人系为经营需要购买商品，不属于生活消费，依法不予受理。"),
    ("materials_missing", "经告知后投诉人仍未提供购物凭证等必要材料，依法不予受理。"),
)
TERMINATIONS: tuple[tuple[str, str], ...] = (
    ("withdrawn_or_settled", "投诉人与被投诉人自行和解，投诉人撤回投诉，终止调解。"),
    ("party_absent_or_refuses", "被投诉人无正当理由拒不参加调解，终止调解。"),
    ("no_agreement_possible", "双方分歧较大，投诉人明确表示无法达成调解协议，终止调解。"),
)
