"""`hallclient --demo` lists its accounts on the sign-in page, and they stay there.

The hint used to live in the status line, which the page clears once the store has opened (the demo
seed takes seconds), so a real demo never showed it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hallclient.demo import DEMO_USERS
from hallclient.services.context import Services


@pytest.fixture
def opening_ctx(services: Services) -> Iterator[object]:
    """A context whose store is not open yet, as at the real start-up."""
    from hallclient.ui.context import AppContext
    from hallclient.ui.tasks import TaskManager

    tasks = TaskManager()
    yield AppContext(services.settings, tasks)
    tasks.shutdown()


def test_demo_accounts_stay_on_the_sign_in_page_after_the_store_opens(qtbot, opening_ctx, services):
    from hallclient.ui.context import open_everything
    from hallclient.ui.mainwindow import MainWindow

    main = MainWindow(opening_ctx, demo_accounts=DEMO_USERS)
    qtbot.addWidget(main)
    main.show()
    hint = main.login.demo_hint
    assert hint.isVisible()
    assert "wangfang / demo1234" in hint.text() and "窗口人员" in hint.text()
    assert "zhaomin / demo1234" in hint.text() and "值班长" in hint.text()
    assert main.login.username.text() == "wangfang"
    opening_ctx.adopt(open_everything(services))
    assert main.login.status.text() == ""  # the store-opening message is gone …
    assert hint.isVisible() and "zhaomin / demo1234" in hint.text()  # … the accounts are not
    main.login.attempt()  # a failed sign-in (no password) leaves them too
    assert main.login.error.text() and hint.isVisible()


def test_demo_accounts_survive_a_language_switch(qtbot, ctx):
    from hallclient.ui.mainwindow import MainWindow

    main = MainWindow(ctx, demo_accounts=DEMO_USERS)
    qtbot.addWidget(main)
    main.show()
    assert main.set_language("en")
    try:
        hint = main.login.demo_hint  # the page was rebuilt in English
        assert not hint.isHidden()
        assert hint.text().startswith("Demo mode")
        assert "zhaomin / demo1234 — 赵敏 (Hall supervisor)" in hint.text()
    finally:
        assert main.set_language("zh_CN")


def test_no_demo_hint_outside_demo_mode(qtbot, ctx):
    from hallclient.ui.mainwindow import MainWindow

    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    assert not main.login.demo_hint.isVisible()
    assert main.login.username.text() == ""
