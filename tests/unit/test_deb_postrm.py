"""The .deb's maintainer scripts against a fake PC (``DPKG_ROOT``): a purge deletes the users'
caches except one holding cases the central server has not got, which stays with a message."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_cache_status import make_store

ROOT = Path(__file__).resolve().parents[2]
# installer/ is a folder of scripts, not a package: load the builder by its path.
_SPEC = importlib.util.spec_from_file_location("make_deb", ROOT / "installer" / "make_deb.py")
assert _SPEC is not None and _SPEC.loader is not None
make_deb = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(make_deb)
POSTRM: str = make_deb.POSTRM
PRERM: str = make_deb.PRERM
CACHE = ".local/share/clerk-app"
# What the scripts need besides the shell's builtins; sqlite3 only where a test says so.
TOOLS = ("awk", "find", "rm", "mkdir", "dirname")


class FakePc:
    """A DPKG_ROOT with three users: one with unsynced cases, one synced, one without a store."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "etc/clerk-app").mkdir(parents=True)
        (root / "etc/clerk-app/clerk-app.toml").write_text('server_url = "https://x"\n')
        (root / "etc/passwd").write_text(
            "root:x:0:0:root:/root:/bin/sh\n"
            "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
            "wang:x:1000:1000::/home/wang:/bin/sh\n"
            "li:x:1001:1001::/home/li:/bin/sh\n"
            "zhao:x:1002:1002::/home/zhao:/bin/sh\n",
            encoding="utf-8",
        )
        for user in ("wang", "li", "zhao"):
            (root / f"home/{user}/.config/clerk-app").mkdir(parents=True)
            (root / f"home/{user}/{CACHE}/logs").mkdir(parents=True)
        make_store(self.cache("wang"), cases=2, synced=False)
        make_store(self.cache("li"), cases=1, synced=True)
        self.bin = root / "tools"
        self.bin.mkdir()
        for tool in TOOLS:
            found = shutil.which(tool)
            assert found, tool
            (self.bin / tool).symlink_to(found)

    def cache(self, user: str) -> Path:
        return self.root / "home" / user / CACHE

    def install_app(self) -> None:
        """The program's check, as /opt/clerk-app/clerk-app would run it."""
        app = self.root / "opt/clerk-app/clerk-app"
        app.parent.mkdir(parents=True)
        app.write_text(
            f'#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m clerk_app.ui.main "$@"\n'
        )
        app.chmod(0o755)

    def remove_app(self) -> None:
        shutil.rmtree(self.root / "opt/clerk-app")

    def with_sqlite3(self) -> None:
        found = shutil.which("sqlite3")
        if found is None:
            pytest.skip("no sqlite3 command on this machine")
        (self.bin / "sqlite3").symlink_to(found)

    def run(self, script: str, action: str) -> str:
        path = self.root / "script"
        path.write_text(script, encoding="utf-8")
        env = {"DPKG_ROOT": str(self.root), "PATH": str(self.bin), "LANG": "C.UTF-8"}
        done = subprocess.run(
            ["/bin/sh", str(path), action], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stderr


@pytest.fixture
def pc(tmp_path: Path) -> FakePc:
    return FakePc(tmp_path / "root")


def assert_unsynced_cache_kept(pc: FakePc, message: str) -> None:
    assert (pc.cache("wang") / "local.sqlite3").is_file()
    assert not pc.cache("li").exists() and not pc.cache("zhao").exists()
    assert not (pc.root / "etc/clerk-app").exists()
    assert not any((pc.root / f"home/{u}/.config/clerk-app").exists() for u in ("wang", "li"))
    assert not (pc.root / "var/lib/clerk-app").exists()
    assert "/home/wang/.local/share/clerk-app" in message and "/home/li/" not in message
    assert "已保留" in message and "kept" in message
    assert "2 项" in message and "2 items" in message
    assert "登录一次" in message and "log in once" in message


def test_purge_keeps_the_cache_the_program_says_is_unsynced(pc: FakePc) -> None:
    pc.install_app()
    assert_unsynced_cache_kept(pc, pc.run(POSTRM, "purge"))


def test_purge_after_removal_uses_what_prerm_recorded(pc: FakePc) -> None:
    pc.install_app()
    warning = pc.run(PRERM, "remove")
    assert "/home/wang/.local/share/clerk-app 中有 2 项" in warning and "/home/li/" not in warning
    pc.remove_app()  # dpkg removes the files between prerm and postrm
    assert pc.run(POSTRM, "remove") == ""
    assert (pc.cache("li") / "local.sqlite3").is_file()  # remove alone keeps every cache
    assert_unsynced_cache_kept(pc, pc.run(POSTRM, "purge"))


def test_purge_without_the_program_asks_sqlite3(pc: FakePc) -> None:
    pc.with_sqlite3()
    assert_unsynced_cache_kept(pc, pc.run(POSTRM, "purge"))


def test_purge_keeps_every_store_when_nothing_can_tell(pc: FakePc) -> None:
    message = pc.run(POSTRM, "purge")
    assert (pc.cache("wang") / "local.sqlite3").is_file()
    assert (pc.cache("li") / "local.sqlite3").is_file()
    assert not pc.cache("zhao").exists()  # no store in it, no case to lose
    assert message.count("could not tell") == 2 and "无法确认" in message


def test_other_actions_touch_nothing(pc: FakePc) -> None:
    pc.install_app()
    for action in ("upgrade", "failed-upgrade", "abort-install"):
        pc.run(POSTRM, action)
    pc.run(PRERM, "upgrade")
    assert all(pc.cache(u).exists() for u in ("wang", "li", "zhao"))
    assert (pc.root / "etc/clerk-app").exists()
    assert os.listdir(pc.root / "home/li/.config")


def test_dpkg_runs_the_check_before_removing_the_program(pc: FakePc, tmp_path: Path) -> None:
    """The real order of dpkg: prerm with the program, files gone, postrm remove, then purge."""
    if os.geteuid() != 0 or not (shutil.which("dpkg") and shutil.which("dpkg-deb")):
        pytest.skip("installing a .deb, even into a throw-away root, needs root and dpkg")
    frozen = tmp_path / "frozen"
    frozen.mkdir()
    (frozen / "clerk-app").write_text(
        f'#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m clerk_app.ui.main "$@"\n'
    )
    (frozen / "clerk-app").chmod(0o755)
    deb = make_deb.build(frozen, tmp_path / "out", "1.0", "none")
    for folder in ("var/lib/dpkg/info", "var/lib/dpkg/updates"):
        (pc.root / folder).mkdir(parents=True)
    (pc.root / "var/lib/dpkg/status").touch()
    shutil.rmtree(pc.root / "etc/clerk-app")  # the package brings its own conffile

    def dpkg(*args: str) -> str:
        command = ["dpkg", f"--root={pc.root}", "--force-script-chrootless", *args]
        env = {**os.environ, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stderr

    dpkg("--force-depends", "-i", str(deb))
    removal = dpkg("-r", "clerk-app")
    assert "/home/wang/.local/share/clerk-app 中有 2 项" in removal
    assert not (pc.root / "opt/clerk-app").exists()
    assert_unsynced_cache_kept(pc, dpkg("-P", "clerk-app"))
