"""``hallclient config show|path``."""

from __future__ import annotations

import argparse

import tomli_w


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("config", help="查看配置（config show / config path）", description="查看本机配置。")
    actions = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="显示生效的配置（令牌已隐去）", description="显示生效的配置（TOML）。")
    show.set_defaults(func=_show)
    path = actions.add_parser("path", help="显示配置文件路径", description="显示配置文件路径。")
    path.set_defaults(func=_path)
    reference = actions.add_parser("reference", help="输出配置项参考（Markdown）", description="输出配置项参考。")
    reference.set_defaults(func=_reference)


def _show(_args: argparse.Namespace) -> int:
    from hallclient import config

    data = config.to_toml_dict(config.load())
    secrets = (("server", "device_token"), ("kiosk", "exit_password"), ("certificates", "provincial_key"))
    for section, key in secrets:  # secrets are not shown
        if data[section][key]:
            data[section][key] = "********"
    print(f"# {config.config_path()}")
    print(tomli_w.dumps(data), end="")
    return 0


def _path(_args: argparse.Namespace) -> int:
    from hallclient import config

    print(config.config_path())
    return 0


def _reference(_args: argparse.Namespace) -> int:
    from hallclient import config

    print(config.reference_markdown())
    return 0
