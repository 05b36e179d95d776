"""Printer connections named by URI, each with explicit timeouts, plus our own ``DLE EOT`` status routine.

``serial:/dev/ttyS0?baudrate=9600``, ``tcp://host:9100``, ``usb:VID:PID``, ``cups:NAME``, ``win32:NAME``,
``file:PATH`` and ``preview:PATH.png``. Serial and TCP are written here on pyserial and sockets because the
status routine must clear stale input, read one byte with a short deadline and validate the ``0xx1xx10``
pattern, which python-escpos 3.1 does not do (docs/escpos.md §5.3); USB uses python-escpos' ``Usb`` (pyusb)
with a finite timeout. Every failure becomes a :class:`PrintError` with a kind the queue can act on.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from hallclient.devices.printer.errors import PrintError, PrintErrorKind

SCHEMES = ("serial", "tcp", "usb", "cups", "win32", "file", "preview")
_EXAMPLES = "例：serial:/dev/ttyS0?baudrate=9600、tcp://192.0.2.10:9100、usb:0416:5011、file:/tmp/slip.bin"


@dataclass(frozen=True)
class PrinterUri:
    scheme: str
    target: str  # device path, host, printer name, file path, or "VID:PID"
    port: int = 0
    options: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    raw: str = ""

    def option_float(self, name: str, default: float) -> float:
        if name not in self.options:
            return default
        try:
            return float(self.options[name])
        except ValueError:
            raise _bad(self.raw, f"参数 {name}={self.options[name]} 不是数字") from None

    def option_int(self, name: str, default: int) -> int:
        if name not in self.options:
            return default
        try:
            return int(self.options[name], 0)
        except ValueError:
            raise _bad(self.raw, f"参数 {name}={self.options[name]} 不是整数") from None

    def option_bool(self, name: str, default: bool) -> bool:
        value = self.options.get(name)
        if value is None:
            return default
        return value.lower() in ("1", "true", "yes", "on")


def _bad(uri: str, why: str) -> PrintError:
    return PrintError(PrintErrorKind.BAD_URI, f"“{uri}”{why}")


def parse_printer_uri(uri: str) -> PrinterUri:
    """Parse a printer URI; anything malformed raises one readable :class:`PrintError` (kind bad_uri)."""
    text = uri.strip()
    scheme, sep, rest = text.partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in SCHEMES:
        raise _bad(text, f"不是支持的打印机地址，应以 {'/'.join(s + ':' for s in SCHEMES)} 开头（{_EXAMPLES}）")
    rest, _, query = rest.partition("?")
    options = dict(parse_qsl(query, keep_blank_values=True))
    if scheme == "tcp":
        hostport = (rest[2:] if rest.startswith("//") else rest).rstrip("/")
        if hostport.endswith("]") or ":" not in hostport:
            host, port_text = hostport, "9100"
        else:
            host, _, port_text = hostport.rpartition(":")
        host = host.strip("[]")
        if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise _bad(text, "应为 tcp://主机:端口")
        return PrinterUri(scheme, host, int(port_text), options, text)
    if scheme == "usb":
        parts = rest.split(":")
        try:
            if len(parts) != 2:
                raise ValueError
            vid, pid = int(parts[0], 16), int(parts[1], 16)
        except ValueError:
            raise _bad(text, "应为 usb:厂商ID:产品ID（十六进制，如 usb:0416:5011）") from None
        return PrinterUri(scheme, f"{vid:04x}:{pid:04x}", 0, options, text)
    target = rest[2:] if rest.startswith("//") and scheme in ("file", "preview") else rest
    if not target:
        raise _bad(text, "缺少设备、名称或文件路径")
    if scheme == "preview" and not target.lower().endswith(".png"):
        raise _bad(text, "预览打印机的文件名应以 .png 结尾")
    return PrinterUri(scheme, target, 0, options, text)


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer reported. ``checked`` is False when the connection cannot report status at all."""

    online: bool
    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    error: bool = False
    checked: bool = True
    raw: tuple[int, ...] = ()

    @property
    def ready(self) -> bool:
        return self.online and not (self.cover_open or self.paper_out or self.error)

    def describe(self) -> str:
        if not self.checked:
            return "该连接方式不提供打印机状态"
        if self.cover_open:
            return "上盖未关好"
        if self.paper_out:
            return "缺纸"
        if self.error:
            return "打印机故障（切刀或打印头）"
        if not self.online:
            return "离线"
        return "纸将用尽，请准备换纸" if self.paper_near_end else "正常"

    def raise_unless_ready(self) -> None:
        if self.ready:
            return
        if self.cover_open:
            raise PrintError(PrintErrorKind.COVER_OPEN, "请合上打印机上盖后重试")
        if self.paper_out:
            raise PrintError(PrintErrorKind.PAPER_OUT, "请装入新纸卷后重试")
        raise PrintError(PrintErrorKind.OFFLINE, self.describe())


