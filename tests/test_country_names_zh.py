"""Chinese country names come from the project's curated table, checked here against names written out
by hand: the 193 UN member states as the Ministry of Foreign Affairs lists them, the places that are
part of China, and the countries of the demo events."""
import pycountry
import pytest

from core.countries import CHINESE, country_name
from core.country_names_zh import CHINESE_SHORT_NAMES
from delegations.domain.precedence import precedence_order
from events.demo import read_guest_rows
from tests.delegations.helpers import make_delegation

UN_MEMBER_STATES = {
    "AD": "安道尔", "AE": "阿联酋", "AF": "阿富汗", "AG": "安提瓜和巴布达", "AL": "阿尔巴尼亚", "AM": "亚美尼亚",
    "AO": "安哥拉", "AR": "阿根廷", "AT": "奥地利", "AU": "澳大利亚", "AZ": "阿塞拜疆", "BA": "波黑",
    "BB": "巴巴多斯", "BD": "孟加拉国", "BE": "比利时", "BF": "布基纳法索", "BG": "保加利亚", "BH": "巴林",
    "BI": "布隆迪", "BJ": "贝宁", "BN": "文莱", "BO": "玻利维亚", "BR": "巴西", "BS": "巴哈马", "BT": "不丹",
    "BW": "博茨瓦纳", "BY": "白俄罗斯", "BZ": "伯利兹", "CA": "加拿大", "CD": "刚果（金）", "CF": "中非",
    "CG": "刚果（布）", "CH": "瑞士", "CI": "科特迪瓦", "CL": "智利", "CM": "喀麦隆", "CN": "中国",
    "CO": "哥伦比亚", "CR": "哥斯达黎加", "CU": "古巴", "CV": "佛得角", "CY": "塞浦路斯", "CZ": "捷克",
    "DE": "德国", "DJ": "吉布提", "DK": "丹麦", "DM": "多米尼克", "DO": "多米尼加", "DZ": "阿尔及利亚",
    "EC": "厄瓜多尔", "EE": "爱沙尼亚", "EG": "埃及", "ER": "厄立特里亚", "ES": "西班牙", "ET": "埃塞俄比亚",
    "FI": "芬兰", "FJ": "斐济", "FM": "密克罗尼西亚联邦", "FR": "法国", "GA": "加蓬", "GB": "英国",
    "GD": "格林纳达", "GE": "格鲁吉亚", "GH": "加纳", "GM": "冈比亚", "GN": "几内亚", "GQ": "赤道几内亚",
    "GR": "希腊", "GT": "危地马拉", "GW": "几内亚比绍", "GY": "圭亚那", "HN": "洪都拉斯", "HR": "克罗地亚",
    "HT": "海地", "HU": "匈牙利", "ID": "印度尼西亚", "IE": "爱尔兰", "IL": "以色列", "IN": "印度",
    "IQ": "伊拉克", "IR": "伊朗", "IS": "冰岛", "IT": "意大利", "JM": "牙买加", "JO": "约旦", "JP": "日本",
    "KE": "肯尼亚", "KG": "吉尔吉斯斯坦", "KH": "柬埔寨", "KI": "基里巴斯", "KM": "科摩罗",
    "KN": "圣基茨和尼维斯", "KP": "朝鲜", "KR": "韩国", "KW": "科威特", "KZ": "哈萨克斯坦", "LA": "老挝",
    "LB": "黎巴嫩", "LC": "圣卢西亚", "LI": "列支敦士登", "LK": "斯里兰卡", "LR": "利比里亚", "LS": "莱索托",
    "LT": "立陶宛", "LU": "卢森堡", "LV": "拉脱维亚", "LY": "利比亚", "MA": "摩洛哥", "MC": "摩纳哥",
    "MD": "摩尔多瓦", "ME": "黑山", "MG": "马达加斯加", "MH": "马绍尔群岛", "MK": "北马其顿", "ML": "马里",
    "MM": "缅甸", "MN": "蒙古国", "MR": "毛里塔尼亚", "MT": "马耳他", "MU": "毛里求斯", "MV": "马尔代夫",
    "MW": "马拉维", "MX": "墨西哥", "MY": "马来西亚", "MZ": "莫桑比克", "NA": "纳米比亚", "NE": "尼日尔",
    "NG": "尼日利亚", "NI": "尼加拉瓜", "NL": "荷兰", "NO": "挪威", "NP": "尼泊尔", "NR": "瑙鲁",
    "NZ": "新西兰", "OM": "阿曼", "PA": "巴拿马", "PE": "秘鲁", "PG": "巴布亚新几内亚", "PH": "菲律宾",
    "PK": "巴基斯坦", "PL": "波兰", "PT": "葡萄牙", "PW": "帕劳", "PY": "巴拉圭", "QA": "卡塔尔",
    "RO": "罗马尼亚", "RS": "塞尔维亚", "RU": "俄罗斯", "RW": "卢旺达", "SA": "沙特阿拉伯", "SB": "所罗门群岛",
    "SC": "塞舌尔", "SD": "苏丹", "SE": "瑞典", "SG": "新加坡", "SI": "斯洛文尼亚", "SK": "斯洛伐克",
    "SL": "塞拉利昂", "SM": "圣马力诺", "SN": "塞内加尔", "SO": "索马里", "SR": "苏里南", "SS": "南苏丹",
    "ST": "圣多美和普林西比", "SV": "萨尔瓦多", "SY": "叙利亚", "SZ": "斯威士兰", "TD": "乍得", "TG": "多哥",
    "TH": "泰国", "TJ": "塔吉克斯坦", "TL": "东帝汶", "TM": "土库曼斯坦", "TN": "突尼斯", "TO": "汤加",
    "TR": "土耳其", "TT": "特立尼达和多巴哥", "TV": "图瓦卢", "TZ": "坦桑尼亚", "UA": "乌克兰", "UG": "乌干达",
    "US": "美国", "UY": "乌拉圭", "UZ": "乌兹别克斯坦", "VC": "圣文森特和格林纳丁斯", "VE": "委内瑞拉",
    "VN": "越南", "VU": "瓦努阿图", "WS": "萨摩亚", "YE": "也门", "ZA": "南非", "ZM": "赞比亚", "ZW": "津巴布韦",
}
PARTS_OF_CHINA = {"CN": "中国", "HK": "中国香港", "MO": "中国澳门", "TW": "中国台湾"}
OBSERVERS_AND_TERRITORIES = {
    "PS": "巴勒斯坦", "VA": "梵蒂冈", "PR": "波多黎各", "GL": "格陵兰", "BM": "百慕大", "PF": "法属波利尼西亚",
    "NC": "新喀里多尼亚", "CK": "库克群岛", "NU": "纽埃", "IM": "马恩岛", "FK": "福克兰群岛（马尔维纳斯）",
}
# The demo events' countries, written out again so that a change to the guest list is noticed here.
DEMO_COUNTRIES = {
    "KG": "吉尔吉斯斯坦", "KZ": "哈萨克斯坦", "TJ": "塔吉克斯坦", "TM": "土库曼斯坦", "UZ": "乌兹别克斯坦",
    "AE": "阿联酋", "BR": "巴西", "EG": "埃及", "RU": "俄罗斯", "ZA": "南非", "JP": "日本", "KR": "韩国",
    "GB": "英国", "MY": "马来西亚", "NZ": "新西兰", "TR": "土耳其",
}


