"""Package the frozen one-folder build (dist/clerk-app) as a .deb for Debian-based desktops
(统信 UOS, 银河麒麟, Debian, Ubuntu). Run by ``make dist``; needs dpkg-deb (and fakeroot when
not root).

    python installer/make_deb.py [--frozen dist/clerk-app] [--out dist] [--version 0.1.0]

Layout: the program in /opt/clerk-app, ``clerk-app`` on the PATH (/usr/bin symlink), a desktop
entry and icon, and the PC-wide config file /etc/clerk-app/clerk-app.toml (a conffile: an
upgrade keeps what IT wrote in it). Each user's local cache (~/.local/share/clerk-app: cases
not yet synced, the device key) is never touched by an install, upgrade or removal; a purge
deletes it with the config, since a decommissioned PC must not keep citizens' data.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version as installed_version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "clerk-app"
# What the frozen Qt needs from the system (the rest is inside the build); fonts for the screen.
DEPENDS = (
    "libegl1, libgl1, libfontconfig1, libfreetype6, libdbus-1-3, libxkbcommon0, "
    "libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, "
    "libxcb-image0, libxcb-render-util0, libxcb-xinerama0, libxcb-randr0, libxcb-xfixes0"
)
RECOMMENDS = "fonts-wqy-microhei, libpulse0"

DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=Comprehensive Window
Name[zh_CN]=综合窗口受理系统
Comment=Counter application of the government service hall
Comment[zh_CN]=政务服务大厅综合窗口受理
Exec=/opt/clerk-app/clerk-app
Icon=clerk-app
Terminal=false
Categories=Office;
StartupWMClass=clerk-app
"""

SYSTEM_CONFIG = """\
# clerk-app: this PC's configuration, for every user of it (a user's own
# ~/.config/clerk-app/clerk-app.toml overrides it; CLERK_* variables override both).
# Left empty, the first start shows the setup dialog. IT can fill it in instead, e.g.:
#   server_url = "https://clerk.example.gov.cn"
#   device = "window"            # window, kiosk, display or evaluator
#   window = 3
#   hall = "HS01"
#   ticket_printer = "tcp://10.0.0.9:9100"
#   document_printer = "HP-LaserJet"
#   lang = "zh_CN"
# or run: sudo clerk-app setup --system --server URL --device window --window 3
"""

POSTINST = """\
#!/bin/sh
set -e
if [ "$1" = configure ] && [ -z "${DPKG_ROOT:-}" ]; then
    command -v update-desktop-database >/dev/null && update-desktop-database -q || true
    command -v gtk-update-icon-cache >/dev/null && \\
        gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
"""

# Purge: the users' local caches go too (personal data must not stay on a retired PC).
POSTRM = """\
#!/bin/sh
set -e
if [ "$1" = purge ]; then
    rm -rf "${DPKG_ROOT:-}/etc/clerk-app"
    awk -F: '($3 == 0 || $3 >= 1000) && $6 != "" { print $6 }' "${DPKG_ROOT:-}/etc/passwd" |
    while read -r home; do
        rm -rf "${DPKG_ROOT:-}$home/.local/share/clerk-app" "${DPKG_ROOT:-}$home/.config/clerk-app"
    done
fi
exit 0
"""


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def _libc_dependency() -> str:
    """The frozen interpreter needs at least the glibc it was built against: a PC with an older
    one (UOS 20 has 2.28) is refused by dpkg instead of crashing (build on the oldest target)."""
    name, version = platform.libc_ver()
    return f"libc6 (>= {version})" if name == "glibc" and version else "libc6"


def _installed_size_kib(folder: Path) -> int:
    files = (f for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return sum(f.stat().st_size for f in files) // 1024 + 1


def stage(frozen: Path, staging: Path, version: str) -> None:
    """The package's file tree and control files in ``staging``."""
    shutil.copytree(frozen, staging / "opt" / PACKAGE, symlinks=True)
    (staging / "usr" / "bin").mkdir(parents=True)
    (staging / "usr" / "bin" / PACKAGE).symlink_to(f"/opt/{PACKAGE}/{PACKAGE}")
    _write(staging / "usr" / "share" / "applications" / f"{PACKAGE}.desktop", DESKTOP_ENTRY)
    icon = staging / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
    icon.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / f"{PACKAGE}.svg", icon / f"{PACKAGE}.svg")
    _write(staging / "etc" / PACKAGE / f"{PACKAGE}.toml", SYSTEM_CONFIG)
    control = staging / "DEBIAN"
    _write(
        control / "control",
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        "Architecture: amd64\n"
        "Maintainer: clerk-app developers <clerk-app@localhost>\n"
        f"Installed-Size: {_installed_size_kib(staging)}\n"
        f"Depends: {_libc_dependency()}, {DEPENDS}\n"
        f"Recommends: {RECOMMENDS}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: comprehensive-window counter application (综合窗口受理系统)\n"
        " The counter clerk's application of a government service hall, with the ticket\n"
        " kiosk, hall display and rating screen modes. Talks to the hall's central server.\n",
    )
    _write(control / "conffiles", f"/etc/{PACKAGE}/{PACKAGE}.toml\n")
    _write(control / "postinst", POSTINST, 0o755)
    _write(control / "postrm", POSTRM, 0o755)


def build(frozen: Path, out: Path, version: str, compression: str = "gzip") -> Path:
    """Stage and build ``out/clerk-app_VERSION_amd64.deb``; returns its path."""
    if not (frozen / PACKAGE).is_file():
        raise SystemExit(f"no frozen build at {frozen} (run pyinstaller installer/clerk_app.spec)")
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"{PACKAGE}_{version}_amd64.deb"
    with tempfile.TemporaryDirectory(prefix="clerk-deb-") as tmp:
        staging = Path(tmp) / "root"
        stage(frozen, staging, version)
        command = ["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build"]
        if os.geteuid() != 0 and shutil.which("fakeroot"):
            command.insert(0, "fakeroot")
        subprocess.run([*command, str(staging), str(deb)], check=True, stdout=subprocess.DEVNULL)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / PACKAGE)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--version", default=installed_version(PACKAGE))
    parser.add_argument("--compression", default="gzip", choices=("gzip", "xz", "zstd", "none"))
    args = parser.parse_args(argv)
    deb = build(args.frozen, args.out, args.version, args.compression)
    print(f"built {deb.relative_to(ROOT) if deb.is_relative_to(ROOT) else deb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
