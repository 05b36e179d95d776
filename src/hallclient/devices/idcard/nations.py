"""Code tables printed on the card: sex (GB/T 2261.1) and nation (GB 3304), idcard-protocol.md §6.6-6.7."""

from __future__ import annotations

# All four sex codes are distinct; public drivers that map "anything but 1" to female are wrong.
SEX_NAMES: dict[str, str] = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

_NATION_LIST = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]

NATION_NAMES: dict[str, str] = {f"{index:02d}": name for index, name in enumerate(_NATION_LIST, start=1)}
NATION_NAMES.update({"97": "其他", "98": "外国血统中国籍人士"})

# The 2017 foreign permanent resident card stores the issuing authority as a code.
ISSUER_CODES: dict[str, str] = {"1500": "公安部"}


def sex_name(code: str) -> str:
    return SEX_NAMES.get(code, f"未知代码 {code}" if code else "")


def nation_name(code: str) -> str:
    return NATION_NAMES.get(code, f"未知代码 {code}" if code else "")
