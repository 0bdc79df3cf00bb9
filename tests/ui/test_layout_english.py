"""Every main screen in English at 1366×768: English is longer than Chinese, and a screen whose
layout cannot take it grows past the counter PC's screen or scrolls its tables sideways. A new
string whose English does that needs a shorter translation or a layout that wraps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView

from clerk_app.ui.forms_build import compile_translations
from clerk_app.ui.i18n import install_translators
from tests.ui.screens import DemoHall, screens, start_demo_hall, stop_demo_hall
from tests.ui.test_layout import NO_SIDEWAYS, shown

SCREEN = (1366, 768)
# The acceptance page may scroll sideways on a narrow screen; at 1366 px it must not.
SCROLLING_PAGES = {"acceptance_scroll"}


@pytest.fixture(scope="module")
def english_hall(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoHall]:
    compile_translations()
    translators = install_translators(qapp, QLocale("en_US"))
    assert translators, "the English translation did not load"
    demo = start_demo_hall(tmp_path_factory.mktemp("layout-en"))
    yield demo
    stop_demo_hall(demo)
    for translator in translators:
        qapp.removeTranslator(translator)


def sideways(widget: Any) -> list[str]:
    window = widget.window()
    found = [
        view.objectName()
        for view in window.findChildren(QTableView)
        if view.objectName() in NO_SIDEWAYS
        and shown(view)
        and view.horizontalScrollBar().isVisible()
    ]
    found += [
        area.objectName()
        for area in window.findChildren(QScrollArea)
        if area.objectName() in SCROLLING_PAGES
        and shown(area)
        and area.horizontalScrollBar().isVisible()
    ]
    return found


def test_english_screens_fit_the_counter_screen(english_hall: DemoHall) -> None:
    problems = []
    for name, widget in screens(english_hall, SCREEN):
        width = widget.window().width()
        if width > SCREEN[0]:
            problems.append(f"{name}: {width} px wide")
        problems += [f"{name}: {view} scrolls sideways" for view in sideways(widget)]
    assert not problems, "\n".join(problems)
