"""The counter app's one settings object: sources in order, paths per OS, the written file."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from clerk_app.ui.app_config import AppPaths, AppSettings, platform_paths, write_config


def _paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "etc.toml", tmp_path / "user.toml", tmp_path / "data")


def test_paths_per_os() -> None:
    home = Path("/home/zhang")
    linux = platform_paths({}, "linux", home)
    assert linux.system_config == Path("/etc/clerk-app/clerk-app.toml")
    assert linux.user_config == home / ".config" / "clerk-app" / "clerk-app.toml"
    assert linux.data_root == home / ".local" / "share" / "clerk-app"
    assert linux.log_dir == linux.data_root / "logs"
    xdg = platform_paths({"XDG_CONFIG_HOME": "/x/c", "XDG_DATA_HOME": "/x/d"}, "linux", home)
    assert xdg.user_config == Path("/x/c/clerk-app/clerk-app.toml")
    assert xdg.data_root == Path("/x/d/clerk-app")
    windows_env = {
        "PROGRAMDATA": "C:/ProgramData",
        "APPDATA": "C:/Users/zhang/AppData/Roaming",
        "LOCALAPPDATA": "C:/Users/zhang/AppData/Local",
    }
    windows = platform_paths(windows_env, "win32", home)
    assert windows.system_config == Path("C:/ProgramData/clerk-app/clerk-app.toml")
    assert windows.user_config == Path("C:/Users/zhang/AppData/Roaming/clerk-app/clerk-app.toml")
    assert windows.data_root == Path("C:/Users/zhang/AppData/Local/clerk-app")
    moved = platform_paths({"CLERK_CONFIG": "/it/a.toml", "CLERK_SYSTEM_CONFIG": "/it/b.toml"})
    assert moved.user_config == Path("/it/a.toml") and moved.system_config == Path("/it/b.toml")


def test_command_line_over_environment_over_user_file_over_system_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _paths(tmp_path)
    assert AppSettings.load(paths).server_url == ""
    assert AppSettings.load(paths).device == "window"
    paths.system_config.write_text(
        'server_url = "https://system.example"\nhall = "HS01"\nwindow = 4\n', encoding="utf-8"
    )
    loaded = AppSettings.load(paths)
    assert (loaded.server_url, loaded.hall, loaded.window) == ("https://system.example", "HS01", 4)
    paths.user_config.write_text('server_url = "https://user.example"\n', encoding="utf-8")
    loaded = AppSettings.load(paths)
    assert (loaded.server_url, loaded.hall) == ("https://user.example", "HS01")  # merged
    monkeypatch.setenv("CLERK_SERVER_URL", "https://env.example")
    monkeypatch.setenv("CLERK_WINDOW", "7")
    loaded = AppSettings.load(paths)
    assert (loaded.server_url, loaded.window) == ("https://env.example", 7)
    given = AppSettings.load(paths, server_url="https://cli.example", window=None)
    assert (given.server_url, given.window) == ("https://cli.example", 7)  # None = not given


def test_data_folder_and_slip_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _paths(tmp_path)
    settings = AppSettings.load(paths)
    assert settings.data_root(paths) == tmp_path / "data"
    assert settings.slip_dir(paths) == tmp_path / "data" / "kiosk-slips"
    monkeypatch.setenv("CLERK_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("CLERK_KIOSK_SLIP_DIR", str(tmp_path / "slips"))
    settings = AppSettings.load(paths)
    assert settings.data_root(paths) == tmp_path / "elsewhere"
    assert settings.slip_dir(paths) == tmp_path / "slips"


def test_written_file_reads_back_and_is_private(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    chosen = {
        "server_url": "https://clerk.example.gov.cn",
        "hall": "HS01",
        "device": "kiosk",
        "window": None,  # left out
        "kiosk_user": "kiosk01",
        "kiosk_password": 'p"w\\d 密码',
        "ticket_printer": "tcp://10.0.0.9:9100",
        "document_printer": "",  # left out: the system's default
        "lang": "en_US",
        "unknown": "ignored",
    }
    write_config(paths.user_config, chosen)
    text = paths.user_config.read_text(encoding="utf-8")
    assert "window" not in text and "document_printer" not in text and "unknown" not in text
    if sys.platform != "win32":
        assert stat.S_IMODE(paths.user_config.stat().st_mode) == 0o600
    loaded = AppSettings.load(paths)
    assert loaded.device == "kiosk" and loaded.kiosk_password == 'p"w\\d 密码'
    assert loaded.ticket_printer == "tcp://10.0.0.9:9100" and loaded.lang == "en_US"


def test_refuses_what_it_could_not_read_back(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    with pytest.raises(ValidationError):
        write_config(paths.user_config, {"device": "toaster"})
    with pytest.raises(ValidationError):
        write_config(paths.user_config, {"window": 0})
    assert not paths.user_config.exists()
    paths.user_config.write_text('device = "toaster"\n', encoding="utf-8")
    with pytest.raises(ValidationError):
        AppSettings.load(paths)
