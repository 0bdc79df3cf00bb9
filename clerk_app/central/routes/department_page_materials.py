"""The HTML of the department page's materials (routes/department_page.py): the case's lines
with their files on the case page, and the viewer: the lines on the left, the open file's page
thumbnails, one page large with previous/next, the original file, and 不清晰，退回补正 for the
page shown. No script: every page, thumbnail and move is a link; the images are served by the
page's own routes under its cookie (the page's CSP allows images from itself only)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

from fastapi import Request

from clerk_app.central.services.auth import CHINA_TZ
from clerk_app.contract.attachments import (
    AttachmentFileOut,
    CaseMaterialsOut,
    FileState,
    MaterialLineOut,
)
from clerk_app.domain.cases import CaseStatus

VIEWER_CSS = """
.viewer{display:grid;grid-template-columns:300px 118px 1fr;gap:12px;align-items:start}
.lines{background:#fff;border:1px solid #d0d3d8;padding:6px 10px;max-height:80vh;overflow:auto}
.lines h4{margin:10px 0 4px;font-size:14px}.lines ul{margin:0;padding-left:16px}
.lines li{margin:3px 0;font-size:14px}.lines a.current{font-weight:bold;color:#1d1d1f}
.thumbs{display:flex;flex-direction:column;gap:8px;max-height:80vh;overflow:auto}
.thumbs a{display:block;border:2px solid transparent;background:#fff;text-align:center;
font-size:12px;color:#555;text-decoration:none}
.thumbs a.current{border-color:#a3140d;color:#a3140d}.thumbs img{max-width:100px;display:block;
margin:2px auto}
.page{background:#fff;border:1px solid #d0d3d8;padding:8px}
.page img{max-width:100%;display:block;margin:8px auto;border:1px solid #d0d3d8}
.pager{display:flex;gap:16px;align-items:center}.pager .disabled{color:#999}
.muted{color:#777}.purged{color:#8a0f09}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _when(file: AttachmentFileOut) -> str:
    return f"{file.captured_at.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}"


def _size(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(size // 1024, 1)} KB"


def viewer_url(base: str, *, file: str = "", entry: str = "", page: int = 1) -> str:
    """The viewer on one file's (or library entry's) page."""
    query = {"file": file} if file else {"entry": entry}
    return f"{base}?{urlencode({**query, 'page': page})}"


def materials_table(request: Request, materials: CaseMaterialsOut, viewer: str) -> str:
    """The case page's section: every line, its files, and a link into the viewer."""
    stored = any(f.state is FileState.STORED for line in materials.lines for f in line.files)
    opener = f'<small><a href="{_e(viewer)}">打开查看器</a></small>' if stored else ""
    rows = []
    for line in materials.lines:
        cells = [_file_cell(f, viewer) for f in line.files]
        if line.library is not None:
            cells.append(_library_cell(line, viewer))
        rows.append(
            f"<tr><td>{line.line_no + 1}</td><td>{_e(line.material_name)}"
            f"<br><small class=muted>{_e(line.material_code)}</small></td>"
            f"<td>{_e(line.state_label)}</td><td>{line.pages or '—'}</td>"
            f"<td>{'<br>'.join(cells) or '<span class=muted>无电子件</span>'}</td></tr>"
        )
    return (
        f"<h3>电子材料 {opener}</h3>"
        "<table><thead><tr><th>序号</th><th>材料</th><th>收件</th>"
        "<th>页数</th><th>文件（采集人、时间）</th></tr></thead><tbody>"
        + ("".join(rows) or '<tr><td colspan="5">没有材料</td></tr>')
        + "</tbody></table>"
    )


def _file_cell(file: AttachmentFileOut, viewer: str) -> str:
    about = f"{file.pages}页，{_size(file.size)}，{_e(file.captured_by)} {_when(file)}采集"
    if file.state is FileState.STORED:
        link = f'<a href="{_e(viewer_url(viewer, file=file.upload_id))}">{_e(file.file_name)}</a>'
        return f"{link} <small class=muted>{about}</small>"
    css = "purged" if file.state is FileState.PURGED else "muted"
    return (
        f"{_e(file.file_name)} <small class={css}>{_e(file.state_label)}</small> "
        f"<small class=muted>{about}</small>"
    )


def _library_cell(line: MaterialLineOut, viewer: str) -> str:
    library = line.library
    assert library is not None
    label = f"{library.label}（来源案件{library.source_case}，{library.pages}页）"
    if not library.available:
        return f"{_e(label)} <small class=muted>无文件</small>"
    url = viewer_url(viewer, entry=library.entry_id)
    return f'<a href="{_e(url)}">{_e(label)}</a>'


def viewer_body(
    *,
    materials: CaseMaterialsOut,
    viewer: str,
    case_url: str,
    shown: AttachmentFileOut | None,
    entry: MaterialLineOut | None,
    page: int,
    image_url: Callable[[int, bool], str],
    file_url: str,
    unreadable_form: str,
    msg: str,
) -> str:
    """The viewer: lines, thumbnails of the shown file, the page large, the action."""
    pages = (
        shown.pages
        if shown is not None
        else (entry.library.pages if entry and entry.library else 1)
    )
    title = shown.file_name if shown is not None else "共享库调取"
    lines = _line_list(materials, viewer, shown, entry)
    thumbs = "".join(
        f'<a href="{_e(_move(viewer, shown, entry, n))}"'
        f"{' class=current' if n == page else ''}>"
        f'<img src="{_e(image_url(n, True))}" alt="第{n}页" loading="lazy">'
        f"{n}</a>"
        for n in range(1, pages + 1)
    )
    prev = (
        f'<a href="{_e(_move(viewer, shown, entry, page - 1))}">← 上一页</a>'
        if page > 1
        else '<span class="disabled">← 上一页</span>'
    )
    nxt = (
        f'<a href="{_e(_move(viewer, shown, entry, page + 1))}">下一页 →</a>'
        if page < pages
        else '<span class="disabled">下一页 →</span>'
    )
    original = f'<a href="{_e(file_url)}" target="_blank">打开原文件</a>' if file_url else ""
    pager = f'<div class="pager">{prev}<b>第 {page} / {pages} 页</b>{nxt}{original}</div>'
    large = f'<img src="{_e(image_url(page, False))}" alt="{_e(title)} 第{page}页">'
    return (
        f'<p><a href="{_e(case_url)}">← 返回案件 {_e(materials.case_number)}</a></p>'
        f"<h2>案件 {_e(materials.case_number)} · 电子材料</h2>{msg}"
        f'<div class="viewer"><nav class="lines" aria-label="材料清单">{lines}</nav>'
        f'<div class="thumbs" aria-label="缩略图">{thumbs}</div>'
        f'<section class="page"><h3>{_e(title)}</h3>{pager}{unreadable_form}{large}{pager}'
        "</section></div>"
    )


def _move(
    viewer: str, shown: AttachmentFileOut | None, entry: MaterialLineOut | None, page: int
) -> str:
    if shown is not None:
        return viewer_url(viewer, file=shown.upload_id, page=page)
    assert entry is not None and entry.library is not None
    return viewer_url(viewer, entry=entry.library.entry_id, page=page)


def _line_list(
    materials: CaseMaterialsOut,
    viewer: str,
    shown: AttachmentFileOut | None,
    entry: MaterialLineOut | None,
) -> str:
    parts = []
    for line in materials.lines:
        items = []
        for f in line.files:
            if f.state is not FileState.STORED:
                items.append(f"<li class=muted>{_e(f.file_name)}（{_e(f.state_label)}）</li>")
                continue
            current = (
                " class=current" if shown is not None and f.upload_id == shown.upload_id else ""
            )
            url = viewer_url(viewer, file=f.upload_id)
            items.append(
                f'<li><a href="{_e(url)}"{current}>{_e(f.file_name)}</a> '
                f"<small class=muted>{f.pages}页</small></li>"
            )
        if line.library is not None and line.library.available:
            current = " class=current" if entry is line else ""
            url = viewer_url(viewer, entry=line.library.entry_id)
            items.append(f'<li><a href="{_e(url)}"{current}>{_e(line.library.label)}</a></li>')
        body = "".join(items) or "<li class=muted>无电子件</li>"
        parts.append(f"<h4>{line.line_no + 1}. {_e(line.material_name)}</h4><ul>{body}</ul>")
    return "".join(parts) or "<p class=muted>没有材料</p>"


def unreadable_fields(materials: CaseMaterialsOut, upload_id: str, page: int) -> str | None:
    """The fields of 不清晰，退回补正 for the page shown (None unless the case is in review)."""
    if materials.status != CaseStatus.IN_REVIEW.value:
        return None
    return (
        f'<input type="hidden" name="version" value="{materials.version}">'
        f'<input type="hidden" name="upload_id" value="{_e(upload_id)}">'
        f'<input type="hidden" name="page" value="{page}">'
        '<label>不清晰的原因 <input type="text" name="reason" size="30" maxlength="200" '
        'required placeholder="如：印章模糊、缺页、反光"></label>'
        '<label>补正期限 <input type="number" name="working_days" min="1" max="60" '
        'value="10" required> 个工作日</label>'
    )
