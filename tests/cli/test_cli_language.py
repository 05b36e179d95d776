"""The command line speaks Chinese: every help text, argparse's own texts, and usage errors with one prefix."""

from __future__ import annotations

import argparse
import ast
import inspect
import re
from collections.abc import Iterator

import pytest

from hallclient.cli import build_parser, main
from hallclient.cli._argparse_zh import MESSAGES

CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: A help text may be a bare token (a metavar-like word such as ``URI`` or ``HH:MM``) and nothing else.
PURE_TOKEN = re.compile(r"[A-Z0-9_:./=\-\[\]]+")
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sr]")


def _argparse_msgids() -> list[str]:
    """Every literal text argparse passes to ``_()`` or (the singular) to ``ngettext()``."""
    tree = ast.parse(inspect.getsource(argparse))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "ngettext")
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def _english_fragments() -> list[re.Pattern[str]]:
    """The literal English pieces of argparse's texts (``usage:``, ``options``, ``invalid choice: `` …)."""
    pieces = {piece.strip() for msgid in _argparse_msgids() for piece in PLACEHOLDER.split(msgid)}
    return [re.compile(rf"(?<![\w-]){re.escape(piece)}") for piece in pieces if re.search(r"[a-z]{3}", piece)]


def _walk(parser: argparse.ArgumentParser, path: str) -> Iterator[tuple[str, str | None]]:
    """(where, text) for the description, every argument's help and every command's help under ``parser``."""
    yield f"{path}: description", parser.description
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield f"{path} {choice.dest}: help", choice.help
            for name, sub in action.choices.items():
                yield from _walk(sub, f"{path} {name}")
        elif action.help != argparse.SUPPRESS:
            yield f"{path} {'/'.join(action.option_strings) or action.dest}: help", action.help


def _command_paths(parser: argparse.ArgumentParser, prefix: list[str]) -> Iterator[list[str]]:
    yield prefix
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _command_paths(sub, [*prefix, name])


def test_every_description_and_help_in_the_parser_tree_is_chinese() -> None:
    texts = list(_walk(build_parser(), "hallclient"))
    assert len(texts) > 200, "the walk reached every command"
    english = [
        f"{where}: {text!r}"
        for where, text in texts
        if not ((text and CHINESE.search(text)) or PURE_TOKEN.fullmatch(text or ""))
    ]
    assert english == []


def test_every_text_argparse_asks_for_has_chinese_with_the_same_placeholders() -> None:
    msgids = set(_argparse_msgids())
    assert {"usage: ", "options", "show this help message and exit", "unrecognized arguments: %s"} <= msgids
    assert sorted(msgids - MESSAGES.keys()) == []
    for msgid in msgids:
        assert CHINESE.search(MESSAGES[msgid]), msgid
        assert sorted(PLACEHOLDER.findall(MESSAGES[msgid])) == sorted(PLACEHOLDER.findall(msgid)), msgid


def test_help_of_every_command_has_no_argparse_english(capsys: pytest.CaptureFixture[str]) -> None:
    fragments = _english_fragments()
    assert any(f.pattern.startswith("(?<![\\w-])usage:") for f in fragments)
    for path in _command_paths(build_parser(), []):
        with pytest.raises(SystemExit) as caught:
            main([*path, "--help"])
        assert caught.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith(f"用法：{' '.join(['hallclient', *path])}")
        assert "选项：\n  -h, --help" in out and "显示本帮助并退出" in out
        assert [line for line in out.splitlines() if line.endswith(":") and not line.startswith(" ")] == [], path
        assert [f.pattern for f in fragments if f.search(out)] == [], path


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--x"], "无法识别的参数：--x"),
        (["--x", "db", "check"], "无法识别的参数：--x"),
        (["db", "check", "--x"], "db check：无法识别的参数：--x"),
        (["catalog", "check"], "catalog check：缺少必填参数：file"),
        (["catalog"], "catalog：缺少必填参数：ACTION"),
        (["idcard", "read", "--port"], "idcard read：参数 --port：需要一个值"),
        (
            ["idcard", "read", "--port", "COM3", "--baud", "3"],
            "idcard read：参数 --baud：无效的取值：3（可选：115200, 57600, 38400, 19200, 9600）",
        ),
        (["db", "frobnicate"], "db：参数 ACTION：无效的取值：'frobnicate'（可选：'upgrade', 'check', 'backup'）"),
        (["demo", "seed", "--days", "x"], "demo seed：参数 --days：无效的 int 值：'x'"),
        (["tally", "--date", "2026-13-01"], "tally：参数 --date：日期应为 YYYY-MM-DD：'2026-13-01'"),
    ],
)
def test_usage_error_is_one_chinese_line_with_one_prefix(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"hallclient: {expected}\n"
    assert [f.pattern for f in _english_fragments() if f.search(captured.err)] == []
