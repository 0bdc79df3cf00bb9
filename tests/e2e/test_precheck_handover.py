"""Issue 11 end to end, two counter PCs and the server: the help desk pre-checks a 户口迁移 and
takes a ticket linked to it; the window calls the ticket, its acceptance starts from the
pre-check, the case is made and the pre-check closes as accepted; the supervisor counts it.
Then the same with the network down between the help desk and the server: the QR on the
preparation list rebuilds the pre-check at the window."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import requests

from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.domain.cases import MaterialState
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.precheck import (
    Finding,
    ItemRef,
    MaterialFinding,
    Precheck,
    PrecheckStatus,
    desk_code,
)
from clerk_app.domain.precheck_acceptance import PRECHECKED, acceptance_draft
from clerk_app.printing.preparation_list import HallInfo
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from clerk_app.sync.prechecks import CentralPrechecks, PrecheckDesk, ticket_issuer
from clerk_app.sync.queue_client import QueueClient

HUKOU = "420200-XK-0301-01"  # queue POLICE, served at window 11 by clerk05
PASSWORD = "Demo@2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    db = tmp_path_factory.mktemp("central") / "central.db"
    srv = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield srv
    srv.stop()


class Pc:
    """A counter PC: its store, its login, its sync engine and its pre-check desk."""

    def __init__(self, server: EmbeddedServer, path: Path, user: str, window: int | None) -> None:
        self.store = LocalStore(path)
        self.client = CentralClient(server.base_url)
        self.login = self.client.login(user, PASSWORD, window)
        self.client.download_catalog(self.store)
        hall = self.client.hall_config("HS01")
        self.secret = hall.progress_secret or ""
        self.engine = SyncEngine(self.store, self.client, window_no=window)
        self.queue = QueueClient(self.client, "HS01")
        self.desk = PrecheckDesk(
            self.store,
            hall_code="HS01",
            desk=desk_code(window, user, ["helpdesk01", "helpdesk02"]),
            secret=self.secret,
            hall=HallInfo(hall.hall.name, hall.hall.address),
            printed_by=self.login.user.display_name,
            open_days=hall.hall.precheck_open_days,
            server=CentralPrechecks(self.client),
            issue=ticket_issuer(self.queue),
        )

    def close(self) -> None:
        self.store.close()


def pre_check(pc: Pc, findings: dict[str, Finding]) -> Precheck:
    item = pc.store.catalog.item(HUKOU)
    assert item is not None
    now = hall_now()
    return Precheck(
        number=pc.desk.new_number(),
        hall_code="HS01",
        item_refs=(ItemRef(item.code, item.version),),
        scenario_code="BUY",
        findings=tuple(MaterialFinding(code, f) for code, f in findings.items()),
        checked_by=pc.login.user.username,
        created_at=now,
        open_until=now.date(),
    )


def all_brought(pc: Pc) -> dict[str, Finding]:
    item = pc.store.catalog.item(HUKOU)
    assert item is not None
    return {m.code: Finding.BROUGHT for m in item.checklist("BUY") if m.required}


def server_precheck(server: EmbeddedServer, token: str, number: str) -> dict[str, object]:
    response = requests.get(
        f"{server.base_url}/api/v1/prechecks/{number}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    data: dict[str, object] = response.json()
    return data


def test_help_desk_to_window_to_supervisor(server: EmbeddedServer, tmp_path: Path) -> None:
    desk = Pc(server, tmp_path / "helpdesk.db", "helpdesk01", None)
    window = Pc(server, tmp_path / "window11.db", "clerk05", 11)
    try:
        # the help desk: everything in order, a ticket for the item's queue
        opened = desk.desk.save(pre_check(desk, all_brought(desk)))
        handed, ticket = desk.desk.issue_ticket(
            opened, [desk.store.catalog.item(HUKOU)], green_reason=""
        )
        ticket_no = ticket.number
        assert ticket_no.startswith("D")
        assert ticket.precheck_no == handed.number
        report = desk.engine.push_once()
        assert (report.applied, report.rejected, report.conflict) == (2, 0, 0)
        held = server_precheck(server, window.login.token, handed.number)
        assert held["status"] == "handed_over" and held["ticket_no"] == ticket_no

        # the window pulls it, calls the ticket, starts the acceptance from it
        window.engine.pull_once()
        assert window.store.prechecks.get(handed.number) is not None
        called = window.queue.call_next(11)
        assert called is not None and called.number == ticket_no
        assert called.precheck_no == handed.number
        reopened = window.desk.reopen(called.precheck_no)
        assert reopened.reconciled.warnings == ()
        draft = acceptance_draft(reopened.reconciled.precheck, reopened.items, "赵雪梅")
        assert draft.subject.item == HUKOU and draft.scenarios == {HUKOU: "BUY"}
        assert {c.state for c in draft.checks} == {MaterialState.RECEIVED}
        assert all(c.note.startswith(PRECHECKED) for c in draft.checks)

        # the case is made; the pre-check closes as accepted (pushed through the outbox)
        case_number = f"HS01-11-{datetime.now():%Y%m%d}-0001"
        accepted = replace(
            reopened.reconciled.precheck, status=PrecheckStatus.ACCEPTED, case_number=case_number
        )
        window.desk.save(accepted)
        assert window.engine.push_once().applied == 1
        held = server_precheck(server, window.login.token, handed.number)
        assert held["status"] == "accepted" and held["case_number"] == case_number

        # the supervisor's count of today
        supervisor = CentralClient(server.base_url)
        token = supervisor.login("supervisor01", PASSWORD, None).token
        stats = requests.get(
            f"{server.base_url}/api/v1/halls/HS01/prechecks/stats",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()
        assert stats["total"] >= 1 and stats["became_cases"] >= 1 and stats["ready"] >= 1
    finally:
        desk.close()
        window.close()


def test_the_qr_rebuilds_a_pre_check_the_server_never_saw(
    server: EmbeddedServer, tmp_path: Path
) -> None:
    desk = Pc(server, tmp_path / "helpdesk.db", "helpdesk02", None)
    window = Pc(server, tmp_path / "window11.db", "clerk05", 11)
    try:
        findings = all_brought(desk)
        missing = next(iter(findings))
        findings[missing] = Finding.MISSING
        # the help desk is cut off: the pre-check waits in its outbox, the list is printed
        saved = desk.desk.save(pre_check(desk, findings))
        qr = desk.desk.qr_text(saved)
        assert desk.store.outbox.counts().get("pending") == 1
        # the citizen comes back to the window with the list; the window never heard of it
        window.engine.pull_once()
        assert window.store.prechecks.get(saved.number) is None
        reopened = window.desk.reopen(qr)
        rebuilt = reopened.reconciled.precheck
        assert rebuilt.number == saved.number
        assert rebuilt.finding_for(missing).finding is Finding.MISSING
        assert [i.code for i in reopened.items] == [HUKOU]
        # only the missing one is left for the window to check
        draft = acceptance_draft(rebuilt, reopened.items, "")
        item = window.store.catalog.item(HUKOU)
        assert item is not None
        names = {m.code: m.name for m in item.materials}
        assert names[missing] not in {c.name for c in draft.checks}
        # the help desk's network comes back: the pre-check arrives whole
        assert desk.engine.push_once().applied == 1
        held = server_precheck(server, window.login.token, saved.number)
        assert held["status"] == "open"
    finally:
        desk.close()
        window.close()
