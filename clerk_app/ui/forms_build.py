"""Compile forms/*.ui (Qt Designer) into clerk_app/ui/forms/ui_<name>.py with pyside6-uic,
and the translations resources/i18n/*.ts into *.qm beside them with pyside6-lrelease.

Run by ``make`` (before the tests and the demo), by the test session, by the wheel build
(``BuildPy``, named in pyproject.toml) and by the PyInstaller spec. A generated module older
than its .ui (or than this compiler) is compiled again; one whose .ui is gone is removed.
The same goes for a .qm and its .ts: a source checkout speaks every translated language.

``python -m clerk_app.ui.forms_build --lupdate`` brings the .ts files up to date with the
sources (new strings appear unfinished, gone ones are dropped): then translate them.

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
I18N_DIR = FORMS_DIR.parent / "resources" / "i18n"
UIC = "import sys; from PySide6.scripts.pyside_tool import uic; sys.argv[0] = 'uic'; uic()"
LRELEASE = "from PySide6.scripts.pyside_tool import lrelease; lrelease()"
LUPDATE = "from PySide6.scripts.pyside_tool import lupdate; lupdate()"
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


def translation_sources(root: Path = FORMS_DIR.parent) -> list[Path]:
    """Where the user-visible strings are: the UI's code and the forms (not uic's output,
    whose strings lupdate reads from the .ui files themselves)."""
    code = (
        path
        for path in (root / "clerk_app" / "ui").rglob("*.py")
        if not (path.parent.name == "forms" and path.name.startswith(PREFIX))
    )
    return sorted(code) + sorted((root / "forms").glob("*.ui"))


def update_translation(ts_file: Path, root: Path = FORMS_DIR.parent) -> str:
    """lupdate ``ts_file`` from the sources (no line numbers, so a moved string is no change
    to review); returns lupdate's summary."""
    sources = [str(path) for path in translation_sources(root)]
    options = ["-locations", "none", "-no-obsolete", "-ts", str(ts_file)]
    result = subprocess.run(
        [sys.executable, "-c", LUPDATE, *sources, *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pyside6-lupdate failed on {ts_file}: {result.stderr.strip()}")
    return result.stdout.strip()


def compile_translations(source: Path = I18N_DIR, *, force: bool = False) -> list[Path]:
    """Compile every new or changed clerk_<lang>.ts into clerk_<lang>.qm beside it (the .qm
    files are not committed); returns the files written."""
    if not source.is_dir():
        return []
    written: list[Path] = []
    compiler_changed = Path(__file__).stat().st_mtime
    for ts_file in sorted(source.glob("*.ts")):
        target = ts_file.with_suffix(".qm")
        newest_input = max(ts_file.stat().st_mtime, compiler_changed)
        if force or not target.exists() or target.stat().st_mtime < newest_input:
            fd, temporary = tempfile.mkstemp(dir=source, prefix=".", suffix=".qm")
            os.close(fd)
            result = subprocess.run(
                [sys.executable, "-c", LRELEASE, "-silent", str(ts_file), "-qm", temporary],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                os.unlink(temporary)
                raise RuntimeError(f"pyside6-lrelease failed on {ts_file}: {result.stderr}")
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would travel into the packages
            os.replace(temporary, target)
            written.append(target)
    return written


class BuildPy(build_py):  # type: ignore[misc, unused-ignore]  # setuptools is untyped
    """setuptools' build_py, compiling the forms first so a wheel carries them."""

    def run(self) -> None:
        compile_forms()
        compile_translations()
        super().run()


if __name__ == "__main__":
    if "--lupdate" in sys.argv:
        for ts_file in sorted(I18N_DIR.glob("*.ts")):
            print(f"{ts_file.name}: {update_translation(ts_file)}")
    force = "--force" in sys.argv
    for path in compile_forms(force=force) + compile_translations(force=force):
        print(f"compiled {path.relative_to(FORMS_DIR.parent)}")
