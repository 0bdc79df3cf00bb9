"""Issue 9 point 10: `make demo` without a screen says so before setting anything up, and the
README points only at files a clone has and names the keys the tabs show."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_demo_without_a_screen_says_so_before_building_anything(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "demo", f"VENV={venv}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert result.stdout.startswith("No screen here"), result.stdout
    assert "xvfb-run" in result.stdout
    assert not venv.exists()  # nothing was set up first


def test_readme_links_stay_inside_the_project() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../" not in readme
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if "://" not in target:
            assert (ROOT / target).exists(), target


def test_readme_names_the_keys_the_tabs_show() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The 案件查询 tab reads "(F6)" for everyone: the README must not move it elsewhere.
    assert "F6 案件查询" in readme
    assert "案件查询 is\nthen Ctrl+5" not in readme
    assert "案件查询 stays\non F6" in readme
