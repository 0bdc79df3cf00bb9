"""The counter app's settings: one object, and the one place that knows this PC's paths.

Where a value comes from, first found wins:

1. the command line (``clerk-app --server URL --hall HS01 --window 3 …``);
2. the environment, ``CLERK_<NAME>`` (``CLERK_SERVER_URL``, ``CLERK_HALL``, ``CLERK_DATA_DIR`` …);
3. the user's config file (the first-run setup writes it), then the system-wide one (IT pushes
   it to every PC; the ``.deb`` installs an empty one): TOML, the same keys as the fields below;
4. the defaults.

Paths per OS (``CLERK_CONFIG`` / ``CLERK_SYSTEM_CONFIG`` name other config files):

========== ======================================= ===================================
           Linux (统信 UOS, 麒麟, Debian …)          Windows
========== ======================================= ===================================
system     /etc/clerk-app/clerk-app.toml            %PROGRAMDATA%\\clerk-app\\clerk-app.toml
user       $XDG_CONFIG_HOME/clerk-app/clerk-app.toml %APPDATA%\\clerk-app\\clerk-app.toml
data       $XDG_DATA_HOME/clerk-app                 %LOCALAPPDATA%\\clerk-app
logs       <data>/logs                              <data>\\logs
========== ======================================= ===================================

No Qt here: the command line reads it before deciding whether to load Qt at all.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_DIR = "clerk-app"
CONFIG_FILE = "clerk-app.toml"
DeviceRole = Literal["window", "kiosk", "display", "evaluator"]


@dataclass(frozen=True, slots=True)
class AppPaths:
    """Where this PC keeps its configuration and its data (see the module's table)."""

    system_config: Path
    user_config: Path
    data_root: Path

    @property
    def log_dir(self) -> Path:
        return self.data_root / "logs"

    @property
    def config_files(self) -> list[Path]:
        """In increasing precedence (the user's file overrides the system's)."""
        return [self.system_config, self.user_config]


def platform_paths(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    home: Path | None = None,
) -> AppPaths:
    """The paths of this OS and user (arguments: to test another OS's rules)."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    home = home or Path.home()
    if platform == "win32":
        system = Path(env.get("PROGRAMDATA", "C:/ProgramData")) / APP_DIR / CONFIG_FILE
        user = Path(env.get("APPDATA", home / "AppData" / "Roaming")) / APP_DIR / CONFIG_FILE
        data = Path(env.get("LOCALAPPDATA", home / "AppData" / "Local")) / APP_DIR
    else:
        system = Path("/etc") / APP_DIR / CONFIG_FILE
        config_home = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        user = config_home / APP_DIR / CONFIG_FILE
        data = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / APP_DIR
    if env.get("CLERK_SYSTEM_CONFIG"):
        system = Path(env["CLERK_SYSTEM_CONFIG"])
    if env.get("CLERK_CONFIG"):
        user = Path(env["CLERK_CONFIG"])
    return AppPaths(system, user, data)


class AppSettings(BaseSettings):
    """What this PC is and where its server is. Build it with :meth:`load`."""

    model_config = SettingsConfigDict(env_prefix="CLERK_", extra="ignore", frozen=True)

    server_url: str = ""  # the central server, e.g. https://clerk.example.gov.cn
    hall: str = ""  # the hall's code (device modes log in to it)
    device: DeviceRole = "window"  # what this PC is: a counter window, kiosk, display, evaluator
    window: int | None = Field(default=None, ge=1, le=999)  # the window it stands at
    kiosk_user: str = ""  # the device account of a kiosk, display or evaluator
    kiosk_password: str = ""
    ticket_printer: str = ""  # ESC/POS target: tcp://HOST:9100, file:/dev/usb/lp0, "" = none
    document_printer: str = ""  # the printer notices go to ("" = the system's default)
    lang: str = ""  # zh_CN or en_US; "" = the PC's language
    data_dir: Path | None = None  # the local cache (default: the OS's per-user data folder)
    kiosk_slip_dir: Path | None = None  # PDF copies of the kiosk's slips (default: <data>/…)
    # Page sources of a window (issue 14): the 高拍仪 (a QtMultimedia camera id, "" = none)
    # and the folder a scanner's or 高拍仪's driver saves into (None = none); files already in
    # that folder when the window starts are someone else's leftovers unless scan_take_existing.
    camera_device: str = ""
    scan_folder: Path | None = None
    scan_take_existing: bool = False

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @classmethod
    def load(cls, paths: AppPaths | None = None, **given: Any) -> AppSettings:
        """The settings of this PC; ``given`` (the command line's, None = not given) first."""
        paths = paths or platform_paths()
        config = {**cls.model_config, "toml_file": paths.config_files}
        bound: type[AppSettings] = type(cls.__name__, (cls,), {"model_config": config})
        return bound(**{name: value for name, value in given.items() if value is not None})

    def data_root(self, paths: AppPaths) -> Path:
        return self.data_dir or paths.data_root

    def slip_dir(self, paths: AppPaths) -> Path:
        return self.kiosk_slip_dir or self.data_root(paths) / "kiosk-slips"

    def capture_devices(self) -> CaptureDevices:
        return CaptureDevices(self.camera_device, self.scan_folder, self.scan_take_existing)


@dataclass(frozen=True, slots=True)
class CaptureDevices:
    """Where a window takes pages from (``ui.capture.sources.sources_from_config`` builds the
    sources): the 高拍仪's camera id ("" = none) and the scanner's output folder (None)."""

    camera_device: str = ""
    scan_folder: Path | None = None
    scan_take_existing: bool = False


def write_config(path: Path, values: Mapping[str, Any], *, shared: bool = False) -> None:
    """Write ``values`` (the fields the setup chose; empty ones left out) as the TOML config
    file at ``path``, atomically: a user's file readable by that user only (it may hold a
    device password), the PC's (``shared``) by every user of the PC, who all start the app."""
    known = AppSettings.model_fields
    kept = {
        key: str(value) if isinstance(value, Path) else value
        for key, value in values.items()
        if key in known and value not in (None, "")
    }
    AppSettings.model_validate(kept)  # refuse what the app could not read back
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".clerk-app-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(b"# clerk-app configuration (docs: clerk_app/ui/app_config.py)\n")
            tomli_w.dump(kept, handle)
        os.chmod(tmp, 0o644 if shared else 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
