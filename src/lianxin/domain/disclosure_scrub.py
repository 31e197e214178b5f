"""Scrubbing personal data from complaint summaries before public disclosure (投诉信息公示).

《市场监督管理投诉信息公示暂行规则》 publishes per-business complaint figures and summaries of closed items without the
consumer's personal data; Order 121 Art. 37 keeps a reporter's identity confidential; 《个人信息保护法》第二十八条
lists ID and bank card numbers as sensitive. What is removed, and how it reads afterwards:

- phone numbers, resident ID numbers and bank card numbers — found by the shared detector
  (`lianxin.domain.personal_data`) and replaced whole by 【电话】, 【身份证号】, 【银行卡号】;
- e-mail addresses → 【邮箱】; vehicle plate numbers (陕A12345, 粤B·D12345) → 【车牌号】;
- exact addresses: from the first numbered part (12号, 3单元, 502室, 5栋 …) on, the address becomes 【详细地址】, so
  the road or the building complex may stay and the door does not;
- person names → the surname and 某 (张伟 → 张某, 欧阳娜娜 → 欧阳某), found by jieba's part-of-speech tagger
  (nr: person name) and by context (我叫 …, 联系人 …, … 先生/女士 is already anonymous and stays).

The business names the disclosure must show are passed as ``keep`` and are never touched, whatever matches inside
them. Over-scrubbing a word is the lesser error; the labelled set in ``bench/disclosure`` measures recall per kind.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from .personal_data import IdentifierKind, find_identifiers


class PersonalKind(StrEnum):
    NAME = "name"  # 姓名
    MOBILE = "mobile"  # 手机号码
    LANDLINE = "landline"  # 固定电话
    RESIDENT_ID = "resident_id"  # 身份证号码
    BANK_CARD = "bank_card"  # 银行卡号
    EMAIL = "email"  # 电子邮箱
    PLATE = "plate"  # 车牌号
    ADDRESS = "address"  # 详细地址


REPLACEMENTS: dict[PersonalKind, str] = {
    PersonalKind.MOBILE: "【电话】",
    PersonalKind.LANDLINE: "【电话】",
    PersonalKind.RESIDENT_ID: "【身份证号】",
    PersonalKind.BANK_CARD: "【银行卡号】",
    PersonalKind.EMAIL: "【邮箱】",
    PersonalKind.PLATE: "【车牌号】",
    PersonalKind.ADDRESS: "【详细地址】",
}

_FROM_IDENTIFIER = {
    IdentifierKind.MOBILE: PersonalKind.MOBILE,
    IdentifierKind.LANDLINE: PersonalKind.LANDLINE,
    IdentifierKind.RESIDENT_ID: PersonalKind.RESIDENT_ID,
    IdentifierKind.BANK_CARD: PersonalKind.BANK_CARD,
}

# The most common surnames (compound ones first, so 欧阳 is not read as 欧 + 阳).
COMPOUND_SURNAMES = [
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "令狐",
    "端木",
    "西门",
    "南宫",
    "独孤",
    "轩辕",
    "申屠",
]
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛"
    "邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝"
    "路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全"
    "佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + "".join(sorted(SURNAMES)) + "])"
_GIVEN = r"[\u4e00-\u9fff]{1,2}"
# Words before a name (我叫张伟, 联系人：李娜, 店员王小明) …
_NAME_BEFORE = (
    r"(?:我叫|我是|本人|姓名|名叫|叫做|联系人|投诉人|举报人|申请人|被申请人|消费者|代理人|委托人|当事人|收件人|"
    r"寄件人|店员|店长|经理|老板|客服|业务员|销售员|销售|导购|员工|工作人员|快递员|司机|师傅|医生|护士|老师|教练|"
    r"顾问|主管|负责人|法定代表人|丈夫|妻子|儿子|女儿|父亲|母亲|朋友|同事)[:：\s]?"
)
# … and after it (张伟经理, 李娜店长): the honorifics 先生/女士/小姐 leave only the surname, which may stay.
_NAME_AFTER = (
    r"(?=经理|店长|老板|主管|师傅|医生|老师|教练|律师|同志|顾问|说|称|表示|承诺|答应|拒绝|打电话|来电)"
)
_NAME_WITH_CONTEXT = (
    re.compile(_NAME_BEFORE + rf"({_SURNAME}(?!先生|女士|小姐|某|总|姓){_GIVEN})"),
    re.compile(rf"({_SURNAME}{_GIVEN}){_NAME_AFTER}"),
)
# Everyday words that begin with a surname and that jieba's tagger sometimes calls a name (商家, 顾客 …): seen in
# complaint texts, they are not people.
COMMON_WORDS = frozenset(
    {
        "商家",
        "商户",
        "商场",
        "商品",
        "商城",
        "顾客",
        "顾问",
        "解释",
        "解释权",
        "张贴",
        "方面",
        "方式",
        "方便",
        "方案",
        "高温",
        "高档",
        "高价",
        "金额",
        "黄金",
        "白酒",
        "马上",
        "时间",
        "安全",
        "单位",
        "明显",
        "温度",
        "程序",
        "余额",
        "路上",
        "江湖",
        "常见",
        "向前",
        "于是",
        "任何",
        "万一",
        "全部",
        "全程",
        "车主",
        "车辆",
        "毛病",
        "包装",
        "包括",
        "包邮",
        "龙头",
        "严重",
        "宁可",
        "甘愿",
        "钱款",
        "房东",
        "房屋",
        "房主",
        "成本",
        "成交",
        "文字",
        "文件",
        "武器",
        "雷同",
        "管理",
        "管家",
        "安装",
        "贺卡",
        "熊猫",
        "苏打",
        "席位",
        "卫生",
        "卫浴",
    }
)
_HONORIFIC_AFTER = re.compile(r"^(?:先生|女士|小姐|阿姨|大爷|大妈|某)")

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Z][·•\s]?[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]"
)
_NUM = r"(?:[0-9０-９]+|[一二三四五六七八九十百零〇两]+)"
# A numbered part of an address: 12号, 12号院, 3单元, 502室, 5栋, 5号楼, 8层, 2幢, 7座, 甲12号, 12-3-502.
_ADDRESS_PART = (
    rf"(?:[甲乙丙丁]?{_NUM}(?:号院|号楼|号|单元|室|栋|幢|层|楼|座|户|弄|巷|排|组)"
    r"|[0-9]+(?:-[0-9]+){1,3}(?:室|号)?)"
)
# … and the bare room number that often ends one (2单元1101).
_ADDRESS = re.compile(
    rf"{_ADDRESS_PART}(?:[\s,，]?(?:附|之)?{_ADDRESS_PART})*(?:[0-9]{{3,5}}(?![0-9元块万]))?"
)
# A word the tagger calls a name but that names a place (小寨东路, 韦曲街道): not a person.
_PLACE_AFTER = re.compile(
    r"^[东西南北中]?(?:路|街|大街|道|小区|村|镇|乡|区|县|市|巷|广场|站|桥|门|寺|湖|山|原|坡|塬|堡|湾|口|苑|园|城|商圈|地铁|校区)"
)
# Only a numbered part that follows a place word is an address (not "3号下单", "2栋" alone may still be one).
_PLACE_BEFORE = re.compile(
    r"(?:路|街|道|巷|弄|胡同|村|组|小区|花园|公寓|大厦|广场|苑|园|庄|里|屯|社区|家园|新村|院|城|中心|大楼|楼)$"
)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: PersonalKind
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Scrubbed:
    text: str
    findings: tuple[Finding, ...]

    def kinds(self) -> set[PersonalKind]:
        return {finding.kind for finding in self.findings}


@cache
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _protected(text: str, keep: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for name in {k.strip() for k in keep if k and len(k.strip()) >= 2}:
        spans.extend(match.span() for match in re.finditer(re.escape(name), text))
    return spans


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def _surname_of(name: str) -> str:
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound):
            return compound
    return name[0]


def _name_findings(text: str) -> list[Finding]:
    found: dict[tuple[int, int], Finding] = {}
    for pattern in _NAME_WITH_CONTEXT:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if match.group(1) not in COMMON_WORDS:
                found[(start, end)] = Finding(PersonalKind.NAME, start, end, match.group(1))
    position = 0
    words = list(_tagger().cut(text))
    for index, word in enumerate(words):
        start, end = position, position + len(word.word)
        position = end
        if not word.flag.startswith("nr") or len(word.word) < 2 or word.word in COMMON_WORDS:
            continue
        # A given name alone (娜娜) counts only right after a surname word (欧阳|娜娜), handled below.
        starts_with_surname = word.word[0] in SURNAMES or word.word.startswith(tuple(COMPOUND_SURNAMES))
        after_surname = bool(index) and words[index - 1].word in {*COMPOUND_SURNAMES, *SURNAMES}
        if not starts_with_surname and not after_surname:
            continue
        if _HONORIFIC_AFTER.match(text[end:]) and len(word.word) <= 2 and word.word[0] in SURNAMES:
            continue  # 王先生: the surname alone is how an anonymous account reads
        if word.word.endswith(("先生", "女士", "小姐")) or _PLACE_AFTER.match(text[end:]):
            continue
        # jieba may split 欧阳|娜娜: take a surname just before the given name into the name.
        if (
            index
            and words[index - 1].word in {*COMPOUND_SURNAMES, *SURNAMES}
            and word.word[0] not in SURNAMES
        ):
            start -= len(words[index - 1].word)
        found[(start, end)] = Finding(PersonalKind.NAME, start, end, text[start:end])
    return list(found.values())


def _address_findings(text: str) -> list[Finding]:
    findings = []
    for match in _ADDRESS.finditer(text):
        start, end = match.span()
        if _PLACE_BEFORE.search(text[max(0, start - 4) : start]) or re.match(r"[0-9]+-[0-9]+", match.group()):
            findings.append(Finding(PersonalKind.ADDRESS, start, end, match.group()))
    return findings


def find_personal_data(text: str, *, keep: Iterable[str] = ()) -> list[Finding]:
    """Every piece of personal data in ``text``, left to right, none overlapping and none inside a ``keep`` name."""
    if not text:
        return []
    protected = _protected(text, keep)
    candidates: list[Finding] = [
        Finding(_FROM_IDENTIFIER[item.kind], item.start, item.end, item.text)
        for item in find_identifiers(text)
    ]
    candidates += [Finding(PersonalKind.EMAIL, *m.span(), m.group()) for m in _EMAIL.finditer(text)]
    candidates += [Finding(PersonalKind.PLATE, *m.span(), m.group()) for m in _PLATE.finditer(text)]
    candidates += _address_findings(text)
    candidates += _name_findings(text)
    chosen: list[Finding] = []
    # Identifiers first (they are exact), then the longer spans.
    order = list(PersonalKind)
    for finding in sorted(
        candidates,
        key=lambda f: (order.index(f.kind) if f.kind is not PersonalKind.NAME else 99, -(f.end - f.start)),
    ):
        taken = [(f.start, f.end) for f in chosen]
        if _overlaps(finding.start, finding.end, protected) or _overlaps(finding.start, finding.end, taken):
            continue
        chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def scrub(text: str, *, keep: Iterable[str] = ()) -> Scrubbed:
    """``text`` with its personal data replaced (see the module docstring); ``keep``: business names to show."""
    findings = find_personal_data(text, keep=keep)
    parts: list[str] = []
    last = 0
    for finding in findings:
        parts.append(text[last : finding.start])
        if finding.kind is PersonalKind.NAME:
            parts.append(_surname_of(finding.text) + "某")
        else:
            parts.append(REPLACEMENTS[finding.kind])
        last = finding.end
    parts.append(text[last:])
    return Scrubbed(text="".join(parts), findings=tuple(findings))
