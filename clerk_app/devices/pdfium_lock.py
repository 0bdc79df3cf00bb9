"""One lock for every call into PDFium in the window's process: PDFium is not thread-safe, and
the capture's thumbnails (a pool thread) and the print preview (another) may render at once."""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
