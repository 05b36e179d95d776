"""argparse's own texts in Chinese: usage, headings, ``-h``, usage errors.

argparse looks every text of its own up through the ``_`` (gettext) and ``ngettext`` it imports from
:mod:`gettext` into its module; :func:`install` points those two names at :class:`ArgparseChinese`, a
translations object whose catalog is the dict below, so no message file has to be built or shipped.
tests/cli/test_cli_language.py checks that every text argparse asks for has an entry here.
"""

from __future__ import annotations

import argparse
import gettext

#: argparse's msgids (Python 3.11) and their Chinese. Placeholders stay as argparse fills them.
MESSAGES: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "%(heading)s:": "%(heading)s：",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "one of the arguments %s is required": "参数 %s 须给出其中一个",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的子命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    # Raised only by a mistake in this program's own parser definitions; Chinese all the same.
    ".__call__() not defined": ".__call__() 未定义",
    "'required' is an invalid argument for positionals": "位置参数不能用 'required'",
    "mutually exclusive arguments must be optional": "互斥参数必须是选项",
    "%r is not callable": "%r 不可调用",
    "cannot merge actions - two groups are named %r": "无法合并参数：有两个组都叫 %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "无效的选项名 %(option)r：须以 %(prefix_chars)r 中的字符开头"
    ),
    "dest= is required for options like %r": "像 %r 这样的选项需要 dest=",
    "invalid conflict_resolution value: %r": "无效的 conflict_resolution 值：%r",
    "conflicting option string: %s": "选项名冲突：%s",
    "cannot have multiple subparser arguments": "不能有多组子命令",
    "conflicting subparser: %s": "子命令冲突：%s",
    "conflicting subparser alias: %s": "子命令别名冲突：%s",
    'argument "-" with mode %r': "参数“-”的模式 %r",
}


class ArgparseChinese(gettext.NullTranslations):
    """The translations argparse gets: a catalog in a dict; unknown texts (our own help texts) pass unchanged."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return MESSAGES.get(msgid1, msgid1 if n == 1 else msgid2)


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Help with full-width colons after headings (选项：): Python 3.11 writes its ASCII colon in code, not
    through ``_``, so the section appends it here instead; newer Pythons also ask ``_`` (catalog entry above)."""

    class _Section(argparse.HelpFormatter._Section):
        def format_help(self) -> str:
            text = super().format_help()
            heading = self.heading
            if isinstance(heading, str) and heading != argparse.SUPPRESS:
                text = text.replace(f"{heading}:\n", f"{heading}：\n", 1)
            return text


def install() -> None:
    """Give argparse Chinese; call before building a parser (group headings are read when a parser is made)."""
    translations = ArgparseChinese()
    setattr(argparse, "_", translations.gettext)  # noqa: B010 - not in argparse's type stubs
    setattr(argparse, "ngettext", translations.ngettext)  # noqa: B010
