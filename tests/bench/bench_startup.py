"""Cold start to the login window, beside a bare PySide6 window started the same way."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.bench.common import BenchRow

_BARE_QT = """
import sys, time
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
w = QLabel("登录"); w.show(); app.processEvents()
"""


def _run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
    return (time.perf_counter() - start) * 1000


def run_startup_bench(runs: int = 5) -> list[BenchRow]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    app_cmd = [sys.executable, "-m", "clerk_app.ui.main", "--startup-probe"]
    bare_cmd = [sys.executable, "-c", _BARE_QT]
    _run(app_cmd, env)  # warm the OS file cache once, as a PC that was used today would be
    app = sorted(_run(app_cmd, env) for _ in range(runs))
    bare = sorted(_run(bare_cmd, env) for _ in range(runs))
    return [
        BenchRow(
            name="cold start to login window (median)",
            value=app[len(app) // 2],
            unit="ms",
            baseline=bare[len(bare) // 2],
            goal="≤ 2000 ms",
        )
    ]
