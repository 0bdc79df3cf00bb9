"""One lock for every call into PDFium in the process: PDFium is not thread-safe, and in one
process the window's capture thumbnails (a pool thread), its print preview (another), the
bundle hand-out's merged PDF and, in demo mode, the embedded server's page views and page counts
(its request threads) may all call it at once. It lives at the package's top so the server, which
imports no counter-side module, shares the same lock."""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
