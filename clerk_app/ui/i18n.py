"""Translations and the location of shipped resources.

Source strings are Simplified Chinese (the users' language). A ``clerk_<locale>.qm`` file in
resources/i18n (compiled from its .ts by forms_build.py: ``make``, the test session, the
builds) makes the application follow another locale, e.g. English for a trainer or an auditor.
Placeholders are Qt's %1, %2 … filled with ``.replace("%1", value)``, never str.format.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator


def resources_dir() -> Path:
    """resources/ of the source tree, or of a frozen build (PyInstaller puts it in _MEIPASS)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def tr(context: str, text: str) -> str:
    """Translate ``text`` in ``context`` (for code outside a QObject)."""
    return QCoreApplication.translate(context, text)


def tr_domain(text: str) -> str:
    """Translate a label or message of the domain layer (it has no Qt, so no tr()); the
    texts are named for lupdate in ui/domain_texts.py."""
    return QCoreApplication.translate("domain", text)


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, i18n_dir: Path | None = None
) -> list[QTranslator]:
    """Load our .qm for ``locale`` (when one exists) and Qt's own, and install them.

    Returns the installed translators; the caller keeps them alive as long as the app runs.
    """
    if locale is None:
        # The app's setting (lang, CLERK_LANG) arrives as ``locale``; else the PC's language.
        locale = QLocale.system()
    directory = i18n_dir or resources_dir() / "i18n"
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    # QTranslator.load tries clerk_en_US.qm, clerk_en.qm ... for the locale's UI languages.
    translated = ours.load(locale, "clerk", "_", str(directory))
    if translated:
        app.installTranslator(ours)
        installed.append(ours)
    # Qt's own dialogs (print, file, the OK/Cancel of message boxes) speak the language the
    # app speaks: the locale's when our translation for it loaded, else the source language,
    # Chinese, whatever the PC says (a counter PC often runs an English or "C" locale).
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_locale = locale if translated else QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    if qt_own.load(qt_locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt_own)
        installed.append(qt_own)
    return installed
