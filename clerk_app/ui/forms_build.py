"""Compile forms/*.ui (Qt Designer) into clerk_app/ui/forms/ui_<name>.py with pyside6-uic.

Run by ``make`` (before the tests and the demo), by the test session, by the wheel build
(``BuildPy``, named in pyproject.toml) and by the PyInstaller spec. A generated module older
than its .ui (or than this compiler) is compiled again; one whose .ui is gone is removed.

The generated ``setupUi``/``retranslateUi`` are annotated with the form's top-level class, so
mypy checks the screens that use them. Only the standard library here: setuptools loads this
file before anything is installed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from setuptools.command.build_py import build_py

PACKAGE_DIR = Path(__file__).resolve().parent / "forms"
FORMS_DIR = PACKAGE_DIR.parents[2] / "forms"
PREFIX = "ui_"
UIC = "import sys; from PySide6.scripts.pyside_tool import uic; sys.argv[0] = 'uic'; uic()"
SIGNATURE = re.compile(r"def (setupUi|retranslateUi)\(self, (\w+)\):")


def generated_path(ui_file: Path, output: Path = PACKAGE_DIR) -> Path:
    return output / f"{PREFIX}{ui_file.stem}.py"


def top_level_class(ui_file: Path) -> str:
    widget = ET.parse(ui_file).getroot().find("widget")
    if widget is None:
        raise ValueError(f"{ui_file}: no top-level widget")
    return widget.get("class", "QWidget")


def compile_form(ui_file: Path, target: Path) -> None:
    """uic's Python for one form, typed, written in one rename (a reader never sees half)."""
    # -a: no connectSlotsByName; the screens connect their signals by attribute.
    result = subprocess.run(
        [sys.executable, "-c", UIC, "-a", str(ui_file)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0 or "class Ui_" not in result.stdout:
        raise RuntimeError(f"pyside6-uic failed on {ui_file}: {result.stderr.strip()}")
    top = top_level_class(ui_file)
    code = SIGNATURE.sub(rf"def \1(self, \2: {top}) -> None:", result.stdout)
    code = f"from PySide6.QtWidgets import {top}\n" + code
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".py")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(code)
    os.replace(temporary, target)


def compile_forms(
    source: Path = FORMS_DIR, output: Path = PACKAGE_DIR, *, force: bool = False
) -> list[Path]:
    """Compile every new or changed form; returns the modules written. Without a forms/
    folder (an installed package, a frozen build) the compiled modules are left alone."""
    if not source.is_dir():
        return []
    written: list[Path] = []
    forms = sorted(source.glob("*.ui"))
    compiler_changed = Path(__file__).stat().st_mtime
    for ui_file in forms:
        target = generated_path(ui_file, output)
        newest_input = max(ui_file.stat().st_mtime, compiler_changed)
        if force or not target.exists() or target.stat().st_mtime < newest_input:
            compile_form(ui_file, target)
            written.append(target)
    wanted = {generated_path(ui_file, output) for ui_file in forms}
    for stale in output.glob(f"{PREFIX}*.py"):
        if stale not in wanted:
            stale.unlink()
    return written


class BuildPy(build_py):  # type: ignore[misc, unused-ignore]  # setuptools is untyped
    """setuptools' build_py, compiling the forms first so a wheel carries them."""

    def run(self) -> None:
        compile_forms()
        super().run()


if __name__ == "__main__":
    for path in compile_forms(force="--force" in sys.argv):
        print(f"compiled {path.relative_to(PACKAGE_DIR.parents[2])}")
