"""End to end: the department returns a case for 补正, then denies it; the window learns both
through its pull and prints them: the 补正材料通知书 with what to correct and by when, the
不予行政许可决定书 with the reasons and the review body and court of the item's department
(from the catalog download), read back with pypdf."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from clerk_app.central.embedded import EmbeddedServer
from clerk_app.domain.cases import CaseStatus
from clerk_app.domain.department_docs import DepartmentDocKind, latest
from clerk_app.printing.department_docs import DepartmentDoc, render_department_document
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from clerk_app.ui.print_preview import make_print_context
from tests.e2e.test_accept_decide_deliver import (  # noqa: F401  (server: the fixture)
    HUKOU,
    accept_at_window,
    department,
    server,
    window_context,
)


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join(p.extract_text() for p in pages).replace("\n", "").replace(" ", "")


def test_correction_then_denial_reach_the_window_and_print(
    server: EmbeddedServer,  # noqa: F811
    tmp_path: Path,
    qtbot: Any,
) -> None:
    store = LocalStore(tmp_path / "window.db")
    client = CentralClient(server.base_url)
    login = client.login("clerk03", "Demo@2026", 3)
    assert client.download_catalog(store) >= 45
    engine = SyncEngine(store, client, window_no=3)
    case = accept_at_window(store, HUKOU, 3, "clerk03")
    report, _ = engine.sync_once()
    assert report.applied >= 1 and report.remaining == 0
    context = window_context(store, client, login.user, 3)

    dept = department(server)
    api = f"{server.base_url}/api/v1/department/cases/{case.number}"
    assert dept.post(f"{api}/take", json={}, timeout=10).status_code == 200
    body = {
        "items": [{"material": "户口迁移申请表", "requirement": "监护人须本人签名并按手印"}],
        "working_days": 5,
    }
    returned = dept.post(f"{api}/correction", json=body, timeout=10)
    assert returned.status_code == 200, returned.text

    # the window pulls: the case is suspended and carries the request
    assert engine.pull_once() >= 1
    local = store.cases.get(case.number)
    assert local is not None and local.status is CaseStatus.SUSPENDED
    request = latest(local.department_documents, DepartmentDocKind.CORRECTION)
    assert request is not None and request.due is not None
    notice = text_of(
        render_department_document(
            DepartmentDoc.CORRECTION_NOTICE, local, make_print_context(context)
        )
    )
    assert "补正材料通知书" in notice and "监护人须本人签名并按手印" in notice
    assert f"{request.due.year}年{request.due.month}月{request.due.day}日前" in notice

    # the applicant corrected; the department resumes and then denies
    assert dept.post(f"{api}/resume", json={"note": "补正材料已收到"}, timeout=10).ok
    reason = "经核查，监护人与子女的户籍关系证明不能证明法定监护关系，不符合随迁条件"
    denied = dept.post(
        f"{api}/deny", json={"reason": reason, "result_number": "黄公户不许〔2026〕3号"}, timeout=10
    )
    assert denied.status_code == 200, denied.text
    assert engine.pull_once() >= 1
    local = store.cases.get(case.number)
    assert local is not None and local.status is CaseStatus.RESULT_READY
    decision = text_of(
        render_department_document(
            DepartmentDoc.DENIAL_DECISION, local, make_print_context(context)
        )
    )
    assert "不予行政许可决定书" in decision and "黄公户不许〔2026〕3号" in decision
    assert "不符合随迁条件" in decision and "第三十八条" in decision
    # 黄石市公安局's review body, from its catalog record; the court is the hall's
    assert "六十日内向黄石市人民政府申请行政复议" in decision
    assert "六个月内直接向黄石市黄石港区人民法院提起行政诉讼" in decision
    store.close()
