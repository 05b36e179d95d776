"""Screenshots of the main screens on a seeded demo store, into ``docs/screenshots/``.

Run: ``.venv/bin/python tools/screenshots.py [--lang en] [--out DIR]``. Renders offscreen (no display
needed) with the bundled fonts, so what you see is what a fresh window PC shows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _settle(app: object, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def _wait_tasks(app: object, ctx: object, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while ctx.tasks.pending and time.monotonic() < end:  # type: ignore[attr-defined]
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)
    _settle(app, 0.15)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "zh_CN" else f"_{args.lang}"

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from hallclient.config import Settings
    from hallclient.demo import DEMO_USERS, create_demo_services
    from hallclient.domain.idnumber import check_digit
    from hallclient.services.queries import CaseFilter
    from hallclient.services.users import authenticate
    from hallclient.ui import setup
    from hallclient.ui.context import AppContext, open_everything
    from hallclient.ui.mainwindow import MainWindow
    from hallclient.ui.tasks import TaskManager

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup.load_fonts(app)  # type: ignore[arg-type]
    setup.install_language(app, args.lang)
    folder = Path(tempfile.mkdtemp(prefix="hallclient-shots-"))
    services = create_demo_services(
        folder / "demo.sqlite3",
        days=6,
        cases_per_day=25,
        settings=Settings(lock_minutes=0, printer_uri=f"preview:{folder / 'slip.png'}"),
    )
    tasks = TaskManager()
    ctx = AppContext(services.settings, tasks)
    ctx.adopt(open_everything(services))
    window = MainWindow(ctx, demo_accounts=DEMO_USERS)  # as `hallclient --demo` shows it
    window.resize(1366, 768)
    window.show()
    username, password = DEMO_USERS[0][0], DEMO_USERS[0][1]
    _settle(app)
    window.grab().save(str(out / f"login{suffix}.png"))

    window.login.signed_in.emit(authenticate(services, username, password))
    _wait_tasks(app, ctx)
    intake = window.intake
    first17 = "33010619560412301"
    intake.applicant.id_number.setFocus()
    QTest.keyClicks(intake.applicant.id_number, first17 + check_digit(first17))
    intake.applicant.name.setFocus()
    for char in "林淑芬":
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(intake.applicant.name, event)
    intake.applicant.phone.setText("13905710000")
    intake.applicant.address.setText("浙江省杭州市西湖区文三路 88 号")
    intake.search.focus()
    QTest.keyClicks(intake.search.box, "fwsyqzy")
    _settle(app)
    intake.search.choose_current()
    intake.materials.receive_all()
    for row in range(intake.materials.rowCount()):
        item = intake.materials.item(row, 5)
        if item is not None:
            item.setData(Qt.ItemDataRole.EditRole, 2 + row)
    intake.preview(intake.outcomes.buttons.__iter__().__next__())
    _settle(app)
    window.grab().save(str(out / f"intake{suffix}.png"))

    intake.confirm.confirm()
    _wait_tasks(app, ctx)
    result = intake.last_result
    window.show_cases()
    window.cases.set_filter(CaseFilter.ALL)
    _wait_tasks(app, ctx)
    window.grab().save(str(out / f"case_list{suffix}.png"))

    # the case detail of an older case with a longer timeline
    case_id = result.case_id if result else ""
    model = window.cases.model
    for row in range(model.rowCount()):
        line = model.row_at(row)
        if line is not None and line.status.value in ("completed", "collected"):
            case_id = line.id
            break
    dialog = window.open_case(case_id)
    _wait_tasks(app, ctx)
    if dialog is not None:
        dialog.resize(1180, 640)
        _settle(app)
        dialog.grab().save(str(out / f"case_detail{suffix}.png"))
        dialog.close()

    rating = window.open_rating(result.case_id if result else None, result.case_no if result else "")
    _settle(app)
    if rating is not None:
        rating.grab().save(str(out / f"rating{suffix}.png"))
        rating.choose(2)
        _settle(app)
        rating.grab().save(str(out / f"rating_bad{suffix}.png"))
        rating.close()

    window.help.popup()
    _settle(app)
    window.grab().save(str(out / f"help{suffix}.png"))
    window.help.hide()

    # the print queue after the intake's receipt went through the (preview) printer, with its slip
    end = time.monotonic() + 10
    while getattr(window.printing, "outstanding", None) and time.monotonic() < end:
        _settle(app, 0.05)
    panel = window.open_print_queue()
    _wait_tasks(app, ctx)
    _settle(app, 0.3)
    _wait_tasks(app, ctx)
    if panel is not None:
        panel.grab().save(str(out / f"print_queue{suffix}.png"))  # type: ignore[attr-defined]
        panel.close()  # type: ignore[attr-defined]

    day_close = window.open_day_close()
    _wait_tasks(app, ctx)
    if day_close is not None:
        day_close.grab().save(str(out / f"day_close{suffix}.png"))
        day_close.close()

    # the supervisor's view of the whole hall
    supervisor_user = next(user for user in DEMO_USERS if user[3] == "supervisor")
    window.switch_clerk()
    window.login.signed_in.emit(authenticate(services, supervisor_user[0], supervisor_user[1]))
    _wait_tasks(app, ctx)
    supervisor = window.open_supervisor()
    _wait_tasks(app, ctx)
    if supervisor is not None:
        supervisor.resize(1366, 768)
        _settle(app)
        supervisor.grab().save(str(out / f"supervisor{suffix}.png"))
        assessment = supervisor.assessment_panel  # the 考核 tab: this quarter's staff ranking, a row's breakdown
        if assessment is not None:
            assessment.subject.setCurrentIndex(assessment.subject.findData("staff"))
            supervisor.tabs.setCurrentWidget(assessment)
            _wait_tasks(app, ctx)
            if assessment.assessment is not None and assessment.assessment.rows:
                assessment.select_key(assessment.assessment.rows[-1].key)
            _settle(app)
            supervisor.grab().save(str(out / f"supervisor_assessment{suffix}.png"))
        supervisor.close()
    window.close()
    tasks.shutdown()
    services.store.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
