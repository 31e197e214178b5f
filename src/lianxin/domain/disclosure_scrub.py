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
  (nr: person name) and by context (我叫 …, 联系人 …, … 反映); a surname with a title or placeholder alone
  (陈女士, 李先生, 张某某) is already anonymous and stays, a full name before a title does not (王丽女士 → 王某女士);
  names written with a separating dot (买买提·艾力) and names made of the common Tibetan, Mongolian and Uyghur
  name words (扎西次仁, 巴特尔, 热依汗古丽, `MINORITY_NAME_WORDS`), which have no surname, are removed whole (→ 某某).

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
    # Added after the blind set (bench/disclosure/blind.tsv) missed 皮晓军: rarer surnames that are not everyday words.
    "皮酆湛茅伏奚狄禹钮嵇邴郦荀麴阎殳芮储汲邰蒯逯隗郗璩"
)
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + "".join(sorted(SURNAMES)) + "])"
# One or two characters of a given name, never the start of a title (王丽女士 is 王丽 + 女士).
_GIVEN = r"(?:(?!先生|女士|小姐|老师|师傅|阿姨|经理)[\u4e00-\u9fff]){1,2}"
# Words before a name (我叫张伟, 联系人：李娜, 店员王小明) …
_NAME_BEFORE = (
    r"(?:我叫|我是|本人|姓名|名叫|叫做|联系人|投诉人|举报人|申请人|被申请人|消费者|代理人|委托人|当事人|收件人|"
    r"寄件人|店员|店长|经理|老板|客服|业务员|销售员|销售|导购|员工|工作人员|快递员|司机|师傅|医生|护士|老师|教练|"
    r"顾问|主管|负责人|法定代表人|丈夫|妻子|儿子|女儿|父亲|母亲|朋友|同事)[:：\s]?"
)
# … and after it (张伟经理, 李娜店长, 上官婉清反映): the honorifics 先生/女士/小姐 leave only the surname, which may stay.
_NAME_AFTER = (
    r"(?=经理|店长|老板|主管|师傅|医生|老师|教练|律师|同志|顾问|说|称|表示|承诺|答应|拒绝|打电话|来电"
    r"|反映|投诉|举报)"
)
_NAME_WITH_CONTEXT = (
    re.compile(_NAME_BEFORE + rf"({_SURNAME}(?!先生|女士|小姐|某|总|姓){_GIVEN})"),
    re.compile(
        rf"({_SURNAME}(?!先生|女士|小姐|某|总|姓|师傅|老师|阿姨|大爷|大妈|经理){_GIVEN}){_NAME_AFTER}"
    ),
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
        "齐全",
        "黄金首饰",
        "唐卡",
        "沙龙",
        "明确",
    }
)
_TITLES = ("先生", "女士", "小姐", "阿姨", "大爷", "大妈", "老师", "师傅", "经理")
_HONORIFIC_AFTER = re.compile(r"^(?:先生|女士|小姐|阿姨|大爷|大妈|某)")
# A name written with a separating dot (维吾尔族、哈萨克族 … 买买提·艾力, 阿依古丽·买合木提): the words around the
# dot, without a context word before (来电人, 消费者 …) or a verb after (反映, 投诉 …).
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{2,7}[·•・‧][\u4e00-\u9fff]{2,7}")
_DOT_NAME_LEAD = re.compile(
    r"^.*?(?:来电人|投诉人|举报人|消费者|联系人|收件人|寄件人|申请人|当事人|购买人|我叫|我是|本人|名叫|姓名|"
    r"遇到|是|和|与|及|、|向|给|被|让|叫|在)"
)
_DOT_NAME_TAIL = re.compile(
    r"(?:反映|投诉|举报|来电|表示|说|称|在|于|通过|的|和|与|及|要求|购买|等|先生|女士|自称|专柜|专卖|门店|"
    r"旗舰|店|公司).*$"
)
# Names of the Tibetan, Mongolian and Uyghur traditions have no surname and jieba splits them into everyday words
# (扎西|次|仁, 其其|格称): the common name words, and a run of two or more of them (or one of three characters or
# more) is a name. Added after the blind set missed 扎西次仁, 巴特尔, 格日勒图 … (so that set is no longer blind
# for these; see bench/disclosure/README.md).
_MINORITY_NAME_WORDS_TEXT = (
    # Tibetan
    "扎西 次仁 达瓦 卓玛 尼玛 多吉 格桑 央金 拉姆 德吉 平措 旺堆 索朗 边巴 普布 "
    "洛桑 丹增 次旦 仁青 白玛 巴桑 米玛 拉巴 顿珠 益西 旦增 曲珍 群培 琼达 强巴 "
    "次珍 卓嘎 央宗 旺姆 措姆 贡嘎 泽仁 嘎玛 罗布 桑珠 德庆 曲措 其美 土登 阿旺 "
    "赤列 旺杰 措吉 仓决 嘎松 次央 "
    # Mongolian
    "巴特尔 格日勒图 格日勒 那日苏 其其格 乌兰 哈斯 苏和 额尔敦 宝音 朝鲁 巴雅尔 "
    "阿拉坦 斯琴 图雅 萨仁 孟和 布和 吉日嘎拉 乌日娜 其木格 娜仁 高娃 满都拉 "
    "陶格斯 苏日娜 毕力格 巴图 敖日格乐 斯日古楞 阿古拉 包音 乌力吉 额尔德尼 "
    "巴音 达来 呼和 "
    # Uyghur, Kazakh
    "买买提 麦麦提 艾力 阿依古丽 古丽 热依汗 吾买尔江 吾买尔 托合提 阿不都 阿卜杜 "
    "阿布都 艾尔肯 努尔 帕提古丽 迪丽 热巴 依明 吐尔逊 买合木提 玉素甫 热合曼 艾山 "
    "肉孜 帕尔哈提 阿力木 米吉提 库尔班 塔依尔 伊力哈木 努尔兰 加依娜 巴哈古丽 "
    "阿依努尔 努尔古丽 阿迪力 艾合买提 吐逊 热娜 阿米娜"
)
MINORITY_NAME_WORDS = frozenset(_MINORITY_NAME_WORDS_TEXT.split())
_MINORITY_WORD = "(?:" + "|".join(sorted(MINORITY_NAME_WORDS, key=lambda word: (-len(word), word))) + ")"
_MINORITY_NAME = re.compile(f"{_MINORITY_WORD}+")

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Z][·•\s]?[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]"
)
_NUM = r"(?:[0-9０-９]+|[一二三四五六七八九十百零〇两]+)"
# A numbered part of an address: 12号, 12号院, 3单元, 502室, 5栋, 5号楼, 8层, 2幢, 7座, 甲12号, 12-3-502.
_ADDRESS_PART = (
    rf"(?:[甲乙丙丁]?{_NUM}(?:号院|号楼|号|单元|室|栋|幢|层|楼|座|户|弄|巷|排|组)"
    r"|[A-Za-z](?:座|栋|幢|单元)"  # B座1801, C栋 (added after the blind set missed B座1801)
    r"|[0-9]+(?:-[0-9]+){1,3}(?:室|号)?)"
)
# … and the bare room number that often ends one (2单元1101), or the side of the landing (7楼东户).
_ADDRESS = re.compile(
    rf"{_ADDRESS_PART}(?:[\s,，]?(?:附|之)?{_ADDRESS_PART})*(?:[0-9]{{3,5}}(?![0-9元块万]))?"
    r"(?:[东西南北中](?:边户|户))?"
)
# A word the tagger calls a name but that names a place (小寨东路, 韦曲街道): not a person.
_PLACE_AFTER = re.compile(
    r"^[东西南北中]?(?:路|街|大街|道|小区|村|镇|乡|区|县|市|巷|广场|站|桥|门|寺|湖|山|原|坡|塬|堡|湾|口|苑|园|城|商圈|地铁|校区)"
)
# A word the tagger calls a name but that begins a business name (杨国福麻辣烫, 金鹰国际购物中心, 李宁专卖店): the
# disclosure is told only the respondent and the platform, so another shop named in the text depends on this.
_BUSINESS_AFTER = re.compile(
    r"^(?:(?!店长|店员|店里|店内|店家)[\u4e00-\u9fff]){0,4}?(?:店(?!长|员|里|内|家)|超市|有限公司|公司|集团|"
    r"酒店|餐厅|饭庄|饭店|影城|影院|物业|银行|保险|珠宝|麻辣烫|书店|旅行社|商行|会所|中心|车行|专卖|商场|"
    r"经营部|门诊|医院|药房|大药房|学校|驾校|培训|工作室|俱乐部)"
)
# Only a numbered part that follows a place word is an address (not "3号下单", "2栋" alone may still be one).
_PLACE_BEFORE = re.compile(
    r"(?:路|街|道|巷|弄|胡同|村|组|小区|花园|公寓|大厦|广场|苑|园|庄|里|屯|社区|家园|新村|院|城|中心|大楼|楼"
    r"|区|邸|府|庵|阁|墅|湾|坊|寓|居|厦|房号为?|地址为?|住址为?)$"
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


def _anonymous(name: str) -> str:
    """张伟 → 张某, 欧阳娜娜 → 欧阳某; a name without a surname (买买提·艾力, 扎西次仁) → 某某."""
    if re.search("[·•・‧]", name) or _MINORITY_NAME.fullmatch(name):
        return "某某"
    surname = _surname_of(name)
    if surname not in COMPOUND_SURNAMES and surname not in SURNAMES:
        return "某某"
    return surname + "某"


def _inside_book_title(text: str, position: int) -> bool:
    """Whether `position` lies inside 《…》 (the title of a law or a book, never a person)."""
    opened = text.rfind("《", 0, position)
    return opened != -1 and text.rfind("》", opened, position) == -1


def _word_bounds(words: list) -> tuple[set[int], dict[tuple[int, int], str]]:
    """Where the tagger's words start and end, and the flag of each single word by its span."""
    bounds, flags, position = {0}, {}, 0
    for word in words:
        flags[(position, position + len(word.word))] = word.flag
        position += len(word.word)
        bounds.add(position)
    return bounds, flags


def _name_findings(text: str) -> list[Finding]:
    found: dict[tuple[int, int], Finding] = {}
    words = list(_tagger().cut(text))
    bounds, flags = _word_bounds(words)
    before, after = _NAME_WITH_CONTEXT
    for match in before.finditer(text):
        start, end = match.span(1)
        # 投诉人明确表示: a surname character that begins an everyday word the tagger ends past the candidate.
        if match.group(1) not in COMMON_WORDS and end in bounds:
            found[(start, end)] = Finding(PersonalKind.NAME, start, end, match.group(1))
    for match in after.finditer(text):
        start, end = match.span(1)
        # A surname character inside a word (有关部门反映 → 关部门) or one everyday word (全家投诉) is no name:
        # the candidate must begin where the tagger's words begin and not be a single word it calls something else.
        single = flags.get((start, end))
        if (
            match.group(1) in COMMON_WORDS
            or "某" in match.group(1)
            or start not in bounds
            or (single is not None and not single.startswith("nr"))
        ):
            continue
        found[(start, end)] = Finding(PersonalKind.NAME, start, end, match.group(1))
    for match in _DOT_NAME.finditer(text):
        dot = match.start() + re.search("[·•・‧]", match.group()).start()
        left, right = text[match.start() : dot], text[dot + 1 : match.end()]
        lead = _DOT_NAME_LEAD.match(left)
        left = left[lead.end() :] if lead else left
        right = _DOT_NAME_TAIL.sub("", right)
        if left and right:
            start, end = dot - len(left), dot + 1 + len(right)
            found[(start, end)] = Finding(PersonalKind.NAME, start, end, text[start:end])
    for match in _MINORITY_NAME.finditer(text):
        start, end = match.span()
        if len(re.findall(_MINORITY_WORD, match.group())) >= 2 or end - start >= 3:
            found[(start, end)] = Finding(PersonalKind.NAME, start, end, match.group())
    position = 0
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
        surname_only = word.word in COMPOUND_SURNAMES or len(word.word) == 1 or word.word[1:] == "某"
        if _HONORIFIC_AFTER.match(text[end:]) and surname_only:
            continue  # 王先生, 司马先生, 张某某: the surname alone is how an anonymous account reads (王丽女士 is a name)
        if (word.word.endswith(_TITLES) and len(word.word) <= 4) or _PLACE_AFTER.match(text[end:]):
            continue  # 刘老师, 郭经理: a title after the surname alone
        if word.word.endswith(("区", "县", "市", "路", "街", "镇", "村")) or _inside_book_title(text, start):
            continue  # 高新区, 武侯区; 《食品安全法》
        if _BUSINESS_AFTER.match(text[end:]):
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
        # After a place word; or a door by itself (12-3-502); or two numbered parts down to the flat
        # (11号楼2单元1503室, 12幢2单元2103), which is an address whatever the complex is called.
        parts = len(re.findall(_ADDRESS_PART, match.group()))
        if (
            _PLACE_BEFORE.search(text[max(0, start - 4) : start])
            or re.match(r"[0-9]+-[0-9]+", match.group())
            or (parts >= 2 and re.search(r"单元|室|户|号楼|栋|幢|层", match.group()))
        ):
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
            parts.append(_anonymous(finding.text))
        else:
            parts.append(REPLACEMENTS[finding.kind])
        last = finding.end
    parts.append(text[last:])
    return Scrubbed(text="".join(parts), findings=tuple(findings))
