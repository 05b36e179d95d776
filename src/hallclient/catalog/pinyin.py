"""Pinyin initials for matter search (``bdcdj`` finds 不动产登记).

pypinyin's phrase dictionary picks the reading of heteronyms from context (重新 → c, 重大 → z, 银行 → h,
行政 → x), which a per-character table cannot. pypinyin (and its large dictionary) is imported only when a name
has to be converted: the server publishes the initials with the catalog, so a window client never loads it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=16384)
def pinyin_initials(name: str) -> str:
    """Lower-case first letters of each Chinese character; ASCII letters and digits kept, the rest dropped."""
    from pypinyin import Style, lazy_pinyin

    normalized = unicodedata.normalize("NFKC", name)  # full-width Ｂ/２ become B/2
    parts = lazy_pinyin(normalized, style=Style.FIRST_LETTER, errors="default", strict=False)
    return "".join(char.lower() for part in parts for char in part if char.isascii() and char.isalnum())
