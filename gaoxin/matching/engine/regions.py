"""Region codes (GB/T 2260) and names used by the region factor."""

from __future__ import annotations

from typing import Final

NATIONWIDE: Final[str] = "000000"

PROVINCES: Final[dict[str, str]] = {
    "110000": "北京", "120000": "天津", "130000": "河北", "140000": "山西",
    "150000": "内蒙古", "210000": "辽宁", "220000": "吉林", "230000": "黑龙江",
    "310000": "上海", "320000": "江苏", "330000": "浙江", "340000": "安徽",
    "350000": "福建", "360000": "江西", "370000": "山东", "410000": "河南",
    "420000": "湖北", "430000": "湖南", "440000": "广东", "450000": "广西",
    "460000": "海南", "500000": "重庆", "510000": "四川", "520000": "贵州",
    "530000": "云南", "540000": "西藏", "610000": "陕西", "620000": "甘肃",
    "630000": "青海", "640000": "宁夏", "650000": "新疆", "710000": "台湾",
    "810000": "香港", "820000": "澳门",
}  # fmt: skip

CITIES: Final[dict[str, str]] = {
    "370100": "济南", "370200": "青岛", "370600": "烟台", "370700": "潍坊",
    "370800": "济宁", "371300": "临沂", "371400": "德州", "371500": "聊城",
    "371502": "东昌府", "371581": "临清", "371600": "滨州", "371700": "菏泽",
    "410100": "郑州", "410300": "洛阳", "411300": "南阳", "650100": "乌鲁木齐",
    "652300": "昌吉", "440100": "广州", "440300": "深圳", "441900": "东莞",
    "440600": "佛山", "320100": "南京", "320500": "苏州", "320200": "无锡",
    "330100": "杭州", "330200": "宁波", "420100": "武汉", "430100": "长沙",
    "510100": "成都", "610100": "西安", "340100": "合肥", "130100": "石家庄",
    "140100": "太原", "120100": "天津市辖区", "210100": "沈阳", "210200": "大连",
}  # fmt: skip

_NAME_TO_CODE: Final[dict[str, str]] = {
    **{name: code for code, name in PROVINCES.items()},
    **{name: code for code, name in CITIES.items()},
    "全国": NATIONWIDE,
    "全国范围": NATIONWIDE,
}

_SUFFIXES: Final[tuple[str, ...]] = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市",
)  # fmt: skip


def resolve(region: str) -> str:
    """A 6-digit code for a code or a name; unknown names come back normalised."""
    r = region.strip()
    if len(r) == 6 and r.isdigit():
        return r
    if r in _NAME_TO_CODE:
        return _NAME_TO_CODE[r]
    for suffix in _SUFFIXES:
        if r.endswith(suffix) and r[: -len(suffix)] in _NAME_TO_CODE:
            return _NAME_TO_CODE[r[: -len(suffix)]]
    # free text such as "山东省聊城市": the most specific known name it contains
    for code, name in CITIES.items():
        if name in r:
            return code
    for code, name in PROVINCES.items():
        if name in r:
            return code
    return r


def is_code(region: str) -> bool:
    return len(region) == 6 and region.isdigit()


def display(region: str) -> str:
    """Human name of a resolved region."""
    if region == NATIONWIDE:
        return "全国"
    if region in CITIES:
        return CITIES[region]
    if region in PROVINCES:
        return PROVINCES[region]
    if is_code(region):
        prov = PROVINCES.get(region[:2] + "0000")
        city = CITIES.get(region[:4] + "00")
        return city or prov or region
    return region


def contains(outer: str, inner: str) -> bool:
    """True when code ``inner`` lies inside (or equals) code ``outer``."""
    if outer == inner:
        return True
    if not (is_code(outer) and is_code(inner)):
        return False
    if outer.endswith("0000"):
        return inner[:2] == outer[:2]
    if outer.endswith("00"):
        return inner[:4] == outer[:4]
    return False


def same_province(a: str, b: str) -> bool:
    return is_code(a) and is_code(b) and a[:2] == b[:2]
