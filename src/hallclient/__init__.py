"""hallclient: offline-first window client for government service halls."""

import logging

__version__ = "0.1.0"

# Library-style default: nothing reaches the terminal unless hallclient.log.setup_logging() attaches handlers.
logging.getLogger("hallclient").addHandler(logging.NullHandler())