UNCHECKED = PrinterStatus(online=True, checked=False)


def _is_status_byte(value: int) -> bool:
    return (value & 0x93) == 0x12  # 0xx1xx10: every DLE EOT reply (docs/escpos.md §5.1)


class Transport(ABC):
    """One open connection to a printer. Use as a context manager; ``close`` is idempotent."""

    def __init__(self, uri: PrinterUri) -> None:
        self.uri = uri

    @abstractmethod
    def write(self, data: bytes) -> None: ...

    def status(self) -> PrinterStatus:
        return UNCHECKED

    def close(self) -> None:
        return None

    def __enter__(self) -> Transport:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _StatusTransport(Transport):
    """A two-way link that answers ``DLE EOT n``; subclasses supply the raw byte I/O."""

    status_timeout = 0.5

    @abstractmethod
    def _drain_input(self) -> None: ...

    @abstractmethod
    def _send_raw(self, data: bytes) -> None: ...

    @abstractmethod
    def _read_byte(self, timeout: float) -> int | None: ...

    def realtime_status(self, n: int) -> int | None:
        """Send ``DLE EOT n`` and return the first valid reply byte, or None when nothing valid came back."""
        self._drain_input()
        self._send_raw(bytes((0x10, 0x04, n)))
        deadline = time.monotonic() + self.status_timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            value = self._read_byte(min(left, 0.05))
            if value is not None and _is_status_byte(value):
                return value

    def status(self) -> PrinterStatus:
        s1 = self.realtime_status(1)
        if s1 is None:
            raise PrintError(
                PrintErrorKind.TIMEOUT,
                f"{self.uri.raw} 在 {self.status_timeout:g} 秒内未应答状态查询，请检查电源、连线和波特率",
            )
        s2 = self.realtime_status(2) or 0x12
        s3 = self.realtime_status(3) or 0x12
        s4 = self.realtime_status(4) or 0x12
        return PrinterStatus(
            online=not s1 & 0x08,
            cover_open=bool(s2 & 0x04),
            paper_out=bool(s2 & 0x20) or (s4 & 0x60) == 0x60,
            paper_near_end=(s4 & 0x0C) == 0x0C,
            error=bool(s3 & 0x68),
            raw=(s1, s2, s3, s4),
        )


class SerialTransport(_StatusTransport):
    def __init__(self, uri: PrinterUri, timeout: float) -> None:
        super().__init__(uri)
        import serial

        self.status_timeout = uri.option_float("status_timeout", 0.5)
        try:
            self.port = serial.Serial(
                uri.target,
                baudrate=uri.option_int("baudrate", 9600),
                timeout=0.05,
                write_timeout=uri.option_float("write_timeout", timeout),
                rtscts=uri.option_bool("rtscts", False),
                xonxoff=uri.option_bool("xonxoff", False),
                dsrdtr=False,  # python-escpos' default turns on DSR flow control on Windows (docs §1.2)
            )
        except (serial.SerialException, OSError, ValueError) as error:
            raise PrintError(PrintErrorKind.OFFLINE, f"无法打开串口 {uri.target}：{error}") from None

    def write(self, data: bytes) -> None:
        import serial

        try:
            self.port.write(data)
        except serial.SerialTimeoutException:
            raise PrintError(PrintErrorKind.TIMEOUT, f"向 {self.uri.target} 发送数据超时（打印机未接收）") from None
        except (serial.SerialException, OSError) as error:
            raise PrintError(PrintErrorKind.OFFLINE, f"串口 {self.uri.target} 写入失败：{error}") from None

    def _drain_input(self) -> None:
        self.port.reset_input_buffer()

    def _send_raw(self, data: bytes) -> None:
        self.write(data)

    def _read_byte(self, timeout: float) -> int | None:
        self.port.timeout = timeout
        chunk = self.port.read(1)
        return chunk[0] if chunk else None

    def close(self) -> None:
        if self.port.is_open:
            self.port.close()


