"""Write resources/fonts/coverage.json: each bundled font's size and drawable code point ranges.

Run after replacing a bundled font: ``.venv/bin/python tools/font_coverage.py``. The window reads the ranges
instead of loading fontTools and the fonts' tables (``hallclient.fonts``); tests/printer/test_slip_preview.py
checks the file against the fonts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hallclient import fonts
from hallclient.paths import resource_path


def coverage_document() -> dict[str, object]:
    return {
        "fonts": {
            fonts.coverage_key(font): {
                "size": font.path.stat().st_size,
                "ranges": [list(pair) for pair in fonts.drawable_ranges(font)],
            }
            for font in fonts.font_chain()
        }
    }


def main() -> int:
    target = resource_path("fonts", fonts.COVERAGE_FILE)
    target.write_text(json.dumps(coverage_document(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
