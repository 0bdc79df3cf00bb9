"""``clerk-app --kiosk / --hall-display / --evaluator`` from the command line, and the demo
central server shared between processes through ``<data dir>/demo-server.json``.

The modes run in a subprocess (main() owns the event loop); ``--startup-probe`` makes them exit
once the device's screen is up, which needs a successful login to the server they chose.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clerk_app.ui.demo_server import (
    DEMO_SERVER_FILE,
    DemoServer,
    read_shared_demo_server,
    write_shared_demo_server,
)
from clerk_app.ui.main import build_parser
from tests.ui.conftest import ROOT


@pytest.fixture(scope="module")
def live_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A demo central server another clerk-app process would have started."""
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("shared-demo") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield server
    server.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_main(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    for name in ("CLERK_KIOSK_USER", "CLERK_KIOSK_PASSWORD", "CLERK_SERVER_URL", "CLERK_HALL"):
        env.pop(name, None)
    env["CLERK_DATA_DIR"] = str(data_dir)  # the kiosk's slips go there too
    return subprocess.run(
        [sys.executable, "-m", "clerk_app.ui.main", *args, "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )


def publish(demo_dir: Path, base_url: str) -> None:
    demo_dir.mkdir(parents=True, exist_ok=True)
    (demo_dir / DEMO_SERVER_FILE).write_text(json.dumps({"base_url": base_url}), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    "mode",
    [["--kiosk"], ["--hall-display"], ["--evaluator", "--window", "3"]],
    ids=["kiosk", "hall-display", "evaluator"],
)
def test_device_modes_reuse_the_live_demo_server(
    mode: list[str], live_demo: Any, tmp_path: Path
) -> None:
    publish(tmp_path / "demo", live_demo.base_url)
    proc = run_main("--demo", *mode, "--windowed", "--startup-probe", data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert lines[-2] == f"server {live_demo.base_url} shared"
    assert 0 < float(lines[-1]) < 120_000
    # No second server was started: no database of its own, the shared file untouched.
    assert not (tmp_path / "demo" / "central.sqlite3").exists()
    stored = json.loads((tmp_path / "demo" / DEMO_SERVER_FILE).read_text(encoding="utf-8"))
    assert stored["base_url"] == live_demo.base_url


@pytest.mark.slow
def test_stale_demo_server_file_starts_an_own_server(tmp_path: Path) -> None:
    stale = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    publish(tmp_path / "demo", stale)
    proc = run_main("--demo", "--kiosk", "--windowed", "--startup-probe", data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = proc.stdout.strip().splitlines()[-2]
    assert line.startswith("server http://127.0.0.1:") and line.endswith(" own")
    assert stale not in line
    assert (tmp_path / "demo" / "central.sqlite3").exists()
    # It replaced the stale entry while it ran and removed its own on exit.
    assert not (tmp_path / "demo" / DEMO_SERVER_FILE).exists()


def test_demo_server_file_is_read_only_when_a_server_answers(
    live_demo: Any, tmp_path: Path
) -> None:
    assert read_shared_demo_server(tmp_path) is None  # no file
    (tmp_path / DEMO_SERVER_FILE).write_text("{not json", encoding="utf-8")
    assert read_shared_demo_server(tmp_path) is None
    publish(tmp_path, f"http://127.0.0.1:{free_port()}")
    assert read_shared_demo_server(tmp_path) is None  # stale
    publish(tmp_path, "http://example.org:8000")
    assert read_shared_demo_server(tmp_path) is None  # never a remote machine
    write_shared_demo_server(tmp_path, live_demo.base_url)
    assert read_shared_demo_server(tmp_path) == live_demo.base_url
    # A second clerk window (--demo --window 2) takes the same server, starting none.
    server = DemoServer(tmp_path)
    assert server.reused and server.base_url() == live_demo.base_url
    server.stop()  # not ours: nothing stopped, the file stays
    assert (tmp_path / DEMO_SERVER_FILE).exists()
    assert read_shared_demo_server(tmp_path) == live_demo.base_url


def test_device_mode_needs_an_account_and_the_evaluator_a_window(tmp_path: Path) -> None:
    proc = run_main("--evaluator", "--demo", data_dir=tmp_path)
    assert proc.returncode == 2 and "--window" in proc.stderr
    proc = run_main("--kiosk", "--server", "http://127.0.0.1:9", data_dir=tmp_path)
    assert proc.returncode == 2 and "CLERK_KIOSK_USER" in proc.stderr
    args = build_parser().parse_args(["--demo", "--evaluator", "--window", "4"])
    assert args.evaluator and args.window == 4 and not args.kiosk
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--kiosk", "--hall-display"])  # one mode at a time
