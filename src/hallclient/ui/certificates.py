"""The intake screen's 电子证照 line: after a swipe (or a typed valid number and name) with a matter chosen, ask
the server in the background which certificates the applicant holds, and say what came of it. The 一件事 intake
uses the same line over its de-duplicated checklist (``bundle``): one lookup for all the bundle's matters, and
:func:`~hallclient.services.certificates.match_bundle` decides which papers a certificate stands in for.

The lookup runs on its own thread (:class:`~hallclient.ui.background.Worker`), never on the screen's; an answer
that arrives after the applicant or the matter changed is dropped. What the answer means for the checklist is
decided by :func:`hallclient.services.certificates.match` (the service checks it again before recording).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from hallclient.config import Settings
from hallclient.domain.catalog import Matter
from hallclient.protocol.limits import MAX_LOOKUP_MATTERS
from hallclient.services.bundles import BundleForm
from hallclient.services.certificates import Matching, holder_number, lookup_request, match, match_bundle
from hallclient.ui.applicant import ApplicantPanel
from hallclient.ui.background import Worker
from hallclient.ui.context import AppContext
from hallclient.ui.labels import fill
from hallclient.ui.materials import MaterialChecklist
from hallclient.ui.styles import ERROR_STYLE, HINT_STYLE, OK_STYLE, WARNING_STYLE

if TYPE_CHECKING:  # the lookup client (httpx, pydantic) loads with the first lookup, not at sign-in
    from hallclient.protocol.certificates import LookupPurpose
    from hallclient.sync.certificates import CertificateClient, Found, LookupOutcome, Offline

TYPING_PAUSE_MS = 600


@dataclass(frozen=True)
class LookupKey:
    """Who and what a lookup asked about: an answer is used only while the form still shows these."""

    holder_id_number: str
    holder_name: str
    matter_codes: tuple[str, ...]
    purpose: LookupPurpose = "intake"


class _LookupThread(QObject):
    """The lookup's worker thread and its client (opened there at first use, kept open between swipes)."""

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._client: CertificateClient | Offline | None = None
        self._worker = Worker("hallclient-certificates", self)

    def _lookup(self, key: LookupKey, clerk_id: str) -> LookupOutcome:
        from hallclient.sync.certificates import Offline, open_client

        if self._client is None:
            self._client = open_client(self._settings)
        if isinstance(self._client, Offline):
            return self._client
        request = lookup_request(key.holder_id_number, key.holder_name, key.matter_codes, key.purpose, clerk_id)
        return self._client.lookup(request)

    def submit(self, key: LookupKey, clerk_id: str, done: Callable[[LookupOutcome], None]) -> None:
        def failed(error: BaseException) -> None:  # the client never raises; a bug still must not stop intake
            from hallclient.sync.certificates import Offline

            done(Offline(f"{type(error).__name__}: {error}"))

        self._worker.submit(lambda: self._lookup(key, clerk_id), done, failed)

    def _close(self) -> None:
        from hallclient.sync.certificates import CertificateClient

        if isinstance(self._client, CertificateClient):
            self._client.close()

    def shutdown(self, wait: bool = True) -> None:
        """Close the client on the worker thread once the lookup under way (if any) is done; ``wait`` for it."""
        self._worker.submit(self._close, lambda _none: None, lambda _error: None)
        self._worker.shutdown(wait=wait)


