"""Which files a case may carry: the type told by the file's first bytes, never by its name.

Both sides check: the counter before it queues a file, the server when the first chunk and
the whole file arrive. A refusal is a sentence for the clerk.
"""

from __future__ import annotations

import filetype

# What a department's viewer shows: scans as PDF, camera pages as JPEG or PNG.
ALLOWED_MEDIA_TYPES: dict[str, str] = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}
# Enough of the head for every signature filetype knows of these three types.
HEAD_BYTES = 262


def sniff_media_type(head: bytes) -> str | None:
    """The media type the bytes are (by magic numbers), or None when unknown."""
    kind = filetype.guess(head[:HEAD_BYTES])
    return kind.mime if kind is not None else None


def file_refusal(head: bytes, size: int, limit: int, declared: str | None = None) -> str | None:
    """Why a file of ``size`` bytes starting with ``head`` may not be attached, or None."""
    if size <= 0:
        return "文件是空的"
    if size > limit:
        return f"文件过大（{size / 1048576:.1f} MB），单个材料不能超过{limit / 1048576:.0f} MB"
    actual = sniff_media_type(head)
    if actual not in ALLOWED_MEDIA_TYPES:
        return "文件不是PDF、JPEG或PNG（按文件内容判断，与扩展名无关）"
    if declared is not None and declared != actual:
        return (
            f"文件内容是{ALLOWED_MEDIA_TYPES[actual]}，"
            f"与声明的类型{ALLOWED_MEDIA_TYPES.get(declared, declared)}不符"
        )
    return None