class TcpTransport(_StatusTransport):
    def __init__(self, uri: PrinterUri, timeout: float) -> None:
        super().__init__(uri)
        self.timeout = uri.option_float("timeout", timeout)
        self.status_timeout = uri.option_float("status_timeout", 1.0)
        try:
            self.sock = socket.create_connection((uri.target, uri.port), timeout=uri.option_float("connect", 3.0))
        except TimeoutError:
            raise PrintError(PrintErrorKind.TIMEOUT, f"连接 {uri.target}:{uri.port} 超时") from None
        except OSError as error:
            raise PrintError(PrintErrorKind.OFFLINE, f"无法连接 {uri.target}:{uri.port}：{error}") from None
        self.sock.settimeout(self.timeout)

    def write(self, data: bytes) -> None:
        try:
            self.sock.settimeout(self.timeout)
            self.sock.sendall(data)
        except TimeoutError:
            raise PrintError(PrintErrorKind.TIMEOUT, f"向 {self.uri.target} 发送数据超时") from None
        except OSError as error:
            raise PrintError(PrintErrorKind.OFFLINE, f"与 {self.uri.target} 的连接中断：{error}") from None

    def _drain_input(self) -> None:
        self.sock.setblocking(False)
        try:
            while self.sock.recv(256):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as error:
            raise PrintError(PrintErrorKind.OFFLINE, f"与 {self.uri.target} 的连接中断：{error}") from None
        finally:
            self.sock.settimeout(self.timeout)

    def _send_raw(self, data: bytes) -> None:
        self.write(data)

    def _read_byte(self, timeout: float) -> int | None:
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(1)
        except TimeoutError:
            return None
        except OSError as error:
            raise PrintError(PrintErrorKind.OFFLINE, f"与 {self.uri.target} 的连接中断：{error}") from None
        if not chunk:
            raise PrintError(PrintErrorKind.OFFLINE, f"{self.uri.target} 关闭了连接")
        return chunk[0]

    def close(self) -> None:
        self.sock.close()  # LAN printers serve one connection at a time: never keep it (docs §1.2)


class UsbTransport(_StatusTransport):
    """USB through python-escpos ``Usb`` (needs pyusb and libusb); writes time out after ``timeout``."""

    def __init__(self, uri: PrinterUri, timeout: float) -> None:
        super().__init__(uri)
        try:
            import usb.core  # noqa: F401  (pyusb; python-escpos imports it lazily and fails late)
            from escpos.printer import Usb
        except ImportError:
            raise PrintError(PrintErrorKind.UNSUPPORTED, "USB 打印需要安装 pyusb 和 libusb") from None
        vid, pid = (int(part, 16) for part in uri.target.split(":"))
        self.in_ep = uri.option_int("in_ep", 0x82)
        self.out_ep = uri.option_int("out_ep", 0x01)
        self.timeout_ms = int(uri.option_float("timeout", timeout) * 1000)
        self.printer: Any = Usb(vid, pid, timeout=self.timeout_ms, in_ep=self.in_ep, out_ep=self.out_ep)
        try:
            self.device: Any = self.printer.device
        except Exception as error:  # escpos raises DeviceNotFoundError, pyusb USBError/NoBackendError
            raise PrintError(PrintErrorKind.OFFLINE, f"找不到 USB 打印机 {uri.target}：{error}") from None

    def write(self, data: bytes) -> None:
        try:
            self.device.write(self.out_ep, data, self.timeout_ms)
        except Exception as error:
            kind = PrintErrorKind.TIMEOUT if "timeout" in str(error).lower() else PrintErrorKind.OFFLINE
            raise PrintError(kind, f"USB 写入失败：{error}") from None

    def _drain_input(self) -> None:
        try:
            while self.device.read(self.in_ep, 64, 10):
                pass
        except Exception:
            return

    def _send_raw(self, data: bytes) -> None:
        self.write(data)

    def _read_byte(self, timeout: float) -> int | None:
        try:
            chunk = self.device.read(self.in_ep, 1, max(1, int(timeout * 1000)))
        except Exception:
            return None
        return int(chunk[0]) if len(chunk) else None

    def close(self) -> None:
        try:
            self.printer.close()
        except Exception:
            return


class FileTransport(Transport):
    """Appends each job to a file or device node (``/dev/usb/lp0``); no status on this path."""

    def write(self, data: bytes) -> None:
        path = Path(self.uri.target)
        try:
            with path.open("ab") as handle:
                handle.write(data)
        except OSError as error:
            raise PrintError(PrintErrorKind.OFFLINE, f"无法写入 {path}：{error.strerror or error}") from None


