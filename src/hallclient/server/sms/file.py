"""``file:PATH``: each message appended to a file as one JSON line (demos, and a hall without a gateway yet)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hallclient.server.sms.gateway import GatewayError, Receipt, Submitted
from hallclient.server.sms.templates import part_count


class FileGateway:
    def __init__(self, path: str) -> None:
        if not path:
            raise GatewayError("file: 后须写文件路径", permanent=True)
        self.path = Path(path)

    def send(self, phone: str, text: str, ref: str) -> Submitted:
        line = json.dumps({"id": ref, "phone": phone, "text": text}, ensure_ascii=False) + "\n"
        try:
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line)
                out.flush()
                os.fsync(out.fileno())
        except OSError as error:
            raise GatewayError(f"无法写入短信文件 {self.path}：{error.strerror or error}", gateway_down=True) from None
        return Submitted(message_id=ref, parts=part_count(text))

    def receipts(self) -> list[Receipt]:
        return []

    def close(self) -> None:
        pass
