"""A department's result enters the shared materials library from its page's approve form
and from ``clerk-central dept approve``; a view of an entry's file is logged."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from clerk_app.central import cli
from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.library_models import LibraryUse
from clerk_app.central.models import Staff
from clerk_app.central.services import library
from clerk_app.central.services.auth import user_of
from tests.central.conftest import ID_ZHANG, PASSWORD
from tests.central.test_library import LICENCE, SETUP, Lib, _case, lib  # noqa: F401

PAGE = "/api/v1/department-page"


def _page_form(lib: Lib, url: str, fields: dict[str, str]) -> tuple[int, str]:  # noqa: F811
    answer = lib.central.client.post(
        url,
        content=urlencode(fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    return answer.status_code, answer.text


def test_the_page_approve_form_files_the_result(lib: Lib) -> None:  # noqa: F811
    case = _case(lib, SETUP, 1)
    assert lib.send(case).status_code == 200
    status, html = _page_form(lib, f"{PAGE}/login", {"username": "scjg01", "password": PASSWORD})
    assert status == 200 and 'name="result_material_code"' not in html  # the list first
    token = html.split('name="csrf" value="', 1)[1][:64]
    base = f"{PAGE}/cases/{case.number}"
    assert _page_form(lib, f"{base}/take", {"csrf": token})[0] == 200
    page = lib.central.client.get(base).text
    assert 'name="result_material_code"' in page and 'name="result_valid_until"' in page
    bad = {"csrf": token, "result_number": "N1", "result_valid_until": "明年"}
    status, html = _page_form(lib, f"{base}/approve", bad)
    assert status == 422 and "有效期至应为日期" in html
    fields = {
        "csrf": token,
        "result_number": "91420200MA4K8XY12Q",
        "result_material_code": LICENCE,
        "result_valid_until": "2046-11-22",
        "result_issuer": "黄石市行政审批局",
    }
    assert _page_form(lib, f"{base}/approve", fields)[0] == 200
    [entry] = lib.entries()
    assert (entry.material_code, entry.valid_until, entry.issuer, entry.origin) == (
        LICENCE,
        date(2046, 11, 22),
        "黄石市行政审批局",
        "issued",
    )


def test_the_cli_approve_files_the_result_and_a_view_is_logged(lib: Lib) -> None:  # noqa: F811
    db = ["--db", lib.central.url, "--user", "scjg01"]
    setup = _case(lib, SETUP, 2)
    assert lib.send(setup).status_code == 200
    assert cli.main(["dept", "take", setup.number, *db]) == 0
    approve = ["--result-number", "N-2", "--material-code", "NOPE"]
    assert cli.main(["dept", "approve", setup.number, *db, *approve]) == 2
    approve = ["--result-number", "N-2", "--material-code", LICENCE, "--valid-until", "2030-01-01"]
    assert cli.main(["dept", "approve", setup.number, *db, *approve]) == 0
    [entry] = lib.entries()
    assert (entry.document_number, entry.valid_until) == ("N-2", date(2030, 1, 1))
    assert entry.issuer == "黄石市市场监督管理局"
    engine, session = lib.session()
    try:
        staff = session.scalars(select(Staff).where(Staff.username == "scjg01")).one()
        library.log_view(session, user_of(staff, None), entry.entry_id, setup.number)
        session.commit()
        [use] = session.scalars(select(LibraryUse)).all()
        assert (use.kind, use.used_by, use.case_number, use.line_no) == (
            "view",
            "scjg01",
            setup.number,
            None,
        )
    finally:
        session.close()
        engine.dispose()


def test_an_admin_revokes_an_entry_from_the_cli(
    lib: Lib,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = lib.add_entry(valid_until=date(2020, 1, 1))
    db = ["--db", lib.central.url]
    show = ["library", "show", *db, "--user", "hs01_admin", "--id-number", ID_ZHANG]
    assert cli.main(show) == 0
    out = capsys.readouterr().out
    assert entry in out and "（已过期）" in out and ID_ZHANG not in out
    assert cli.main(["library", "revoke", entry, *db, "--user", "clerk01", "--reason", "x"]) == 2
    revoke = ["library", "revoke", entry, *db, "--user", "hs01_admin", "--reason", "证照已注销"]
    assert cli.main(revoke) == 0
    assert cli.main(revoke) == 2  # once
    assert "已于" in capsys.readouterr().out
    assert lib.lookup().json()["entries"] == []
    assert lib.count(AuditEntry, action="library.revoke") == 1