def test_the_hand_list_has_every_un_member_state():
    assert len(UN_MEMBER_STATES) == 193


def test_every_iso_code_has_a_curated_name_and_nothing_else_does():
    assert set(CHINESE_SHORT_NAMES) == {country.alpha_2 for country in pycountry.countries}
    assert len(CHINESE_SHORT_NAMES) == 249


@pytest.mark.parametrize("expected", [UN_MEMBER_STATES, PARTS_OF_CHINA, OBSERVERS_AND_TERRITORIES, DEMO_COUNTRIES],
                         ids=["un-members", "china", "observers-and-territories", "demo"])
def test_names_as_chinese_protocol_writes_them(expected):
    assert {code: country_name(code, CHINESE) for code in expected} == expected


def test_the_demo_guest_list_uses_only_the_countries_checked_above():
    assert {row["country"] for row in read_guest_rows()} == set(DEMO_COUNTRIES)


def test_every_name_is_served_from_the_table():
    assert {code: country_name(code, CHINESE) for code in CHINESE_SHORT_NAMES} == CHINESE_SHORT_NAMES


def test_names_are_unique_and_short_forms():
    names = list(CHINESE_SHORT_NAMES.values())
    assert len(set(names)) == len(names)
    assert not [name for name in names if "共和国" in name or "王国" in name or "省" in name]


@pytest.mark.django_db
def test_pinyin_precedence_sorts_by_the_curated_names(event):
    # 加拿大 jiā, 柬埔寨 jiǎn, 喀麦隆 kā, 刚果（布） gāng guǒ bù before 刚果（金） jīn, 新加坡 xīn, 叙利亚 xù
    # (pycountry's 阿拉伯叙利亚共和国 would have put Syria first, under A).
    codes = ["SY", "CM", "KH", "CA", "CD", "CG", "SG"]
    for code in codes:
        make_delegation(event, name=f"Delegation {code}", country=code)
    event.precedence_language = CHINESE
    order = precedence_order(event, event.delegations.all())
    assert [(entry.delegation.country, entry.country_name) for entry in order.entries] == [
        ("CG", "刚果（布）"), ("CD", "刚果（金）"), ("CA", "加拿大"), ("KH", "柬埔寨"), ("CM", "喀麦隆"),
        ("SG", "新加坡"), ("SY", "叙利亚"),
    ]
    assert order.entries[3].key == "jian3 pu3 zhai4"
