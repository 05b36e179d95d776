"""A small SMPP 3.4 server (SMSC) for the tests and the benchmark, built on smpplib's PDU classes.

No maintained SMPP server or simulator is on PyPI, so this one stands in for the carrier's SMSC. Run as a
process: ``python smsc.py --log FILE [--password P] [--delay-ms N]``; it prints its port on stdout, then
serves until killed. It binds (refusing a wrong password with ESME_RINVPASWD), answers submit_sm (and
records each as a JSON line: destination, esm_class, data_coding and the short_message bytes in hex),
enquire_link and unbind, and sends a deliver_sm receipt (receipted_message_id, message_state) for each
submit that asks for one. On command, by destination number: ``86139000…`` is refused (ESME_RINVDSTADR),
``86139111…`` throttled (ESME_RTHROTTLED), ``86139222…`` accepted but reported UNDELIV.
"""

from __future__ import annotations

import argparse
import itertools
import json
import select
import socket
import socketserver
import struct
import sys
import threading
import time
from typing import Any

from smpplib import smpp

REFUSE, THROTTLE, UNDELIVERABLE = "86139000", "86139111", "86139222"
ESME_RINVPASWD, ESME_RINVDSTADR, ESME_RTHROTTLED = 0x0E, 0x0B, 0x58


class _Sequences:
    def __init__(self) -> None:
        self.sequence = 0
        self._lock = threading.Lock()

    def next_sequence(self) -> int:
        with self._lock:
            self.sequence += 1
            return self.sequence


class Handler(socketserver.BaseRequestHandler):
    server: SMSC

    def _read(self) -> Any:
        header = self._exact(4)
        (length,) = struct.unpack(">L", header)
        return smpp.parse_pdu(header + self._exact(length - 4), client=self.sequences, allow_unknown_opt_params=True)

    def _exact(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.request.recv(size - len(data))
            if not chunk:
                raise ConnectionError
            data += chunk
        return data

    def _send(self, name: str, sequence: int | None = None, **fields: Any) -> None:
        pdu = smpp.make_pdu(name, client=self.sequences, **fields)
        if sequence is not None:
            pdu.sequence = sequence
        with self.write_lock:
            self.request.sendall(pdu.generate())

    def handle(self) -> None:
        self.sequences = _Sequences()
        self.write_lock = threading.Lock()
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                pdu = self._read()
                if pdu.command.startswith("bind_"):
                    ok = pdu.password in (self.server.password.encode(), self.server.password)
                    self._send(pdu.command + "_resp", pdu.sequence, system_id="SMSC",
                               status=0 if ok else ESME_RINVPASWD)  # fmt: skip
                    self.server.record({"pdu": "bind", "command": pdu.command, "ok": ok})
                elif pdu.command == "submit_sm":
                    self._submit(pdu)
                elif pdu.command == "enquire_link":
                    self.server.record({"pdu": "enquire_link"})
                    self._send("enquire_link_resp", pdu.sequence)
                elif pdu.command == "unbind":
                    self._send("unbind_resp", pdu.sequence)
                    return
        except (ConnectionError, OSError):
            return

    def _submit_waiting(self) -> bool:
        """Whether the client wrote another submit_sm before this one was answered (a pipelined submit)."""
        if not select.select([self.request], [], [], 0)[0]:
            return False
        data = self.request.recv(65536, socket.MSG_PEEK)
        offset = 0
        while offset + 8 <= len(data):
            length, command = struct.unpack(">II", data[offset : offset + 8])
            if command == 0x00000004:
                return True
            offset += max(length, 16)
        return False

    def _submit(self, pdu: Any) -> None:
        dest = pdu.destination_addr.decode() if isinstance(pdu.destination_addr, bytes) else pdu.destination_addr
        if self.server.delay:
            time.sleep(self.server.delay)
        behind = self._submit_waiting()
        if self.server.hangup_after and next(self.server.submits) >= self.server.hangup_after:
            self.server.record({"pdu": "hangup", "dest": dest})
            self.request.shutdown(socket.SHUT_WR)  # the answers sent so far still reach the client, then EOF
            time.sleep(0.5)
            raise ConnectionError("hung up before answering, as a failing SMSC")
        status = ESME_RINVDSTADR if dest.startswith(REFUSE) else ESME_RTHROTTLED if dest.startswith(THROTTLE) else 0
        message_id = f"M{next(self.server.ids)}" if status == 0 else ""
        self.server.record({
            "pdu": "submit_sm", "dest": dest, "esm_class": pdu.esm_class, "data_coding": pdu.data_coding,
            "registered_delivery": pdu.registered_delivery, "short_message": bytes(pdu.short_message).hex(),
            "status": status, "message_id": message_id, "next_waiting": behind,
        })  # fmt: skip
        self._send("submit_sm_resp", pdu.sequence, message_id=message_id, status=status)
        if status == 0 and pdu.registered_delivery:
            delivered = not dest.startswith(UNDELIVERABLE)
            stat = "DELIVRD" if delivered else "UNDELIV"
            dates = "submit date:2612020900 done date:2612020900"
            text = f"id:{message_id} sub:001 dlvrd:00{int(delivered)} {dates} stat:{stat} err:000 text:"
            self._send("deliver_sm", None, esm_class=0x04, source_addr=dest, destination_addr="10690000",
                       short_message=text.encode("ascii"), receipted_message_id=message_id,
                       message_state=2 if delivered else 5)  # fmt: skip


class SMSC(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, password: str, log_path: str, delay: float, hangup_after: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.password = password
        self.delay = delay
        self.hangup_after = hangup_after  # close the session on this submit_sm, unanswered (0: never)
        self.submits = itertools.count(1)
        self.ids = itertools.count(1)
        self._log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 — open for the server's life
        self._log_lock = threading.Lock()

    def record(self, entry: dict[str, Any]) -> None:
        with self._log_lock:
            self._log.write(json.dumps(entry) + "\n")
            self._log.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--password", default="secret")
    parser.add_argument("--log", required=True)
    parser.add_argument("--delay-ms", type=float, default=0)
    parser.add_argument("--hangup-after", type=int, default=0)
    args = parser.parse_args()
    server = SMSC(args.port, args.password, args.log, args.delay_ms / 1000, args.hangup_after)
    print(server.server_address[1], flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
