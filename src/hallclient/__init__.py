"""hallclient: offline-first window client for government service halls."""

__version__ = "0.1.0"
