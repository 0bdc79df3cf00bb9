"""Package the frozen one-folder build (dist/clerk-app) as a .deb for Debian-based desktops
(统信 UOS, 银河麒麟, Debian, Ubuntu). Run by ``make dist``; needs dpkg-deb (and fakeroot when
not root).

    python installer/make_deb.py [--frozen dist/clerk-app] [--out dist] [--version 0.1.0]

Layout: the program in /opt/clerk-app, ``clerk-app`` on the PATH (/usr/bin symlink), a desktop
entry and icon, and the PC-wide config file /etc/clerk-app/clerk-app.toml (a conffile: an
upgrade keeps what IT wrote in it). Each user's local cache (~/.local/share/clerk-app: cases
not yet synced, the device key) is never touched by an install, upgrade or removal; a purge
deletes it with the config, since a decommissioned PC must not keep citizens' data, except a
cache holding work the central server has not got (outbox operations to push or refused,
captured files not uploaded): that one stays, and the purge says where, how many items, and
what to do (log in once with the network, or hand the folder to IT).

Who can tell: the program itself (``clerk-app cache-status --count --path DIR``, exit 0 when
all is synced). It is gone by the time postrm runs, so prerm (on remove) records its answer
for every cache in /var/lib/clerk-app/unsynced and warns; postrm purge uses that record, else
``sqlite3`` if the PC has it, else keeps the cache (fail safe). A cache without any store
holds no case and goes.
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

# The users whose caches the maintainer scripts look at: root and the ordinary accounts.
_HOMES = (
    """awk -F: '($3 == 0 || $3 >= 1000) && $6 != "" { print $6 }' "${DPKG_ROOT:-}/etc/passwd\""""
)

# Shared by prerm and postrm: how many unsynced items a cache holds, "?" when nothing can tell.
# The program's own check first (only present before removal), then what prerm recorded with
# it (nothing can sync after the program is gone, so the record stays true), then sqlite3.
_UNSYNCED_COUNT = r"""
APP="${DPKG_ROOT:-}/opt/clerk-app/clerk-app"
RECORD="${DPKG_ROOT:-}/var/lib/clerk-app/unsynced"
is_count() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; }
app_count() {
    [ -x "$APP" ] || { echo "?"; return; }
    count=$("$APP" cache-status --count --path "$1" 2>/dev/null) || true
    is_count "$count" && echo "$count" || echo "?"
}
recorded_count() {
    [ -f "$RECORD" ] || { echo "?"; return; }
    count=$(awk -v dir="$1" '{ n = $1; sub(/^[^ ]* /, ""); if ($0 == dir) { print n; exit } }' \
        "$RECORD")
    is_count "$count" && echo "$count" || echo "?"
}
sqlite_count() {
    command -v sqlite3 >/dev/null || { echo "?"; return; }
    find "$1" -type f -name local.sqlite3 | {
        total=0
        while read -r db; do
            count=$(sqlite3 -readonly "$db" "SELECT
                (SELECT count(*) FROM outbox WHERE state IN ('pending', 'rejected')) +
                (SELECT count(*) FROM attachments WHERE state = 'pending')" 2>/dev/null) || true
            is_count "$count" || { echo "?"; exit 0; }  # leaves this pipe's subshell only
            total=$((total + count))
        done
        echo "$total"
    }
}
unsynced_count() {
    count=$(app_count "$1")
    [ "$count" = "?" ] && count=$(recorded_count "$1")
    [ "$count" = "?" ] && count=$(sqlite_count "$1")
    echo "$count"
}
"""

# Removal only warns (dpkg cannot ask); it records each cache's count for the purge, when the
# program that can read the store is about to go.
PRERM = f"""\
#!/bin/sh
set -e
{_UNSYNCED_COUNT}
if [ "$1" = remove ]; then
    mkdir -p "$(dirname "$RECORD")"
    : > "$RECORD"
    {_HOMES} |
    while read -r home; do
        cache="$home/.local/share/clerk-app"
        [ -d "${{DPKG_ROOT:-}}$cache" ] || continue
        count=$(app_count "${{DPKG_ROOT:-}}$cache")
        echo "$count ${{DPKG_ROOT:-}}$cache" >> "$RECORD"
        if [ "$count" = "?" ]; then
            echo "clerk-app: 注意：无法检查 $cache 中的数据是否都已同步到中心服务器。" >&2
            echo "clerk-app: warning: could not check whether $cache is synced." >&2
        elif [ "$count" != 0 ]; then
            echo "clerk-app: 注意：$cache 中有 $count 项数据尚未同步到中心服务器" >&2
            echo "    （该目录会保留，清除时也不删除）。" >&2
            echo "    请重新安装本程序，用该用户登录一次并连接网络完成同步。" >&2
            echo "clerk-app: warning: $cache holds $count items not yet synced to the" >&2
            echo "    central server (the folder stays, a purge keeps it too); reinstall" >&2
            echo "    and log in once as that user with the network up so they sync." >&2
        fi
    done
fi
exit 0
"""

# Purge: the users' local caches go too (personal data must not stay on a retired PC), except
# one that holds work the server has not got, or whose state nothing can tell: that one stays,
# with a message saying where and what to do.
POSTRM = f"""\
#!/bin/sh
set -e
{_UNSYNCED_COUNT}
if [ "$1" = purge ]; then
    rm -rf "${{DPKG_ROOT:-}}/etc/clerk-app"
    {_HOMES} |
    while read -r home; do
        cache="$home/.local/share/clerk-app"
        rm -rf "${{DPKG_ROOT:-}}$home/.config/clerk-app"
        [ -d "${{DPKG_ROOT:-}}$cache" ] || continue
        if [ -z "$(find "${{DPKG_ROOT:-}}$cache" -type f -name local.sqlite3)" ]; then
            count=0  # no store, no cases: nothing to lose
        else
            count=$(unsynced_count "${{DPKG_ROOT:-}}$cache")
        fi
        if [ "$count" = 0 ]; then
            rm -rf "${{DPKG_ROOT:-}}$cache"
            continue
        fi
        if [ "$count" = "?" ]; then
            echo "clerk-app: 已保留 $cache：无法确认其中的案件是否都已同步到中心服务器。" >&2
            echo "clerk-app: kept $cache: could not tell whether its cases all reached the" >&2
            echo "    central server (neither the program nor sqlite3 could read it)." >&2
        else
            echo "clerk-app: 已保留 $cache：" >&2
            echo "    其中有 $count 项数据（受理的案件或材料）尚未同步到中心服务器。" >&2
            echo "clerk-app: kept $cache: it holds $count items (accepted cases or captured" >&2
            echo "    files) not yet synced to the central server." >&2
        fi
        echo "    处理办法：重新安装本程序，用该用户登录一次并连接网络，待同步完成后再清除；" >&2
        echo "    或将该目录交信息科（IT）导出处理。确认不再需要后可手工删除该目录。" >&2
        echo "    What to do: reinstall, log in once as that user with the network up so it" >&2
        echo "    syncs, then purge again; or hand the folder to IT. Delete it by hand only" >&2
        echo "    once it is no longer needed." >&2
    done
    rm -rf "${{DPKG_ROOT:-}}/var/lib/clerk-app"
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
    _write(control / "prerm", PRERM, 0o755)
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
