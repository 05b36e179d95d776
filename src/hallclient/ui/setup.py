"""Process-wide Qt setup: the bundled CJK fonts and the UI language.

A fresh window PC may have no Chinese font at all, so the bundled WenQuanYi Micro Hei becomes the
application font, with Droid Sans Fallback behind it for CJK Extension A (names such as 䶮) and HanaMinB
for Extensions B-F (𠮷) — the same chain that ``hallclient.fonts`` gives the PDF and slip renderers; Qt
falls back per character through the families in that order.
"""

from __future__ import annotations

import linecache
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hallclient.paths import resource_path

log = logging.getLogger("hallclient.ui")

LANGUAGES = ("zh_CN", "en")
_loaded_families: list[str] = []
_translator: QTranslator | None = None
_qt_translator: QTranslator | None = None  # Qt's own zh_CN texts, installed for Chinese
_language = "zh_CN"


def _font_files() -> list[Path]:
    from hallclient import fonts

    return [font.path for font in fonts.font_chain()]


def _register(path: Path) -> None:
    if not path.exists():
        log.warning("bundled font missing: %s", path)
        return
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families and families[0] not in _loaded_families:
        _loaded_families.append(families[0])


def _apply(app: QApplication, point_size: int) -> None:
    if _loaded_families:
        font = QFont()
        font.setFamilies(list(_loaded_families))
        font.setPointSize(point_size)
        app.setFont(font)


def load_fonts(app: QApplication, point_size: int = 10, *, fallback: bool = True) -> list[str]:
    """Register the bundled fonts once and make them the application font; returns the families used.

    ``fallback=False`` registers only the primary font (it covers every character of the sign-in page);
    the app then calls :func:`load_fallback_font` right after the first paint (bench/cold_start.py).
    """
    primary, *fallbacks = _font_files()
    if not _loaded_families:
        _register(primary)
    if fallback:
        for path in fallbacks:
            _register(path)
    _apply(app, point_size)
    return list(_loaded_families)


def load_fallback_font(app: QApplication, point_size: int = 10) -> list[str]:
    """Add the fallback fonts (CJK Extension A, e.g. 䶮; Extensions B-F, e.g. 𠮷) behind the primary font."""
    return load_fonts(app, point_size, fallback=True)


def forget_module_sources() -> None:
    """Drop the source text PySide6 has cached for every module imported after it (~20 MB for the client).

    PySide6's import hook (``shibokensupport.feature``) reads each newly imported module's source with
    ``inspect.getsource`` to see whether it uses PySide6, and ``linecache`` keeps those lines for good. The
    app calls this once its start-up imports are done and whenever the DB thread goes idle (lazy imports
    follow the first use of a screen); a traceback simply reads the few files it shows again.
    """
    linecache.clearcache()


def translations_dir() -> Path:
    return resource_path("translations")


def install_language(app: QCoreApplication, language: str) -> bool:
    """Switch the UI language: Chinese is the source text, any other language comes from its ``.qm``.

    Returns False when the translation file is missing (the UI then stays in Chinese).
    """
    global _translator, _qt_translator, _language
    if _translator is not None:
        app.removeTranslator(_translator)
        _translator = None
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    _language = "zh_CN"
    if language == "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        _qt_translator = _qt_own_translator(app)
        return True
    translator = QTranslator(app)
    if not translator.load(f"hallclient_{language}", str(translations_dir())):
        log.warning("no translation for %s in %s", language, translations_dir())
        return False
    app.installTranslator(translator)
    _translator = translator
    _language = language
    QLocale.setDefault(QLocale(language))
    return True


def _qt_own_translator(app: QCoreApplication) -> QTranslator | None:
    """Qt's own Chinese texts (OK/Cancel/Save, the file dialog): the stock widgets are in English otherwise."""
    from PySide6.QtCore import QLibraryInfo

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        log.warning("Qt's own Chinese texts (qtbase_zh_CN.qm) missing in %s: stock buttons stay English", folder)
        return None
    app.installTranslator(translator)
    return translator


def current_language() -> str:
    return _language