class CertificateLine(QLabel):
    """The state line under the checklist, following the applicant panel and the chosen matter: it asks when
    both allow a lookup, marks the checklist with the answer, and drops the marks when the applicant changes.

    With ``bundle``, the checklist is the bundle's (``domain.bundles.checklist_matter``): the lookup names all
    its matters (purpose ``bundle_intake``) and a ``Matching`` is by paper key.

    Signals: matched(object, str): a ``Matching`` for the current applicant and matter, and the lookup id.
    """

    matched = Signal(object, str)

    def __init__(
        self,
        ctx: AppContext,
        applicant: ApplicantPanel,
        materials: MaterialChecklist,
        parent: QWidget | None = None,
        *,
        bundle: BundleForm | None = None,
    ) -> None:
        super().__init__(parent)
        self._bundle = bundle
        self.setObjectName("certificate_line")
        self.setWordWrap(True)
        self.setVisible(False)
        self._ctx, self._applicant, self._materials = ctx, applicant, materials
        self._thread = _LookupThread(ctx.settings, self)
        self._holder: tuple[str, str] | None = None  # (number, name) the checklist's certificates belong to
        self._typing = QTimer(self)  # a typed number or name is looked up once the clerk pauses
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.follow)
        applicant.changed.connect(self._typing.start)
        self.matched.connect(lambda matching, lookup_id: materials.set_shared(matching.uses, lookup_id))
        self._wanted: LookupKey | None = None  # the lookup whose answer the form waits for
        self._answered: LookupKey | None = None
        self._matter: Matter | None = None
        self._today = date.today()

    @property
    def busy(self) -> bool:
        return self._wanted is not None

    def follow(self) -> None:
        """Look up what the form shows now (after a swipe, a typed pause, a matter chosen). Another applicant's
        certificates leave the checklist first; with no lookup possible the line is cleared."""
        self._typing.stop()
        person = self._applicant.applicant()
        matter = self._materials.matter
        today = self._ctx.today()
        if matter is None:
            scope: tuple[str, ...] = ()
        elif self._bundle is not None:
            scope = tuple(m.code for m in self._bundle.matters)
        else:
            scope = (matter.code,)
        purpose: LookupPurpose = "bundle_intake" if self._bundle is not None else "intake"
        key = lookup_key(person.kind, person.id_type, person.id_number, person.name, scope, today, purpose)
        holder = (key.holder_id_number, key.holder_name) if key else None
        if holder != self._holder:
            self._materials.clear_shared()
            self.clear()
            self._holder = holder
        if key is None or matter is None:
            self.clear()
            return
        if len(scope) > MAX_LOOKUP_MATTERS:  # the lookup names at most 10 matters: said, never sent to fail
            self.clear()
            text = self.tr("一件事的事项超过 %1 个，不能查询电子证照，请收取纸质材料")
            self._show(WARNING_STYLE, fill(text, str(MAX_LOOKUP_MATTERS)))
            return
        actor = self._ctx.actor
        self.ask(key, matter, actor.user_id if actor is not None else "", today)

    def ask(self, key: LookupKey, matter: Matter, clerk_id: str, today: date) -> None:
        """Look ``key`` up unless it is the one already asked or answered."""
        if key in (self._wanted, self._answered):
            return
        self._wanted, self._answered, self._matter, self._today = key, None, matter, today
        self._show(HINT_STYLE, self.tr("查询电子证照…"))
        self._thread.submit(key, clerk_id, lambda outcome: self._answer(key, outcome))

    def reset(self) -> None:
        """A new intake (F5): nothing of the previous applicant stays."""
        self._typing.stop()
        self._holder = None
        self.clear()

    def clear(self) -> None:
        """Another applicant or no matter: forget the lookup (an answer still under way is dropped)."""
        self._wanted = self._answered = None
        self._matter = None
        self.setText("")
        self.setVisible(False)

    def shutdown(self, wait: bool = True) -> None:
        self._thread.shutdown(wait)

    def _answer(self, key: LookupKey, outcome: LookupOutcome) -> None:
        from hallclient.sync.certificates import Offline, Refused  # loaded by the lookup that answered

        if key != self._wanted or self._matter is None:
            return  # the form moved on to another applicant or matter meanwhile
        self._wanted, self._answered = None, key
        if isinstance(outcome, Offline):
            self._show(WARNING_STYLE, self.tr("离线：无法查询电子证照，请收取纸质材料"), outcome.reason)
            return
        if isinstance(outcome, Refused):
            self._show(ERROR_STYLE, fill(self.tr("服务器拒绝：%1"), outcome.detail))
            return
        if self._bundle is not None:
            form, certificates = self._bundle, outcome.certificates
            matching = match_bundle(form.matters, form.checklist, certificates, key.holder_id_number, self._today)
        else:
            matching = match(self._matter, outcome.certificates, key.holder_id_number, self._today)
        self._show_found(outcome, matching)
        self.matched.emit(matching, outcome.lookup_id)

    def _show_found(self, found: Found, matching: Matching) -> None:
        usable = len({certificate.number for _code, certificate in matching.uses})
        found_text = fill(self.tr("已找到 %1 项电子证照"), str(usable))
        lines = [f'<span style="{OK_STYLE}">{html.escape(found_text)}</span>']
        if not found.provincial_answered:
            text = self.tr("省级证照库未响应，仅查询了本中心证照库")
            lines.append(f'<span style="{WARNING_STYLE}">{html.escape(text)}</span>')
        for reason in matching.reasons:
            text = fill(self.tr("未使用：%1"), reason)
            lines.append(f'<span style="{ERROR_STYLE}">{html.escape(text)}</span>')
        self.setText("<br>".join(lines))
        self.setToolTip("")
        self.setVisible(True)

    def _show(self, style: str, text: str, tooltip: str = "") -> None:
        self.setText(f'<span style="{style}">{html.escape(text)}</span>')
        self.setToolTip(tooltip)
        self.setVisible(True)


def lookup_key(
    kind: str,
    id_type: str,
    id_number: str,
    name: str,
    matter_codes: tuple[str, ...],
    on: date,
    purpose: LookupPurpose = "intake",
) -> LookupKey | None:
    """The lookup the form asks for now, None when it cannot ask (no matter, no name, no valid number)."""
    number = holder_number(kind, id_type, id_number, on)
    if not matter_codes or number is None or not name.strip():
        return None
    return LookupKey(number, name.strip(), matter_codes, purpose)
