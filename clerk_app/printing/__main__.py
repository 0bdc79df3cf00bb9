"""Render a sample document: ``python -m clerk_app.printing DOC --out FILE.pdf``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from clerk_app.printing.documents import DocType
from clerk_app.printing.fonts import FontNotFoundError
from clerk_app.printing.samples import render_sample
from clerk_app.printing.templates import TemplateError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clerk_app.printing", description="打印样张")
    parser.add_argument("doc", help="文书类型：" + "、".join(d.value for d in DocType))
    parser.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")
    args = parser.parse_args(argv)
    try:
        render_sample(args.doc, args.out)
    except (ValueError, TemplateError, FontNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
