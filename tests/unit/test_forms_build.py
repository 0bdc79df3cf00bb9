"""The forms build: forms/*.ui compiled into typed ui_<name>.py, again when a .ui changes, and
a module whose .ui is gone removed."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from clerk_app.ui.forms_build import FORMS_DIR, compile_forms

FORM = """<?xml version="1.0" encoding="UTF-8"?>
<ui version="4.0">
 <class>Sample</class>
 <widget class="QDialog" name="sample_dialog">
  <layout class="QVBoxLayout" name="sample_layout">
   <item>
    <widget class="QPushButton" name="sample_button">
     <property name="text"><string>{text}</string></property>
    </widget>
   </item>
  </layout>
 </widget>
</ui>
"""


def write_form(path: Path, text: str, mtime: float) -> None:
    path.write_text(FORM.format(text=text), encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_compiles_typed_modules_and_follows_changes(tmp_path: Path) -> None:
    source, output = tmp_path / "forms", tmp_path / "generated"
    source.mkdir()
    output.mkdir()
    form = source / "sample.ui"
    write_form(form, "确定", time.time() - 100)

    assert compile_forms(source, output) == [output / "ui_sample.py"]
    code = (output / "ui_sample.py").read_text(encoding="utf-8")
    assert "class Ui_Sample" in code
    assert "def setupUi(self, sample_dialog: QDialog) -> None:" in code
    assert "def retranslateUi(self, sample_dialog: QDialog) -> None:" in code
    assert 'QCoreApplication.translate("Sample"' in code  # Qt's translation, form's context
    assert compile_forms(source, output) == []  # up to date: nothing written

    write_form(form, "取消", time.time() + 100)  # the .ui changed after its module
    assert compile_forms(source, output) == [output / "ui_sample.py"]
    assert "\\u53d6\\u6d88" in (output / "ui_sample.py").read_text(encoding="utf-8")

    form.unlink()
    assert compile_forms(source, output) == []
    assert not (output / "ui_sample.py").exists()


def test_every_shipped_form_compiles(tmp_path: Path) -> None:
    shutil.copytree(FORMS_DIR, tmp_path / "forms")
    written = compile_forms(tmp_path / "forms", tmp_path)
    assert sorted(p.stem for p in written) == sorted(f"ui_{p.stem}" for p in FORMS_DIR.glob("*.ui"))
