"""Masking of personal data shown in lists, on slips and in exports (e.g. ``5201**********123X``, ``张*``).

Masks keep the length and shape of the value so a clerk can still tell two entries apart at a glance,
while the part that identifies the person is hidden.
"""

from __future__ import annotations

MASK = "*"
_NAME_SEPARATORS = frozenset(" ·•.-'")  # kept so "阿卜杜拉·买买提" and "John Smith" keep their shape


def _mask_middle(value: str, keep_first: int, keep_last: int) -> str:
    hidden = len(value) - keep_first - keep_last
    return value[:keep_first] + MASK * hidden + value[len(value) - keep_last :]


def mask_id_number(value: str) -> str:
    """ID numbers of 15+ characters keep the first 4 and last 4; shorter document numbers keep the first
    and last one; one or two characters are hidden entirely."""
    text = value.strip()
    if len(text) >= 15:
        return _mask_middle(text, 4, 4)
    if len(text) >= 3:
        return _mask_middle(text, 1, 1)
    return MASK * len(text)


def mask_name(value: str) -> str:
    """Keep the first character, star every other one except separators.

    ``张三`` → ``张*``, ``欧阳娜娜`` → ``欧***``, ``John Smith`` → ``J*** *****``; a one-character name is
    returned as is (hiding it would leave nothing to call out at the counter).
    """
    text = value.strip()
    if not text:
        return ""
    return text[0] + "".join(char if char in _NAME_SEPARATORS else MASK for char in text[1:])


def mask_phone(value: str) -> str:
    """Phone numbers: with 11+ digits keep the first 3 and last 4 (``138****5678``); with 7-10 digits keep the
    last 4; with 3-6 keep the last one; shorter ones are hidden. Non-digits (``+``, ``-``, spaces) stay."""
    text = value.strip()
    digit_count = sum(char.isdigit() for char in text)
    if digit_count >= 11:
        keep_first, keep_last = 3, 4
    elif digit_count >= 7:
        keep_first, keep_last = 0, 4
    elif digit_count >= 3:
        keep_first, keep_last = 0, 1
    else:
        keep_first, keep_last = 0, 0
    out = []
    seen = 0
    for char in text:
        if not char.isdigit():
            out.append(char)
            continue
        seen += 1
        visible = seen <= keep_first or seen > digit_count - keep_last
        out.append(char if visible else MASK)
    return "".join(out)


def mask_name_public(value: str) -> str:
    """For screens in the hall (王*芳): first and last character kept when the name has three or more,
    else as :func:`mask_name`; separators stay. Enough for the citizen to recognise their own name."""
    text = value.strip()
    if len(text) < 3:
        return mask_name(text)
    middle = "".join(char if char in _NAME_SEPARATORS else MASK for char in text[1:-1])
    return text[0] + middle + text[-1]
