"""The help desk's pre-checks on this PC: numbered offline, kept locally, pushed through the
outbox like cases, reopened from a QR or a number, and handed to the window with a ticket.

Saving never waits for the network: the pre-check is written to the local store with an outbox
operation in one transaction; the sync engine pushes it. Only taking a ticket needs the server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol
from urllib.parse import urlencode

from pydantic import TypeAdapter, ValidationError

from clerk_app.contract.precheck import PrecheckOut
from clerk_app.contract.queue import Ticket
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.precheck import (
    CatalogView,
    Precheck,
    PrecheckStatus,
    Reconciled,
    make_precheck_number,
    open_qr,
    parse_precheck_number,
    qr_hall,
    reconcile,
    seal_qr,
)
from clerk_app.printing.preparation_list import HallInfo, render_preparation_list
from clerk_app.printing.ticket_slip import render_ticket_slip
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import ApiError, CentralClient, OfflineError
from clerk_app.sync.queue_client import QueueClient

_PRECHECK_LIST = TypeAdapter(list[PrecheckOut])


class PrecheckServer(Protocol):
    def get_precheck(self, number: str) -> Precheck | None: ...


class TicketIssuer(Protocol):
    def __call__(self, queue: str, kind: str, precheck_no: str, reason: str | None) -> Ticket: ...


@dataclass(frozen=True, slots=True)
class Reopened:
    reconciled: Reconciled
    items: list[Item]
    bundle: Bundle | None = None


class PrecheckDesk:
    def __init__(
        self,
        store: LocalStore,
        *,
        hall_code: str,
        desk: str,
        secret: str,
        hall: HallInfo,
        printed_by: str,
        open_days: int,
        server: PrecheckServer | None = None,
        issue: TicketIssuer | None = None,
        clock: Callable[[], datetime] = hall_now,
    ) -> None:
        self._store = store
        self.hall_code = hall_code.upper()
        self.desk = desk
        self._secret = secret
        self._hall = hall
        self._printed_by = printed_by
        self.open_days = open_days
        self._server = server
        self._issue = issue
        self._clock = clock

    def new_number(self) -> str:
        day = self._clock().date()
        sequence = self._store.prechecks.next_sequence(self.desk, day)
        return make_precheck_number(self.hall_code, self.desk, day, sequence)

    def save(self, precheck: Precheck) -> Precheck:
        return self._store.prechecks.save(precheck, self._clock())

    def qr_text(self, precheck: Precheck) -> str:
        return seal_qr(precheck, self._secret)

    def preparation_pdf(self, precheck: Precheck, items: Sequence[Item]) -> bytes:
        return render_preparation_list(
            precheck,
            items,
            self._hall,
            self.qr_text(precheck),
            printed_by=self._printed_by,
            printed_at=self._clock(),
            bundle=self._bundle(precheck.bundle_code),
        )

    def _bundle(self, code: str | None) -> Bundle | None:
        return next((b for b in self._store.catalog.bundles() if b.code == code), None)

    def ticket_slip_pdf(self, precheck: Precheck, ticket: Ticket) -> bytes:
        """The 80 mm slip of a ticket taken for ``precheck``, with the pre-check's QR."""
        return render_ticket_slip(
            ticket, hall_name=self._hall.name, precheck_qr=self.qr_text(precheck)
        )

    # -- reopening ------------------------------------------------------------------------
    def find(self, text: str) -> Precheck:
        """The pre-check a scanned QR or a typed number names; LookupError/QrError say why not.

        The local copy wins when it is as new as the QR's (it may hold later work); a QR of
        this hall rebuilds the pre-check when this PC has never seen it (network down)."""
        if qr_hall(text) is not None:
            sealed = open_qr(text, self.hall_code, self._secret)
            local = self._store.prechecks.get(sealed.number)
            return local if local is not None else sealed
        number = text.strip().upper()
        parsed = parse_precheck_number(number)
        if parsed is None:
            raise LookupError(f"「{text.strip()[:40]}」不是预审编号或预审码")
        if parsed[0] != self.hall_code:
            raise LookupError(f"预审 {number} 是其他大厅（{parsed[0]}）的，本大厅不能打开")
        local = self._store.prechecks.get(number)
        if local is not None:
            return local
        remote = self._server.get_precheck(number) if self._server else None
        if remote is None:
            raise LookupError(
                f"本机没有预审 {number}"
                + ("，中心服务器也没有" if self._server else "，且现在连不上中心服务器")
                + "：请扫描清单上的二维码"
            )
        return remote

    def reopen(self, text: str) -> Reopened:
        precheck = self.find(text)
        views: dict[str, CatalogView] = {}
        items: dict[str, Item] = {}
        for ref in precheck.item_refs:
            item = self._store.catalog.item(ref.code)
            if item is None:
                continue
            items[item.code] = item
            views[item.code] = CatalogView(
                item.code,
                item.version,
                item.withdrawn,
                # findings name a line by its code, or ITEM/CODE in a bundle (precheck_lines)
                frozenset(m.code for m in item.materials)
                | frozenset(f"{item.code}/{m.code}" for m in item.materials),
            )
        reconciled = reconcile(precheck, views, self._clock().date())
        bundle = self._bundle(precheck.bundle_code)
        return Reopened(reconciled, [items[c] for c in reconciled.usable_items], bundle)

    # -- the ticket -----------------------------------------------------------------------
    def issue_ticket(
        self, precheck: Precheck, items: Sequence[Item], green_reason: str
    ) -> tuple[Precheck, Ticket]:
        """Take a ticket for the first item's queue linked to the pre-check (network), then
        record the hand-over locally. Raises when the server cannot be reached."""
        if self._issue is None:
            raise ConnectionError("本机离线，无法取号")
        queue = items[0].zone if items else ""
        kind = "green" if green_reason else "normal"
        ticket = self._issue(queue, kind, precheck.number, green_reason or None)
        handed = replace(precheck, status=PrecheckStatus.HANDED_OVER, ticket_no=ticket.number)
        return self.save(handed), ticket


class CentralPrechecks:
    """The server's copy of a pre-check, for a PC that has not pulled it yet."""

    def __init__(self, client: CentralClient) -> None:
        self._client = client

    def get_precheck(self, number: str) -> Precheck | None:
        try:
            data = self._client._json("GET", f"/prechecks/{number}")
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        except OfflineError:
            return None
        return PrecheckOut.model_validate(data).to_domain()

    def search(self, text: str, limit: int = 50) -> list[Precheck]:
        """The hall's pre-checks by number, ticket, case number or applicant ID (newest first);
        OfflineError/ApiError when the server cannot answer."""
        query = urlencode({"q": text.strip()[:40], "limit": limit})
        data = self._client._json("GET", f"/prechecks?{query}")
        try:
            return [p.to_domain() for p in _PRECHECK_LIST.validate_python(data)]
        except ValidationError as exc:
            raise OfflineError("中心服务器返回的预审数据无法识别") from exc


def ticket_issuer(queue_client: QueueClient) -> TicketIssuer:
    """Takes a ticket for a pre-check through the hall's queue service."""

    def issue(queue: str, kind: str, precheck_no: str, reason: str | None) -> Ticket:
        return queue_client.issue_ticket(queue, kind, reason=reason, precheck_no=precheck_no)

    return issue
