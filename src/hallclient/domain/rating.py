"""好差评 levels and what counts as a bad review (差评), which opens a follow-up task by itself."""

from __future__ import annotations

LEVELS: dict[int, str] = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
BAD_REVIEW_LEVELS = frozenset({1, 2})


def is_bad_review(level: int) -> bool:
    return level in BAD_REVIEW_LEVELS
