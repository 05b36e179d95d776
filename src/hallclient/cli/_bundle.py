"""``hallclient server import-bundle``: a window's offline day-close bundle into the server (idempotent)."""

from __future__ import annotations

import argparse


def import_bundle_command(args: argparse.Namespace) -> int:
    from hallclient.cli.serve import server_db_url
    from hallclient.server.bundles import import_bundle
    from hallclient.server.db import Database, upgrade

    url = server_db_url(args)
    upgrade(url)
    db = Database(url)
    try:
        report = import_bundle(db, args.file)
    finally:
        db.dispose()
    print(report.message())
    return 1 if report.rejected else 0
