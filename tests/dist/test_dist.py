"""The frozen build (``make dist``) on this machine without the project's virtualenv, and its
.deb installed, upgraded, removed and purged in a throw-away root.

Run by ``make dist-test`` (and CI), not by ``make test``: it needs ``dist/`` built (minutes).
The throw-away root is a dpkg database of its own (``dpkg --root``); the maintainer scripts
run without chroot against ``$DPKG_ROOT``, so nothing of this machine is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.unit.test_cache_status import make_store

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "dist" / "clerk-app"
PROBE_TIMEOUT_S = 240
SBIN_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"


def _need(path: Path) -> Path:
    if not path.exists():
        message = f"{path} is missing: run `make dist` first"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def deb() -> Path:
    debs = sorted((ROOT / "dist").glob("clerk-app_*_amd64.deb"), key=lambda p: p.stat().st_mtime)
    return _need(debs[-1] if debs else ROOT / "dist" / "clerk-app_VERSION_amd64.deb")


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A user's session on a PC with nothing of the project: no virtualenv, no PYTHONPATH,
    no Python on the PATH but the system's, a home of its own."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "CLERK_SYSTEM_CONFIG": str(home / "no-system-config.toml"),
    }
    return {**env, **extra}


def run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S
    )


def under_xvfb(command: list[str]) -> list[str]:
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        pytest.fail("xvfb-run is missing (Debian package xvfb)")
    return [xvfb, "-a", "-s", "-screen 0 1366x768x24", *command]


def check_frozen_app(exe: Path, home: Path) -> None:
    """render-sample, the login screen and the demo (embedded server, migrations, kiosk)."""
    home.mkdir(parents=True, exist_ok=True)
    env = clean_env(home)
    pdf = home / "notice.pdf"
    done = run([str(exe), "render-sample", "acceptance_notice", "--out", str(pdf)], env, home)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "受理通知书" in PdfReader(pdf).pages[0].extract_text()
    # The login window (the probe prints its milliseconds once it is shown and painted).
    login = run(under_xvfb([str(exe), "--startup-probe"]), env, home)
    assert login.returncode == 0, login.stderr[-3000:]
    assert 0 < float(login.stdout.strip().splitlines()[-1]) < PROBE_TIMEOUT_S * 1000
    # The demo: its central server in-process on SQLite, migrated, and the kiosk logged in.
    demo = [str(exe), "--demo", "--kiosk", "--windowed", "--startup-probe"]
    kiosk = run(under_xvfb(demo), env, home)
    assert kiosk.returncode == 0, kiosk.stderr[-3000:]
    server_line = kiosk.stdout.strip().splitlines()[-2]
    assert server_line.startswith("server http://127.0.0.1:") and server_line.endswith(" own")
    assert (home / ".local" / "share" / "clerk-app" / "demo" / "central.sqlite3").is_file()


@pytest.mark.slow
def test_frozen_build_runs_without_the_virtualenv(tmp_path: Path) -> None:
    exe = _need(FROZEN / "clerk-app")
    internal = FROZEN / "_internal"
    for needed in (
        "resources/templates/documents.toml",
        "resources/i18n/clerk_en.qm",
        "resources/fonts/wqy-microhei.ttc",
        "clerk_app/central/migrations/versions",
        "clerk_app/store/migrations/versions",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
    ):
        assert (internal / needed).exists(), needed
    check_frozen_app(exe, tmp_path)


class ThrowawayRoot:
    """A dpkg database and file tree under ``path``: a PC with two local users, clerk and wang."""

    def __init__(self, path: Path) -> None:
        self.path = path
        folders = ("var/lib/dpkg/info", "var/lib/dpkg/updates", "etc", "home/clerk", "home/wang")
        for folder in folders:
            (path / folder).mkdir(parents=True, exist_ok=True)
        (path / "var/lib/dpkg/status").touch()
        (path / "etc/passwd").write_text(
            "root:x:0:0:root:/root:/bin/sh\nclerk:x:1000:1000::/home/clerk:/bin/sh\n"
            "wang:x:1001:1001::/home/wang:/bin/sh\n",
            encoding="utf-8",
        )
        self.cache = path / "home/clerk/.local/share/clerk-app"
        self.unsynced_cache = path / "home/wang/.local/share/clerk-app"
        self.config = path / "etc/clerk-app/clerk-app.toml"
        self.last_stderr = ""

    def dpkg(self, *args: str) -> str:
        command = ["dpkg", f"--root={self.path}", "--force-script-chrootless", *args]
        if os.geteuid() != 0:
            pytest.skip("installing a .deb, even into a throw-away root, needs root")
        done = subprocess.run(
            command,
            env={**os.environ, "PATH": SBIN_PATH},
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        self.last_stderr = done.stderr
        return done.stdout

    def dpkg_stderr(self, *args: str) -> str:
        """What the maintainer scripts said while dpkg ran ``args``."""
        self.dpkg(*args)
        return self.last_stderr

    def status(self) -> str:
        return subprocess.run(
            ["dpkg-query", f"--root={self.path}", "-W", "-f=${Status} ${Version}", "clerk-app"],
            capture_output=True,
            text=True,
        ).stdout


@pytest.fixture
def throwaway_root(tmp_path: Path) -> Iterator[ThrowawayRoot]:
    yield ThrowawayRoot(tmp_path / "root")
    shutil.rmtree(tmp_path / "root", ignore_errors=True)


def _next_version(deb: Path, out: Path) -> Path:
    """The same build as a newer version (what an update ships)."""
    version = deb.name.split("_")[1] + "+1"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "make_deb.py"),
            "--frozen",
            str(_need(FROZEN)),
            "--out",
            str(out),
            "--version",
            version,
            "--compression",
            "none",
        ],
        check=True,
        capture_output=True,
        timeout=PROBE_TIMEOUT_S,
    )
    return out / f"clerk-app_{version}_amd64.deb"


@pytest.mark.slow
def test_deb_installs_upgrades_keeps_the_cache_and_purges(
    deb: Path, throwaway_root: ThrowawayRoot, tmp_path: Path
) -> None:
    root = throwaway_root
    # The program's libraries are this machine's business (Depends), not the empty root's.
    root.dpkg("--force-depends", "-i", str(deb))
    assert root.status().startswith("install ok installed")
    exe = root.path / "opt/clerk-app/clerk-app"
    assert os.access(exe, os.X_OK)
    assert os.readlink(root.path / "usr/bin/clerk-app") == "/opt/clerk-app/clerk-app"
    desktop = (root.path / "usr/share/applications/clerk-app.desktop").read_text(encoding="utf-8")
    assert "Exec=/opt/clerk-app/clerk-app" in desktop and "Icon=clerk-app" in desktop
    assert (root.path / "usr/share/icons/hicolor/scalable/apps/clerk-app.svg").is_file()
    assert root.config.is_file()

    # The installed program starts, and IT writes the PC's config file with it.
    check_frozen_app(exe, tmp_path / "user")
    env = clean_env(tmp_path / "user", CLERK_SYSTEM_CONFIG=str(root.config))
    setup = [str(exe), "setup", "--system", "--no-check", "--server", "https://clerk.example"]
    done = run(setup, env, tmp_path)
    assert done.returncode == 0, done.stderr
    # Two clerks' local caches: one synced, one with cases the server has not got yet.
    store = make_store(root.cache, cases=1, synced=True)
    make_store(root.unsynced_cache, cases=2, synced=False)
    stored = store.read_bytes()

    newer = _next_version(deb, tmp_path / "newer")
    root.dpkg("--force-depends", "--force-confold", "-i", str(newer))
    assert root.status().endswith("+1")
    assert store.read_bytes() == stored
    assert 'server_url = "https://clerk.example"' in root.config.read_text(encoding="utf-8")

    # Removal warns about the unsynced cache (the installed program counts it) and keeps all.
    removal = root.dpkg_stderr("-r", "clerk-app")
    assert "/home/wang/.local/share/clerk-app 中有 2 项" in removal
    assert not (root.path / "opt/clerk-app").exists()
    assert not (root.path / "usr/bin/clerk-app").exists()
    assert store.is_file() and root.config.is_file()

    # A purge deletes the synced cache and the config, and keeps the one with unsynced cases.
    purge = root.dpkg_stderr("-P", "clerk-app")
    assert not root.cache.exists() and not root.config.parent.exists()
    assert (root.unsynced_cache / "local.sqlite3").is_file()
    assert "已保留 /home/wang/.local/share/clerk-app" in purge and "2 items" in purge
    assert root.status() == ""
