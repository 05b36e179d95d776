"""``smpp://system_id:password@host:port?source_addr=…``: an SMSC over SMPP 3.4, through smpplib.

One bound session (bind_transceiver: a transmitter bind cannot receive the delivery receipts, which come
back as deliver_sm on the same session). Texts go as UCS-2 (data_coding 8); a text longer than 70 units is
cut into parts of 67 with a concatenation header (UDH ``05 00 03 ref total seq``, esm_class 0x40), the
last part asking for a delivery receipt. Submits are pipelined (:meth:`SmppGateway.send_many`): up to
:data:`WINDOW` in flight, each matched to its submit_sm_resp by sequence number; enquire_link keeps an
idle session open. Query options: ``source_addr`` (the sender number), ``source_addr_ton``/``npi``,
``system_type``, ``timeout`` (seconds, default 10), ``enquire`` (seconds between keep-alives, default 30).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import select
import socket
import time
from collections.abc import Sequence
from urllib.parse import parse_qs, unquote, urlsplit

from hallclient.errors import HallError
from hallclient.server.sms.gateway import GatewayError, Receipt, Submitted
from hallclient.server.sms.templates import split_parts

log = logging.getLogger("hallclient.server.sms")
# smpplib logs its own view of every fault (a socket closed in the bound state, …) at WARNING; each fault reaches
# the sender as a GatewayError with a Chinese reason, which is what the log and the status show.
logging.getLogger("smpplib").setLevel(logging.ERROR)

UCS2 = 8
UDHI = 0x40
RECEIPT = 0x04  # esm_class of a delivery receipt in deliver_sm
# Statuses after which the same message may go through later; any other refusal is final for that message.
TRANSIENT_STATUSES = frozenset({0x08, 0x14, 0x58, 0x64, 0x45})
DELIVERED_STATES = {2: True, 3: False, 5: False, 8: False}  # message_state TLV: DELIVERED, EXPIRED, UNDELIV, REJECTD
STAT = re.compile(r"stat:(\w+)")
RECEIPT_ID = re.compile(r"id:(\S+)")
WINDOW = 16  # submit_sm in flight before waiting for a response (SMPP 3.4 allows a window; SMSCs grant ~10–100)


class SmppGateway:
    def __init__(
        self,
        host: str,
        port: int,
        system_id: str,
        password: str,
        *,
        source_addr: str = "",
        source_ton: int = 0,
        source_npi: int = 0,
        system_type: str = "",
        timeout: float = 10.0,
        enquire_every: float = 30.0,
    ) -> None:
        self.host, self.port = host, port
        self.system_id, self.password, self.system_type = system_id, password, system_type
        self.source_addr, self.source_ton, self.source_npi = source_addr, source_ton, source_npi
        self.timeout, self.enquire_every = timeout, enquire_every
        self._client: object | None = None
        self._last_io = 0.0
        self._ref = 0
        self._receipts: list[Receipt] = []

    @classmethod
    def from_uri(cls, uri: str) -> SmppGateway:
        parts = urlsplit(uri)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        try:
            port = parts.port or 2775
        except ValueError:
            raise HallError("短信中心地址的端口无效") from None
        if not parts.hostname or not parts.username:
            raise HallError("短信中心地址应为 smpp://system_id:password@host:port?source_addr=…")
        try:
            return cls(
                parts.hostname,
                port,
                unquote(parts.username),
                unquote(parts.password or ""),
                source_addr=query.get("source_addr", ""),
                source_ton=int(query.get("source_addr_ton", 0)),
                source_npi=int(query.get("source_addr_npi", 0)),
                system_type=query.get("system_type", ""),
                timeout=float(query.get("timeout", 10)),
                enquire_every=float(query.get("enquire", 30)),
            )
        except ValueError:
            raise HallError("短信中心地址的参数无效（source_addr_ton、timeout、enquire 须为数字）") from None

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    # -- session -----------------------------------------------------------------------------------------

    def _session(self):  # type: ignore[no-untyped-def]
        if self._client is not None:
            return self._client
        import smpplib.client
        import smpplib.exceptions

        client = smpplib.client.Client(
            self.host, self.port, timeout=self.timeout, allow_unknown_opt_params=True, logger_name="smpplib"
        )
        try:
            client.connect()
        except smpplib.exceptions.ConnectionError:
            client._socket = None
            raise GatewayError(f"无法连接短信中心 {self.where}", gateway_down=True) from None
        # Small PDUs written back to back (a deliver_sm_resp, then the next submit_sm): without this, Nagle's
        # algorithm holds the second until the SMSC's delayed ACK, 40 ms per message.
        client._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            client.bind_transceiver(system_id=self.system_id, password=self.password, system_type=self.system_type)
        except smpplib.exceptions.PDUError as error:
            self._drop(client)
            status = error.args[1] if len(error.args) > 1 else 0
            raise GatewayError(
                f"短信中心拒绝登录（0x{status:02X}：用户名/密码或绑定参数有误）", gateway_down=True
            ) from None
        except (smpplib.exceptions.ConnectionError, OSError):
            self._drop(client)
            raise GatewayError(f"短信中心 {self.where} 在登录时断开", gateway_down=True) from None
        self._client = client
        self._last_io = time.monotonic()
        log.info("SMPP bound to %s as %s", self.where, self.system_id)
        return client

    def _drop(self, client: object) -> None:
        with contextlib.suppress(Exception):  # the socket is gone either way
            client.disconnect()  # type: ignore[attr-defined]
        if client is self._client:
            self._client = None

    def close(self) -> None:
        client = self._client
        if client is None:
            return
        with contextlib.suppress(Exception):  # closing a session that broke: nothing to tell
            client.unbind()  # type: ignore[attr-defined]
        self._drop(client)

    # -- PDUs -----------------------------------------------------------------------------------------------

    def _read(self, client):  # type: ignore[no-untyped-def]
        """One PDU from the SMSC, answering what it asks on the way (receipts, enquire_link)."""
        import smpplib.smpp

        pdu = client.read_pdu()
        self._last_io = time.monotonic()
        if pdu.command == "deliver_sm":
            self._on_deliver(pdu)
            answer = smpplib.smpp.make_pdu("deliver_sm_resp", client=client)
            answer.sequence = pdu.sequence
            client.send_pdu(answer)
        elif pdu.command == "enquire_link":
            answer = smpplib.smpp.make_pdu("enquire_link_resp", client=client)
            answer.sequence = pdu.sequence
            client.send_pdu(answer)
        elif pdu.command == "unbind":
            answer = smpplib.smpp.make_pdu("unbind_resp", client=client)
            answer.sequence = pdu.sequence
            client.send_pdu(answer)
            self._drop(client)
            raise GatewayError(f"短信中心 {self.where} 结束了会话")
        return pdu

    def _on_deliver(self, pdu) -> None:  # type: ignore[no-untyped-def]
        if not (pdu.esm_class or 0) & RECEIPT:
            return  # a mobile-originated message: not ours to handle
        text = (pdu.short_message or b"").decode("latin-1", "replace")
        message_id = pdu.receipted_message_id
        if isinstance(message_id, bytes):
            message_id = message_id.decode("ascii", "replace")
        if not message_id:
            found = RECEIPT_ID.search(text)
            message_id = found.group(1) if found else ""
        state = pdu.message_state
        stat = STAT.search(text)
        delivered = DELIVERED_STATES[state] if state in DELIVERED_STATES else bool(stat and stat.group(1) == "DELIVRD")
        reason = "" if delivered else f"未送达（{stat.group(1) if stat else state}）"
        if message_id:
            self._receipts.append(Receipt(str(message_id), delivered, reason))

    def _submit_pdu(self, client, phone: str, payload: bytes, esm_class: int, receipt: bool):  # type: ignore[no-untyped-def]
        import smpplib.smpp

        return smpplib.smpp.make_pdu(
            "submit_sm",
            client=client,
            source_addr_ton=self.source_ton,
            source_addr_npi=self.source_npi,
            source_addr=self.source_addr,
            dest_addr_ton=1,
            dest_addr_npi=1,
            destination_addr="86" + phone,
            esm_class=esm_class,
            data_coding=UCS2,
            registered_delivery=1 if receipt else 0,
            short_message=payload,
        )

    @staticmethod
    def _refusal(answer) -> GatewayError | None:  # type: ignore[no-untyped-def]
        """The SMSC's refusal in a submit_sm_resp or generic_nack, or None when it took the part."""
        if answer.command == "generic_nack":
            return GatewayError(f"短信中心不认此请求（generic_nack 0x{answer.status:02X}）", permanent=True)
        if not answer.status:
            return None
        from smpplib import consts

        description = consts.DESCRIPTIONS.get(answer.status, "")
        transient = answer.status in TRANSIENT_STATUSES
        return GatewayError(f"短信中心拒收（0x{answer.status:02X} {description}）".replace(" ）", "）"),
                            permanent=not transient)  # fmt: skip

    def _bodies(self, text: str, ref: str) -> list[tuple[bytes, int, bool]]:
        """The parts of a text as (short_message, esm_class, asks for the receipt)."""
        parts = split_parts(text)
        # The concatenation reference: from the message's own id, so a message resumed by another process
        # does not reuse the reference of the one before it (the handset joins parts by sender and reference).
        self._ref = (hashlib.sha256(ref.encode("utf-8")).digest()[0] + self._ref + 1) % 256
        bodies = []
        for seq, part in enumerate(parts, start=1):
            body = part.encode("utf-16-be")
            if len(parts) > 1:
                body = bytes((5, 0, 3, self._ref, len(parts), seq)) + body
            bodies.append((body, UDHI if len(parts) > 1 else 0, seq == len(parts)))
        return bodies

    def send(self, phone: str, text: str, ref: str) -> Submitted:
        outcome, _seconds = self.send_many([(phone, text, ref)])[0]
        if isinstance(outcome, GatewayError):
            raise outcome
        return outcome

    def send_many(self, items: Sequence[tuple[str, str, str]]) -> list[tuple[Submitted | GatewayError, float]]:
        """Submit ``(phone, text, ref)`` messages pipelined: up to :data:`WINDOW` submit_sm in flight, each part
        matched to its submit_sm_resp by sequence number. One outcome per message handed over, in order, with
        the seconds from its first part written to its last part answered; a list shorter than ``items`` means
        the rest was never handed over. A session that breaks leaves its unanswered messages uncertain."""
        import smpplib.exceptions

        try:
            client = self._session()
        except GatewayError as error:
            return [(error, 0.0)]
        pending: dict[int, tuple[int, bool]] = {}  # submit_sm sequence → (its message, is its last part)
        left: list[int] = []  # parts not yet answered, per message
        parts: list[int] = []
        ids: list[str] = []
        refused: list[GatewayError | None] = []
        started: list[float] = []
        took: list[float] = []

        def collect() -> None:
            answer = self._read(client)
            if answer.command not in ("submit_sm_resp", "generic_nack") or answer.sequence not in pending:
                return
            index, last = pending.pop(answer.sequence)
            error = self._refusal(answer)
            if error is not None and refused[index] is None:
                refused[index] = error
            elif error is None and last:
                message_id = answer.message_id
                ids[index] = message_id.decode("ascii", "replace") if isinstance(message_id, bytes) else str(message_id)
            left[index] -= 1
            if left[index] == 0:
                took[index] = time.perf_counter() - started[index]

        broken: GatewayError | None = None
        try:
            for phone, text, ref in items:
                index = len(left)
                bodies = self._bodies(text, ref)
                left.append(len(bodies))
                parts.append(len(bodies))
                ids.append("")
                refused.append(None)
                started.append(time.perf_counter())
                took.append(0.0)
                for body, esm_class, last in bodies:
                    while len(pending) >= WINDOW:
                        collect()
                    pdu = self._submit_pdu(client, phone, body, esm_class, last)
                    client.send_pdu(pdu)
                    pending[pdu.sequence] = (index, last)
            while pending:
                collect()
        except (TimeoutError, smpplib.exceptions.ConnectionError, smpplib.exceptions.PDUError, OSError, GatewayError):
            self._drop(client)
            broken = GatewayError(f"与短信中心 {self.where} 的连接在提交后中断", uncertain=True)
        outcomes: list[tuple[Submitted | GatewayError, float]] = []
        for index, count in enumerate(left):
            refusal = refused[index]
            if refusal is not None and count == 0:
                outcomes.append((refusal, took[index]))
            elif count:
                assert broken is not None  # parts still unanswered only when the session broke
                outcomes.append((broken, 0.0))
            else:
                outcomes.append((Submitted(message_id=ids[index], parts=parts[index]), took[index]))
        return outcomes

    def receipts(self) -> list[Receipt]:
        """Receipts waiting on the session; an idle session gets its enquire_link."""
        import smpplib.exceptions
        import smpplib.smpp

        client = self._client
        if client is not None:
            try:
                while select.select([client._socket], [], [], 0)[0]:  # type: ignore[attr-defined]
                    self._read(client)
                if time.monotonic() - self._last_io > self.enquire_every:
                    link = smpplib.smpp.make_pdu("enquire_link", client=client)
                    client.send_pdu(link)  # type: ignore[attr-defined]
                    self._last_io = time.monotonic()
            except (smpplib.exceptions.ConnectionError, smpplib.exceptions.PDUError, OSError, GatewayError):
                self._drop(client)
        found, self._receipts = self._receipts, []
        return found
