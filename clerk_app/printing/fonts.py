"""The CJK font every document embeds (WenQuanYi Micro Hei, a TrueType collection).

A printed notice must look the same on every PC and in the archive, so the font is always
embedded (reportlab subsets a TrueType font into the PDF as FontFile2). We never fall back to
reportlab's built-in CID fonts (STSong-Light …): those are not embedded and print as boxes or
in a substitute font on a machine without them.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

CJK_FONT_NAME = "WenQuanYiMicroHei"
FONT_ENV_VAR = "CLERK_CJK_FONT"
DEBIAN_PACKAGE = "fonts-wqy-microhei"

# Where Debian/Ubuntu, Fedora, Arch and a Windows install (fonts copied next to the app or
# installed per user) put the font. The first that exists wins; CLERK_CJK_FONT comes first.
KNOWN_FONT_PATHS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc"),
    Path("/usr/share/fonts/TTF/wqy-microhei.ttc"),
    Path("/usr/local/share/fonts/wqy-microhei.ttc"),
    Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc",
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts" / "wqy-microhei.ttc",
)


class FontNotFoundError(RuntimeError):
    """No usable CJK TrueType font: printing cannot produce a correct notice."""


_lock = threading.Lock()
_registered: Path | None = None


def candidate_paths() -> list[Path]:
    env = os.environ.get(FONT_ENV_VAR, "").strip()
    paths = [Path(env).expanduser()] if env else []
    return [*paths, *KNOWN_FONT_PATHS]


def find_cjk_font() -> Path:
    for path in candidate_paths():
        if path.is_file():
            return path
    tried = "\n  ".join(str(p) for p in candidate_paths())
    raise FontNotFoundError(
        "找不到打印所需的中文字体文泉驿微米黑（WenQuanYi Micro Hei）。"
        f"请安装 Debian/Ubuntu 软件包 {DEBIAN_PACKAGE}"
        f"（sudo apt-get install {DEBIAN_PACKAGE}），"
        f"或设置环境变量 {FONT_ENV_VAR} 指向 wqy-microhei.ttc。已查找：\n  {tried}"
    )


def register_cjk_font() -> str:
    """Register the embedded CJK font once per process and return its reportlab name."""
    global _registered
    if _registered is not None:
        return CJK_FONT_NAME
    with _lock:
        if _registered is None:
            path = find_cjk_font()
            try:
                font = TTFont(CJK_FONT_NAME, str(path), subfontIndex=0)
            except Exception as exc:  # a truncated or non-TrueType file
                raise FontNotFoundError(
                    f"字体文件 {path} 无法读取（{exc}）。请重新安装软件包 {DEBIAN_PACKAGE}，"
                    f"或用环境变量 {FONT_ENV_VAR} 指定正确的 wqy-microhei.ttc。"
                ) from exc
            _memoize_subsets(font)
            pdfmetrics.registerFont(font)
            _registered = path
    return CJK_FONT_NAME


def _memoize_subsets(font: TTFont) -> None:
    """Cache the subset font programs reportlab builds for each document.

    Building a subset of the 5 MB collection is the single largest cost of a notice (about
    8 ms); documents of one kind use nearly the same characters, so the same subsets recur.
    """
    face = font.face
    original: Callable[[Sequence[int]], bytes] = face.makeSubset
    cache: OrderedDict[tuple[int, ...], bytes] = OrderedDict()
    cache_lock = threading.Lock()

    def make_subset(subset: Sequence[int]) -> bytes:
        key = tuple(subset)
        with cache_lock:
            data = cache.get(key)
            if data is not None:
                cache.move_to_end(key)
                return data
        data = original(subset)
        with cache_lock:
            cache[key] = data
            if len(cache) > 128:  # about 40 kB each
                cache.popitem(last=False)
        return data

    vars(face)["makeSubset"] = make_subset  # this face's own, ahead of the class's method
