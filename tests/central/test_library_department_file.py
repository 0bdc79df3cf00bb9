"""The department page's approve form sends the result FILE (its script posts the raw file
with the page's cookie and CSRF token, then approves naming its hash); the CLI's
``dept approve --result-file``. Both file it in the shared materials library with its pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clerk_app.central import cli
from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.deps import SESSION_COOKIE
from clerk_app.central.routes.department_page_html import csrf_token
from clerk_app.central.routes.department_page_script import RESULT_FILE_SCRIPT, SCRIPT_CSP
from tests.central.conftest import PASSWORD
from tests.central.test_library import LICENCE, SETUP, Lib, _case, _pdf, lib  # noqa: F401
from tests.central.test_library_department import PAGE, _page_form

OCTETS = {"Content-Type": "application/octet-stream"}


def _logged_in(lib: Lib) -> str:  # noqa: F811
    """Log the page's client in as the department; its CSRF token."""
    status, _ = _page_form(lib, f"{PAGE}/login", {"username": "scjg01", "password": PASSWORD})
    assert status == 200
    return csrf_token(lib.central.client.cookies[SESSION_COOKIE])


def _in_review(lib: Lib, n: int, csrf: str) -> str:  # noqa: F811
    case = _case(lib, SETUP, n)
    assert lib.send(case).status_code == 200
    assert _page_form(lib, f"{PAGE}/cases/{case.number}/take", {"csrf": csrf})[0] == 200
    return case.number


def _upload(lib: Lib, number: str, data: bytes, csrf: str) -> object:  # noqa: F811
    headers = {**OCTETS, "X-CSRF-Token": csrf}
    url = f"{PAGE}/cases/{number}/approve/result-file"
    return lib.central.client.post(url, content=data, headers=headers)


def test_the_approve_form_shows_the_file_input_and_allows_its_script(lib: Lib) -> None:  # noqa: F811
    csrf = _logged_in(lib)
    number = _in_review(lib, 1, csrf)
    answer = lib.central.client.get(f"{PAGE}/cases/{number}")
    html = answer.text
    assert "结果文件（证照扫描件，PDF/JPEG/PNG）" in html
    assert 'type="file" id="result-file"' in html and 'name="result_file_sha256"' in html
    # hidden until the script shows it: without JavaScript the form approves without a file
    assert '<label id="result-file-label" hidden>' in html
    assert f"<script>{RESULT_FILE_SCRIPT}</script>" in html
    csp = answer.headers["Content-Security-Policy"]
    assert SCRIPT_CSP.strip("; ") in csp and "'unsafe-inline'" not in csp
    # a page without the approve form allows no script at all
    listing = lib.central.client.get(f"{PAGE}/")
    assert "script" not in listing.headers["Content-Security-Policy"]
    # the script's upload address, relative to the approve form's, is the page's route
    action = re.search(r'action="([^"]*/approve)"', html)
    assert action is not None and action.group(1) == f"{PAGE}/cases/{number}/approve"
    assert 'fetch(form.action+"/result-file",' in RESULT_FILE_SCRIPT


def test_the_page_uploads_a_file_and_approves_with_it(lib: Lib) -> None:  # noqa: F811
    csrf = _logged_in(lib)
    number = _in_review(lib, 1, csrf)
    assert _upload(lib, number, _pdf(3), "0" * 64).status_code == 400  # CSRF
    stored = _upload(lib, number, _pdf(3), csrf)
    assert stored.status_code == 200, stored.text  # type: ignore[attr-defined]
    answer = stored.json()  # type: ignore[attr-defined]
    assert (answer["pages"], answer["media_type"]) == (3, "application/pdf")
    assert lib.central.app.state.blob_store.exists(answer["sha256"])
    assert lib.count(AuditEntry, action="library.result_file") == 1
    fields = {
        "csrf": csrf,
        "result_number": "91420200MA4K8XY12Q",
        "result_material_code": LICENCE,
        "result_valid_until": "2046-11-22",
        "result_file_sha256": "not-a-hash",
    }
    status, html = _page_form(lib, f"{PAGE}/cases/{number}/approve", fields)
    assert status == 422 and "结果文件的校验值不正确" in html
    fields["result_file_sha256"] = "ab" * 32  # never uploaded
    status, html = _page_form(lib, f"{PAGE}/cases/{number}/approve", fields)
    assert status == 422 and "结果文件尚未上传" in html
    fields["result_file_sha256"] = answer["sha256"]
    status, html = _page_form(lib, f"{PAGE}/cases/{number}/approve", fields)
    assert status == 200 and "已准予" in html
    [entry] = lib.entries()
    assert (entry.sha256, entry.pages, entry.material_code) == (answer["sha256"], 3, LICENCE)


def test_a_refused_file_answers_its_reason(lib: Lib) -> None:  # noqa: F811
    csrf = _logged_in(lib)
    number = _in_review(lib, 1, csrf)
    refused = _upload(lib, number, b"PK\x03\x04 a zip, not a scan", csrf)
    assert refused.status_code == 415  # type: ignore[attr-defined]
    assert "PDF" in refused.json()["detail"]  # type: ignore[attr-defined]
    unknown = _upload(lib, "NO-SUCH-CASE", _pdf(1), csrf)
    assert unknown.status_code == 404  # type: ignore[attr-defined]
    lib.central.client.cookies.clear()
    gone = _upload(lib, number, _pdf(1), csrf)
    assert gone.status_code == 401 and "登录" in gone.json()["detail"]  # type: ignore[attr-defined]
    assert lib.count(AuditEntry, action="library.result_file") == 0


def test_the_cli_approves_with_a_result_file(
    lib: Lib,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # the CLI's blob store is the server's: the same data directory
    monkeypatch.setenv("CLERK_CENTRAL_DATA_DIR", str(tmp_path / "data"))
    db = ["--db", lib.central.url, "--user", "scjg01"]
    case = _case(lib, SETUP, 2)
    assert lib.send(case).status_code == 200
    assert cli.main(["dept", "take", case.number, *db]) == 0
    approve = ["dept", "approve", case.number, *db, "--result-number", "N-2"]
    approve += ["--material-code", LICENCE, "--result-file"]
    text = tmp_path / "licence.txt"
    text.write_text("not a scan")
    assert cli.main([*approve, str(text)]) == 2
    assert "PDF" in capsys.readouterr().err
    assert cli.main([*approve, str(tmp_path / "none.pdf")]) == 2
    assert "无法读取结果文件" in capsys.readouterr().err
    assert lib.entries() == []
    scan = tmp_path / "licence.pdf"
    scan.write_bytes(_pdf(2))
    assert cli.main([*approve, str(scan)]) == 0
    assert "结果文件已存储：2页" in capsys.readouterr().out
    [entry] = lib.entries()
    assert (entry.pages, entry.document_number) == (2, "N-2")
    assert entry.sha256 is not None and lib.central.app.state.blob_store.exists(entry.sha256)
