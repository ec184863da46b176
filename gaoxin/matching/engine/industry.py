"""Closeness of two industries on the GB/T 4754-2017 hierarchy.

门类 (letter) → 大类 (2 digits) → 中类 (3) → 小类 (4). Codes may carry the letter
("C3494") or not ("3494"); the letter is derived from the 大类 number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .types import FactorResult

# 门类 → (first 大类, last 大类, name). GB/T 4754-2017 (amendment 2019): 20 门类, 97 大类.
SECTIONS: Final[tuple[tuple[str, int, int, str], ...]] = (
    ("A", 1, 5, "农、林、牧、渔业"),
    ("B", 6, 12, "采矿业"),
    ("C", 13, 43, "制造业"),
    ("D", 44, 46, "电力、热力、燃气及水生产和供应业"),
    ("E", 47, 50, "建筑业"),
    ("F", 51, 52, "批发和零售业"),
    ("G", 53, 60, "交通运输、仓储和邮政业"),
    ("H", 61, 62, "住宿和餐饮业"),
    ("I", 63, 65, "信息传输、软件和信息技术服务业"),
    ("J", 66, 69, "金融业"),
    ("K", 70, 70, "房地产业"),
    ("L", 71, 72, "租赁和商务服务业"),
    ("M", 73, 75, "科学研究和技术服务业"),
    ("N", 76, 79, "水利、环境和公共设施管理业"),
    ("O", 80, 82, "居民服务、修理和其他服务业"),
    ("P", 83, 83, "教育"),
    ("Q", 84, 85, "卫生和社会工作"),
    ("R", 86, 90, "文化、体育和娱乐业"),
    ("S", 91, 96, "公共管理、社会保障和社会组织"),
    ("T", 97, 97, "国际组织"),
)

SECTION_NAMES: Final[dict[str, str]] = {s[0]: s[3] for s in SECTIONS}

DIVISION_TO_SECTION: Final[dict[str, str]] = {
    f"{n:02d}": letter for letter, lo, hi, _ in SECTIONS for n in range(lo, hi + 1)
}

DIVISION_NAMES: Final[dict[str, str]] = {
    "01": "农业", "02": "林业", "03": "畜牧业", "04": "渔业",
    "05": "农、林、牧、渔专业及辅助性活动",
    "06": "煤炭开采和洗选业", "07": "石油和天然气开采业", "08": "黑色金属矿采选业",
    "09": "有色金属矿采选业", "10": "非金属矿采选业", "11": "开采专业及辅助性活动",
    "12": "其他采矿业",
    "13": "农副食品加工业", "14": "食品制造业", "15": "酒、饮料和精制茶制造业",
    "16": "烟草制品业", "17": "纺织业", "18": "纺织服装、服饰业",
    "19": "皮革、毛皮、羽毛及其制品和制鞋业",
    "20": "木材加工和木、竹、藤、棕、草制品业", "21": "家具制造业",
    "22": "造纸和纸制品业", "23": "印刷和记录媒介复制业",
    "24": "文教、工美、体育和娱乐用品制造业", "25": "石油、煤炭及其他燃料加工业",
    "26": "化学原料和化学制品制造业", "27": "医药制造业", "28": "化学纤维制造业",
    "29": "橡胶和塑料制品业", "30": "非金属矿物制品业",
    "31": "黑色金属冶炼和压延加工业", "32": "有色金属冶炼和压延加工业",
    "33": "金属制品业", "34": "通用设备制造业", "35": "专用设备制造业",
    "36": "汽车制造业", "37": "铁路、船舶、航空航天和其他运输设备制造业",
    "38": "电气机械和器材制造业", "39": "计算机、通信和其他电子设备制造业",
    "40": "仪器仪表制造业", "41": "其他制造业", "42": "废弃资源综合利用业",
    "43": "金属制品、机械和设备修理业",
    "44": "电力、热力生产和供应业", "45": "燃气生产和供应业", "46": "水的生产和供应业",
    "47": "房屋建筑业", "48": "土木工程建筑业", "49": "建筑安装业",
    "50": "建筑装饰、装修和其他建筑业",
    "51": "批发业", "52": "零售业",
    "53": "铁路运输业", "54": "道路运输业", "55": "水上运输业", "56": "航空运输业",
    "57": "管道运输业", "58": "多式联运和运输代理业", "59": "装卸搬运和仓储业",
    "60": "邮政业",
    "61": "住宿业", "62": "餐饮业",
    "63": "电信、广播电视和卫星传输服务", "64": "互联网和相关服务",
    "65": "软件和信息技术服务业",
    "66": "货币金融服务", "67": "资本市场服务", "68": "保险业", "69": "其他金融业",
    "70": "房地产业",
    "71": "租赁业", "72": "商务服务业",
    "73": "研究和试验发展", "74": "专业技术服务业", "75": "科技推广和应用服务业",
    "76": "水利管理业", "77": "生态保护和环境治理业", "78": "公共设施管理业",
    "79": "土地管理业",
    "80": "居民服务业", "81": "机动车、电子产品和日用产品修理业", "82": "其他服务业",
    "83": "教育",
    "84": "卫生", "85": "社会工作",
    "86": "新闻和出版业", "87": "广播、电视、电影和录音制作业", "88": "文化艺术业",
    "89": "体育", "90": "娱乐业",
    "91": "中国共产党机关", "92": "国家机构", "93": "人民政协、民主党派",
    "94": "社会保障", "95": "群众团体、社会团体和其他成员组织",
    "96": "基层群众自治组织及其他组织",
    "97": "国际组织",
}  # fmt: skip

if len(DIVISION_TO_SECTION) != 97 or set(DIVISION_NAMES) != set(DIVISION_TO_SECTION):  # pragma: no cover
    raise RuntimeError("GB/T 4754-2017 has 97 大类")

CLOSENESS_BY_LEVEL: Final[dict[int, float]] = {4: 1.0, 3: 0.8, 2: 0.6, 1: 0.3, 0: 0.0}
LEVEL_LABELS: Final[dict[int, str]] = {4: "小类", 3: "中类", 2: "大类", 1: "门类"}
NEUTRAL: Final[float] = 0.5


class IndustryCodeError(ValueError):
    """An industry code that is not GB/T 4754 shaped."""


@dataclass(frozen=True, slots=True)
class IndustryCode:
    section: str  # 门类 letter
    digits: str  # "", "34", "349" or "3494"

    def prefix(self, level: int) -> str:
        """The code truncated to ``level`` (1 门类 … 4 小类)."""
        if level <= 1:
            return self.section
        return self.section + self.digits[:level]

    def __str__(self) -> str:
        return self.section + self.digits


def parse_industry_code(code: str) -> IndustryCode:
    """Parse "C3494", "c34", "3494", "C" into an :class:`IndustryCode`."""
    raw = code.strip().upper()
    if not raw:
        raise IndustryCodeError("行业代码为空")
    letter = ""
    if raw[0].isalpha():
        letter, raw = raw[0], raw[1:]
    if raw and (not raw.isdigit() or len(raw) < 2 or len(raw) > 4):
        raise IndustryCodeError(f"行业代码格式错误：{code}")
    if not raw:
        if letter not in SECTION_NAMES:
            raise IndustryCodeError(f"未知的行业门类：{code}")
        return IndustryCode(letter, "")
    section = DIVISION_TO_SECTION.get(raw[:2])
    if section is None:
        raise IndustryCodeError(f"未知的行业大类：{code}")
    if letter and letter != section:
        raise IndustryCodeError(f"行业门类与大类不符：{code}（{raw[:2]} 属于 {section}）")
    return IndustryCode(section, raw)


def _level_of(code: IndustryCode) -> int:
    return 1 + (len(code.digits) - 1 if code.digits else 0)


def common_level(a: IndustryCode, b: IndustryCode) -> int:
    """Deepest level (0–4) at which two codes agree."""
    if a.section != b.section:
        return 0
    depth = min(_level_of(a), _level_of(b))
    level = 1
    for lv in range(2, depth + 1):
        if a.digits[:lv] != b.digits[:lv]:
            break
        level = lv
    return level


def closeness(a: str, b: str) -> float:
    """Closeness of two codes: 1.0 小类, 0.8 中类, 0.6 大类, 0.3 门类, else 0."""
    return CLOSENESS_BY_LEVEL[common_level(parse_industry_code(a), parse_industry_code(b))]


def industry_label(code: IndustryCode, level: int) -> str:
    """ "C34 通用设备制造业" style label of ``code`` cut at ``level``."""
    if level <= 1 or not code.digits:
        return f"{code.section} {SECTION_NAMES[code.section]}"
    return f"{code.prefix(level)} {DIVISION_NAMES[code.digits[:2]]}"


def _parse_many(codes: tuple[str, ...]) -> list[IndustryCode]:
    out = []
    for c in codes:
        try:
            out.append(parse_industry_code(c))
        except IndustryCodeError:
            continue
    return out


def industry_factor(need_codes: tuple[str, ...], resource_codes: tuple[str, ...]) -> FactorResult:
    """Best closeness over all pairs; neutral 0.5 when either side has no code."""
    need = _parse_many(need_codes)
    res = _parse_many(resource_codes)
    if not need or not res:
        return FactorResult(NEUTRAL, "行业未知（中性）")
    best_level, best_code = 0, need[0]
    for a in need:
        for b in res:
            lv = common_level(a, b)
            if lv > best_level:
                best_level, best_code = lv, a
    value = CLOSENESS_BY_LEVEL[best_level]
    if best_level == 0:
        return FactorResult(value, "行业不同")
    if best_level == 1:
        return FactorResult(value, f"同属门类（{industry_label(best_code, 1)}）")
    label = industry_label(best_code, best_level)
    if best_level == 4:
        return FactorResult(value, f"行业相同（{label}）")
    return FactorResult(value, f"行业相近：同{LEVEL_LABELS[best_level]}（{label}）")
