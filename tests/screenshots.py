"""``make screenshots``: PNGs of every main screen with the demo data at 1366×768 and
1920×1080, in out/screenshots/ (gitignored). Run under Xvfb or QT_QPA_PLATFORM=offscreen with
a CJK font installed; look at every one.

    python -m tests.screenshots [--out DIR] [--size 1366x768 ...] [--lang en_US]

With --lang the screens speak that language (resources/i18n/clerk_<lang>.ts); the files are
named <size>_<lang>_<screen>.png then.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLocale

from tests.ui.conftest import ROOT
from tests.ui.screens import SIZES, screens, start_demo_hall, stop_demo_hall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots")
    parser.add_argument("--size", action="append", default=[], help="WIDTHxHEIGHT")
    parser.add_argument("--lang", default="", help="a locale such as en_US (default: Chinese)")
    args = parser.parse_args(argv)
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.size] or list(SIZES)

    from clerk_app.ui.app import create_application
    from clerk_app.ui.forms_build import compile_forms, compile_translations

    compile_forms()  # this checkout's layouts and translations, as `make` and the tests do
    compile_translations()

    locale = QLocale(args.lang or "zh_CN")
    app = create_application(["clerk-screenshots"], locale)
    prefix = f"{args.lang}_" if args.lang else ""
    # Nobody answers questions here: closing a screen with typed work keeps it as a draft.
    from clerk_app.ui.acceptance.draft import LeaveWithDraftDialog, RestoreDraftDialog

    LeaveWithDraftDialog.ask = classmethod(lambda cls, *_a: True)  # type: ignore[method-assign,assignment]
    RestoreDraftDialog.ask = classmethod(lambda cls, *_a: False)  # type: ignore[method-assign,assignment]
    args.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        hall = start_demo_hall(Path(tmp))
        try:
            for width, height in sizes:
                for name, widget in screens(hall, (width, height)):
                    path = args.out / f"{width}x{height}_{prefix}{name}.png"
                    widget.window().grab().save(str(path))
                    written.append(path)
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            stop_demo_hall(hall)
    app.processEvents()
    print(f"{len(written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
