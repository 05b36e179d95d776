"""Pinyin initials: what a clerk types in the matter search box."""

from __future__ import annotations

import pytest

from hallclient.catalog import pinyin_initials


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("不动产登记", "bdcdj"),
        ("居民身份证换领", "jmsfzhl"),
        ("内地居民结婚登记", "ndjmjhdj"),
        ("住房公积金提取（购房）", "zfgjjtqgf"),
        ("城乡居民基本养老保险参保登记", "cxjmjbylbxcbdj"),
        ("个体工商户设立登记", "gtgshsldj"),
        # heteronyms resolved from the phrase: 重新 chong, 重大 zhong, 银行 hang, 行政/行驶 xing
        ("不动产权属证书重新核发", "bdcqszscxhf"),
        ("重大疾病医疗救助", "zdjbyljz"),
        ("银行账户变更", "yhzhbg"),
        ("行政许可事项", "xzxksx"),
        ("机动车行驶证补领", "jdcxszbl"),
    ],
)
def test_real_matter_names(name: str, initials: str) -> None:
    assert pinyin_initials(name) == initials


def test_ascii_letters_and_digits_are_kept_lower_case() -> None:
    assert pinyin_initials("B超检查") == "bcjc"
    assert pinyin_initials("ＣＴ检查２次") == "ctjc2c"  # full-width letters and digits normalised
    assert pinyin_initials("2024年度报告") == "2024ndbg"
    assert pinyin_initials("—（）、《》 ") == ""
