"""Allow ``python -m hallclient``."""

from hallclient.cli import main

raise SystemExit(main())
