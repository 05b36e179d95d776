"""This window PC's site (站点) as the server told it (enrolment, then the feed), kept in ``meta``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hallclient.store.bootstrap import get_meta, set_meta
from hallclient.store.db import Store

SITE_CODE_KEY = "site_code"
SITE_NAME_KEY = "site_name"


def keep_site(session: Session, code: str, name: str) -> None:
    """Store the site (an empty code, from an older server, leaves what is kept)."""
    if code:
        set_meta(session, SITE_CODE_KEY, code)
        set_meta(session, SITE_NAME_KEY, name)


def site_of(store: Store) -> tuple[str, str]:
    """(code, name) of this PC's site; ("", "") before the server has told it."""
    return get_meta(store, SITE_CODE_KEY), get_meta(store, SITE_NAME_KEY)