class CupsTransport(Transport):
    """A CUPS queue fed raw through ``lp`` (bounded by a timeout); status is the queue's enabled state."""

    def __init__(self, uri: PrinterUri, timeout: float) -> None:
        super().__init__(uri)
        self.timeout = uri.option_float("timeout", max(timeout, 30.0))
        if shutil.which("lp") is None:
            raise PrintError(PrintErrorKind.UNSUPPORTED, "本机没有 CUPS 的 lp 命令")

    def write(self, data: bytes) -> None:
        command = ["lp", "-d", self.uri.target, "-o", "raw", "-t", "hallclient"]
        try:
            done = subprocess.run(command, input=data, capture_output=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PrintError(PrintErrorKind.TIMEOUT, f"CUPS 队列 {self.uri.target} 超时") from None
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["未知原因"]
            raise PrintError(PrintErrorKind.OFFLINE, f"CUPS 队列 {self.uri.target}：{reason[0]}")

    def status(self) -> PrinterStatus:
        if shutil.which("lpstat") is None:
            return UNCHECKED
        try:
            done = subprocess.run(
                ["lpstat", "-p", self.uri.target], capture_output=True, timeout=5, check=False, text=True
            )
        except subprocess.TimeoutExpired:
            raise PrintError(PrintErrorKind.TIMEOUT, "查询 CUPS 状态超时") from None
        if done.returncode != 0:
            raise PrintError(PrintErrorKind.OFFLINE, f"CUPS 中没有打印机 {self.uri.target}")
        return PrinterStatus(online="disabled" not in done.stdout, checked=False)


class Win32Transport(Transport):
    """A Windows printer queue in RAW mode (pywin32); the spooler owns the port, so no status."""

    def __init__(self, uri: PrinterUri) -> None:
        super().__init__(uri)
        if sys.platform != "win32":
            raise PrintError(PrintErrorKind.UNSUPPORTED, "win32: 打印机只能在 Windows 上使用")
        try:
            import win32print  # noqa: F401
        except ImportError:
            raise PrintError(PrintErrorKind.UNSUPPORTED, "Windows 打印需要安装 pywin32") from None

    def write(self, data: bytes) -> None:
        import win32print

        try:
            handle = win32print.OpenPrinter(self.uri.target)
        except Exception as error:
            raise PrintError(PrintErrorKind.OFFLINE, f"找不到 Windows 打印机 {self.uri.target}：{error}") from None
        try:
            win32print.StartDocPrinter(handle, 1, ("hallclient", None, "RAW"))
            try:
                win32print.StartPagePrinter(handle)
                win32print.WritePrinter(handle, data)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
        except Exception as error:
            raise PrintError(PrintErrorKind.OFFLINE, f"Windows 打印失败：{error}") from None
        finally:
            win32print.ClosePrinter(handle)


class PreviewTransport(Transport):
    """The ``preview:`` printer: draws layouts to a PNG instead of sending bytes (see ``printing``)."""

    def write(self, data: bytes) -> None:
        raise PrintError(PrintErrorKind.UNSUPPORTED, "预览打印机只能打印版式，不能发送已渲染的字节")

    @property
    def path(self) -> Path:
        return Path(self.uri.target)


def open_transport(uri: str | PrinterUri, timeout: float = 10.0) -> Transport:
    """Open the connection ``uri`` names; every blocking operation on it is bounded by ``timeout`` seconds."""
    parsed = uri if isinstance(uri, PrinterUri) else parse_printer_uri(uri)
    if parsed.scheme == "serial":
        return SerialTransport(parsed, timeout)
    if parsed.scheme == "tcp":
        return TcpTransport(parsed, timeout)
    if parsed.scheme == "usb":
        return UsbTransport(parsed, timeout)
    if parsed.scheme == "cups":
        return CupsTransport(parsed, timeout)
    if parsed.scheme == "win32":
        return Win32Transport(parsed)
    if parsed.scheme == "file":
        parent = Path(parsed.target).parent
        if not parent.is_dir():
            raise PrintError(PrintErrorKind.BAD_URI, f"目录不存在：{parent}")
        return FileTransport(parsed)
    parent = Path(parsed.target).parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise PrintError(PrintErrorKind.BAD_URI, f"预览目录不存在或不可写：{parent}")
    return PreviewTransport(parsed)
