"""Command-line entry point.

Every module in this package that defines ``register(subparsers)`` adds its commands; the handler a
parser sets as ``func`` receives the parsed namespace and returns an exit code. A :class:`HallError`
becomes one line on stderr with its exit code; nothing ever prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence
from typing import Any

from hallclient import __version__
from hallclient.cli._argparse_zh import MESSAGES, ChineseHelpFormatter
from hallclient.cli._argparse_zh import install as install_argparse_chinese
from hallclient.cli._common import apply_top_level_db
from hallclient.errors import HallError

log = logging.getLogger("hallclient.cli")

Handler = Callable[[argparse.Namespace], int]


PROG = "hallclient"
_UNRECOGNIZED_IN = "_unrecognized_in"  # set on the namespace: the parser that first saw an unknown argument


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line, ``<子命令>：<原因>``, with exit code 2.

    ``main`` puts the ``hallclient:`` in front, as for every other error.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.removeprefix(PROG).strip()
        raise HallError(f"{command}：{message}" if command else message)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras and not hasattr(parsed, _UNRECOGNIZED_IN):  # the innermost command is the first to see them
            setattr(parsed, _UNRECOGNIZED_IN, self)
        return parsed, extras

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """As argparse's, but an unrecognized argument is reported by the command it was given to."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            owner: _Parser = getattr(parsed, _UNRECOGNIZED_IN)
            owner.error(MESSAGES["unrecognized arguments: %s"] % " ".join(extras))
        return parsed


def command_modules() -> list[str]:
    import hallclient.cli as package

    return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))


def build_parser() -> argparse.ArgumentParser:
    install_argparse_chinese()  # before the first parser: its headings are read when it is made
    parser = _Parser(
        prog=PROG,
        description="政务服务中心综合窗口客户端：离线优先，断网照常办件。不带命令时启动窗口程序。",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}", help="显示版本号并退出")
    parser.add_argument("--demo", action="store_true", help="在一次性的演示库上启动窗口程序")
    parser.add_argument(
        "--db", dest="top_db", metavar="PATH", help="本地数据库文件，用于窗口程序和所有读写本地数据库的命令"
    )
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="界面语言（默认取配置）")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in command_modules():
        module = importlib.import_module(f"hallclient.cli.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from hallclient.app import run_gui

    return run_gui(demo=args.demo, db=args.top_db, lang=args.lang)


def main(argv: Sequence[str] | None = None) -> int:
    from hallclient.log import setup_logging

    setup_logging()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        apply_top_level_db(args)
        handler: Handler = getattr(args, "func", _run_gui)
        return handler(args)
    except HallError as error:
        print(f"hallclient: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as error:  # the last line of defence: one line, details in the log
        log.exception("unhandled error")
        from hallclient.log import log_file
        from hallclient.store.faults import explain_database_error

        explanation = explain_database_error(error)  # a database failure outside local_services
        if explanation is not None:
            print(f"hallclient: {explanation}", file=sys.stderr)
            return explanation.exit_code

        print(f"hallclient: 意外错误：{type(error).__name__}: {error}（详情见 {log_file()}）", file=sys.stderr)
        return 2
