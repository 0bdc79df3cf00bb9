"""Every main screen of the app with the demo data, at a given screen size: shared by the layout
test (tests/ui/test_layout.py) and ``make screenshots`` (tests/screenshots.py).

A :class:`DemoHall` holds the embedded central server (demo hall, staff and catalog), a local
store with the demo catalog and a few cases (accepted, ready for collection, late), and waiting
tickets in every queue. :func:`screens` builds each screen in turn, in the state a clerk sees it
at its busiest (an item with a scenario chosen, a case opened for collection, …), and yields
``(name, widget)``; the widget is shown and laid out at the requested size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from clerk_app.domain.bundle_link import BundleLink
from clerk_app.domain.cases import Case, DecisionKind, IdKind, Person
from clerk_app.domain.catalog import Item
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.workdays import WorkdayCalendar
from tests.ui.conftest import DEMO_PASSWORD, load_demo_catalog, make_case

SIZES = ((1366, 768), (1920, 1080))
# What a window gets of a screen: the taskbar (40 px) and the title bar (about 30 px) are not
# ours. At 1366×768 the main window keeps its default width and gets the rest of the height.
TASKBAR_AND_TITLE = 70
SCENARIO_ITEM = "420200-XK-0301-01"  # 户口迁移（子女入学随迁）: three scenarios, 14 materials
LONG_MATERIALS_ITEM = "420200-XK-0209-01"  # 食品经营许可（新办）: the longest material names
SUPERVISOR_WINDOW = 4

APPLICANTS = (
    Person(IdKind.RESIDENT_ID, "420202199003071238", "陈晓东", "13871234567", "黄石港区"),
    Person(IdKind.RESIDENT_ID, "42020219850101002X", "欧阳明月", "13907140000", "下陆区"),
    Person(
        IdKind.USCC,
        "91420200MA4K0X123G",
        "黄石市铁山区某某食品商贸有限责任公司",
        "13507140001",
        "黄石市铁山区鹿獐山路12号",
    ),
)


def settle(ms: int = 50) -> None:
    """Let queued events (layouts, single shots, worker results) run."""
    app = QApplication.instance()
    assert app is not None
    deadline = datetime.now() + timedelta(milliseconds=ms)
    while datetime.now() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
    QCoreApplication.processEvents()


def wait_until(condition: Callable[[], bool], ms: int = 10_000) -> bool:
    deadline = datetime.now() + timedelta(milliseconds=ms)
    while datetime.now() < deadline:
        if condition():
            return True
        settle(20)
    return condition()


def longest_item_names(items: list[Item], n: int = 3) -> list[str]:
    offered = [i for i in items if not i.withdrawn]
    return [i.name for i in sorted(offered, key=lambda i: -len(i.name))[:n]]


@dataclass
class DemoHall:
    server: Any
    store: Any
    items: list[Item]
    calendar: WorkdayCalendar
    server_db: str
    booked: bool = False  # today's appointments imported (the supervisor's 今日预约)

    def item(self, code: str) -> Item:
        return next(i for i in self.items if i.code == code)

    def login(self, username: str, window_no: int | None) -> Any:
        from clerk_app.sync.client import CentralClient

        client = CentralClient(self.server.base_url, timeout=10.0)
        result = client.login(username, DEMO_PASSWORD, window_no)
        return client, result

    def queue_client(self, username: str, window_no: int | None) -> Any:
        from clerk_app.sync.queue_client import QueueClient

        client, _result = self.login(username, window_no)
        return QueueClient(client, "HS01")

    def context(self, username: str = "supervisor01", window_no: int = SUPERVISOR_WINDOW) -> Any:
        from clerk_app.store.logins import CachedUser
        from clerk_app.ui.context import WindowContext

        client, result = self.login(username, window_no)
        user: CachedUser = result.user
        self.store.logins.remember(user, DEMO_PASSWORD)
        return WindowContext(
            store=self.store,
            client=client,
            user=user,
            hall_code="HS01",
            hall_name="黄石市民之家",
            window_no=window_no,
            window_label=f"{window_no}号窗口（综合受理）",
            calendar=self.calendar,
        )


def start_demo_hall(directory: Path) -> DemoHall:
    """The embedded server with the demo, a local store with cases, tickets in every queue."""
    from clerk_app.central.embedded import start_embedded
    from clerk_app.store.local import LocalStore

    directory.mkdir(parents=True, exist_ok=True)
    server_db = f"sqlite:///{directory / 'central.sqlite3'}"
    server = start_embedded(server_db, init_demo=True)
    store = LocalStore(directory / "local.sqlite3")
    version, items, bundles = load_demo_catalog()
    store.catalog.replace(version, items, bundles)
    # The hall's calendar, as a window has it after login (the published one and the rows).
    from clerk_app.ui.app import load_calendar

    hall = DemoHall(server, store, items, load_calendar(), server_db)
    _add_cases(hall)
    _issue_tickets(hall)
    _help_desk_day(hall)
    _past_weeks(hall)
    return hall


def stop_demo_hall(hall: DemoHall) -> None:
    QThreadPool.globalInstance().waitForDone(30_000)
    hall.store.close()
    hall.server.stop()


def _add_cases(hall: DemoHall) -> None:
    """Accepted cases and results ready for collection at the supervisor's window, with the
    longest item names of the demo catalog (the columns must show them whole)."""
    longest = sorted((i for i in hall.items if not i.withdrawn), key=lambda i: -len(i.name))
    at_department: list[str] = []
    for n, item in enumerate(longest[:6]):
        applicant = APPLICANTS[n % len(APPLICANTS)]
        base = replace(
            make_case(item, applicant, window_no=SUPERVISOR_WINDOW, clerk="supervisor01"),
            promised_date=hall_today() - timedelta(days=2) if n == 1 else hall_today(),
            delivery_mode="mail" if n == 2 else "window",
            mail_address="黄石市下陆区杭州西路88号" if n == 2 else "",
        )
        case: Case = hall.store.cases.save_new(base)
        if n < 4:
            at_department.append(case.number)
        if n == 0:
            _captured_files(hall, case.number)
    # 二手房交易一件事: three item cases, two results back from their departments
    bundle = next(b for b in hall.store.catalog.bundles() if b.name == "二手房交易一件事")
    chosen = [hall.item(code) for code in bundle.item_codes[:3]]
    link = BundleLink("", bundle.code, bundle.name, tuple(i.code for i in chosen))
    made = [
        make_case(i, APPLICANTS[0], window_no=SUPERVISOR_WINDOW, clerk="supervisor01")
        for i in chosen
    ]
    at_department += [c.number for c in hall.store.cases.save_bundle(made, link)[:2]]
    _department_decides(hall, at_department)


def _captured_files(hall: DemoHall, number: str) -> None:
    """Two captured files on the status line: one on its way (40% confirmed), one the server
    refused (the status line's worst state)."""
    from clerk_app.store.attachments import NewAttachment

    pdf = b"%PDF-1.4\n" + b"0" * 200_000
    sending, refused = hall.store.attachments.add_all(
        [
            NewAttachment(number, 0, pdf, "身份证.pdf"),
            NewAttachment(number, 1, pdf + b"1", "户口簿.pdf"),
        ],
        captured_by="supervisor01",
        captured_at=datetime.now(),
    )
    hall.store.attachments.note_offset(sending.id, len(pdf) * 2 // 5)
    hall.store.attachments.mark_refused(refused.id, "文件过大（60.2 MB），单个材料不能超过50 MB")


def bundle_number(hall: DemoHall) -> str:
    """The 一件事编号 of the demo hall's bundle application."""
    return next(s.bundle_no for s in hall.store.cases.search() if s.bundle_no)


def _department_decides(hall: DemoHall, numbers: list[str]) -> None:
    """Upload the window's cases, let the department take, approve and hand the results back
    on the server (a window may not write those steps), and pull what it decided."""
    from clerk_app.central.db import make_engine, make_session_factory
    from clerk_app.central.services import backoffice
    from clerk_app.central.services.auth import AuthUser
    from clerk_app.sync.engine import SyncEngine

    client, _result = hall.login("supervisor01", SUPERVISOR_WINDOW)
    engine = SyncEngine(hall.store, client, window_no=SUPERVISOR_WINDOW)
    report = engine.push_once()
    assert report.rejected == 0, "the demo cases must upload"
    central = make_engine(hall.server_db)
    try:
        with make_session_factory(central)() as session:
            for number in numbers:
                case = hall.store.cases.get(number)
                assert case is not None
                department = AuthUser(
                    staff_id=0,
                    username="demo-department",
                    display_name=case.item.department,
                    role="department",
                    hall_id=1,
                    hall_code="HS01",
                    hall_name="黄石市民之家",
                    window_no=None,
                    department_code=case.item.department_code,
                )
                now = datetime.now().astimezone()
                on = backoffice.CaseAction(session, department, number, now)
                backoffice.take(on, note="接件审批")
                result = backoffice.ResultInfo("", "HS-2026-0042", "长期有效")
                backoffice.decide(on, approve=True, result=result)
    finally:
        central.dispose()
    engine.pull_once()


def _issue_tickets(hall: DemoHall) -> None:
    kiosk = hall.queue_client("kiosk01", None)
    config = kiosk.central.hall_config("HS01")
    for n, queue in enumerate(config.queues):
        for _ in range(1 + n % 3):
            kiosk.issue_ticket(queue.code)


def _supervisor_tabs(hall: DemoHall, page: Any, window: QWidget) -> Iterator[tuple[str, QWidget]]:
    """大厅管理's 提醒, 今日预约 and 差评回访 over the demo's cases and today's bookings (made
    once per hall; a fuller day with a 差评 and long waits is tests/ui/hall_day.py's, on a
    server of its own: its calls would change the other screens)."""
    from tests.ui.hall_day import book_appointments

    if not hall.booked:
        book_appointments(hall.server.base_url, check_in=False)  # no ticket for other screens
        hall.booked = True
    live = page.supervision
    live.refresh()
    wait_until(lambda: live.alerts.model.rowCount() > 0 and not page.busy)
    wait_until(lambda: live.appointments.model.rowCount() > 0 and not page.busy)
    for index, name in ((1, "hall_alerts"), (2, "hall_appointments"), (3, "hall_followups")):
        page.form.hallTabs.setCurrentIndex(index)
        settle(150)
        yield name, window
    page.form.hallTabs.setCurrentIndex(0)


def _help_desk_day(hall: DemoHall) -> None:
    """Today's pre-checks on the server (the supervisor's 今日帮办预审): the longest material
    names missing, some handed to a window."""
    client, _result = hall.login("helpdesk01", None)
    for n in range(7):
        item = hall.item(LONG_MATERIALS_ITEM if n % 2 else SCENARIO_ITEM)
        number = f"YS-HS01-H01-{datetime.now():%Y%m%d}-{n + 1:04d}"
        lacking = {m.code for m in item.materials[n % 3 : n % 3 + 2]} if n < 5 else set()
        body = {
            "number": number,
            "status": "open" if lacking else "handed_over",
            "item_refs": [{"code": item.code, "version": item.version}],
            "findings": [
                {"material_code": m.code, "finding": "missing" if m.code in lacking else "brought"}
                for m in item.materials
            ],
        }
        client._json("PUT", f"/prechecks/{number}", body=body)


STATISTICS_DAYS = 20  # working days of generated history before today (the 统计 tab)


def _past_weeks(hall: DemoHall) -> None:
    """Four weeks of served tickets and ratings at every window (tests/stats_data.py)."""
    from sqlalchemy import func, insert, select

    from clerk_app.central.db import make_engine
    from clerk_app.central.models import Hall, Queue, Window
    from clerk_app.central.queue_models import Rating, Ticket
    from clerk_app.domain.hall_time import hall_now
    from tests.stats_data import HallShape, ratings, tickets, working_days

    today = hall_now().date()
    first = today - timedelta(days=STATISTICS_DAYS * 7 // 5 + 2)
    days = [d for d in working_days(first, STATISTICS_DAYS + 5) if d < today][-STATISTICS_DAYS:]
    engine = make_engine(hall.server_db)
    try:
        with engine.begin() as conn:
            hall_id = int(conn.scalar(select(Hall.id).where(Hall.code == "HS01")) or 0)
            queues = conn.execute(select(Queue.id, Queue.prefix).where(Queue.hall_id == hall_id))
            windows = conn.execute(
                select(Window.id, Window.number).where(Window.hall_id == hall_id)
            ).all()
            shape = HallShape(
                hall_id,
                [(q.id, q.prefix) for q in queues],
                [(w.id, w.number) for w in windows],
                [f"clerk{w.number:02d}" for w in windows],
            )
            first_id = int(conn.scalar(select(func.max(Ticket.id))) or 0) + 1
            rows = list(tickets(shape, days, per_window=25, seed=11, first_id=first_id))
            conn.execute(insert(Ticket), rows)
            first_rating = int(conn.scalar(select(func.max(Rating.id))) or 0) + 1
            conn.execute(insert(Rating), list(ratings(shape, rows, 0.4, 12, first_rating)))
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- screens


def place(widget: QWidget, width: int, height: int) -> None:
    widget.resize(width, height)
    widget.show()
    settle(80)


def window_size(screen: tuple[int, int]) -> tuple[int, int]:
    """The main window's size on ``screen``: its default 1366×740 where that fits, else what
    the screen leaves (a maximised window on a larger screen)."""
    width, height = screen
    if width <= 1366:
        return width, height - TASKBAR_AND_TITLE
    return width, height - TASKBAR_AND_TITLE + 30  # maximised: no title bar of its own


def _empty_library(*_args: Any, **_kwargs: Any) -> Any:
    from clerk_app.sync.library import LibraryAnswer

    return LibraryAnswer(hall_today(), ())


@contextmanager
def _library_from_cache(store: Any, applicant: Person) -> Iterator[None]:
    """The shared library as the PC cached it for ``applicant`` (a licence valid, an ID
    expired), the server unreachable meanwhile: the window offers from the cache."""
    from clerk_app.domain.library import LibraryEntry
    from clerk_app.sync.client import OfflineError

    filed = datetime(2025, 6, 3, 10, 0).astimezone()
    entries = [
        LibraryEntry(
            f"0000000{n}-2222-4000-8000-000000000000",
            code,
            name,
            issuer,
            number,
            until,
            "issued",
            "HS01-01-20250603-0001",
            "HS01",
            1,
            filed,
        )
        for n, (code, name, issuer, number, until) in enumerate(
            (
                ("ZZ-YYZZ", "营业执照", "黄石市市场监督管理局", "91420200MA4K0X123G", None),
                ("ID-JBR", "经办人居民身份证", "黄石市公安局铁山分局", "", date(2026, 3, 1)),
            )
        )
    ]
    seen = datetime.now().astimezone() - timedelta(days=2)
    store.library.remember(
        applicant.id_kind, applicant.id_number, "", entries, seen_at=seen, as_of=seen.date()
    )

    def unreachable(*_args: Any, **_kwargs: Any) -> Any:
        raise OfflineError("no network")

    with patch("clerk_app.sync.library.look_up", unreachable):
        yield


def screens(hall: DemoHall, screen: tuple[int, int]) -> Iterator[tuple[str, QWidget]]:
    """Every main screen, shown at ``screen`` size, as ``(name, widget)``; each is closed and
    shut down when the caller moves on to the next."""
    yield from _login(hall, screen)
    yield from _setup(hall, screen)
    yield from _main_window(hall, screen)
    yield from _help_desk(hall, screen)
    yield from _devices(hall, screen)


def _login(hall: DemoHall, screen: tuple[int, int]) -> Iterator[tuple[str, QWidget]]:
    from clerk_app.ui.i18n import resources_dir
    from clerk_app.ui.login import LoginDialog, load_demo_accounts

    accounts = load_demo_accounts(resources_dir() / "demo" / "hall.json")
    dialog = LoginDialog(
        hall.store, None, server_label=hall.server.base_url, demo_accounts=accounts
    )
    dialog.show()
    settle(100)
    yield "login", dialog
    dialog.reject()
    dialog.deleteLater()
    settle()


def _setup(hall: DemoHall, screen: tuple[int, int]) -> Iterator[tuple[str, QWidget]]:
    """The first-run setup of a window PC, every message shown (its tallest state)."""
    import tempfile

    from clerk_app.ui.app_config import AppPaths, AppSettings
    from clerk_app.ui.setup_dialog import SetupDialog

    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths(Path(tmp) / "etc.toml", Path(tmp) / "user.toml", Path(tmp) / "data")
        cameras = [("/dev/video0", "USB 文档高拍仪 HD 1080P (Document Camera)")]
        dialog = SetupDialog(
            AppSettings(), paths, printers=["HP LaserJet Pro M404dn 大厅"], cameras=cameras
        )
        form = dialog.form
        dialog.show()
        form.setup_server.setText(hall.server.base_url)
        dialog.test_server()
        wait_until(lambda: dialog.server_ok)
        form.setup_window.setValue(12)
        form.setup_camera.setCurrentIndex(1)
        form.setup_scan_folder.setText(str(Path(tmp) / "扫描仪" / "高拍仪输出"))
        form.setup_register_status.setText(
            QCoreApplication.translate(
                "SetupDialog", "本机已申请登记为%1号窗口，请联系管理员审批：设备码 %2"
            )
            .replace("%1", "12")
            .replace("%2", "K7Q2-9XWD")
        )
        dialog.save()  # the folder is missing: said under it
        dialog.adjustSize()
        settle(100)
        yield "setup", dialog
        dialog.reject()
        dialog.deleteLater()
        settle()


def _main_window(hall: DemoHall, screen: tuple[int, int]) -> Iterator[tuple[str, QWidget]]:
    from clerk_app.ui.main_window import MainWindow

    context = hall.context()
    window = MainWindow(context, sync_interval_s=3600)
    width, height = window_size(screen)
    place(window, width, height)
    window.activateWindow()
    # the demo hall's shared library holds nothing for the demo applicants (one screen below
    # shows it offline, from the PC's cache)
    nothing = patch("clerk_app.sync.library.look_up", _empty_library)
    nothing.start()
    try:
        page: Any = window.acceptance
        page.applicant_panel.read_card(APPLICANTS[0])
        page.applicant_panel.mobile_edit.setText(APPLICANTS[0].mobile)
        page.set_item(hall.item(SCENARIO_ITEM))
        page.checklist_panel.set_scenario(SCENARIO_ITEM, "RENT")
        page.checklist_panel.model.toggle_received(0)
        page.checklist_panel.model.mark_defective(2, "复印件不清晰")
        page.item_panel.search_edit.setText("证")
        page.item_panel.refresh()
        settle(150)
        yield "acceptance", window

        # 采集电子件 (F11) on the first line: two camera pages and a scan, the strip shown
        yield from _capture_dialog(page, window)

        # Every message under the applicant's fields at once (they must not cover a field).
        panel = page.applicant_panel
        panel.document.set_number("420202199003071234")  # a wrong check digit
        panel.mobile_edit.setText("1387123")
        panel._check_mobile()
        panel.lookup_label.setText("联网查询失败，请手工填写")
        panel.lookup_label.setVisible(True)
        settle(100)
        yield "acceptance_messages", window
        panel.clear()
        panel.read_card(APPLICANTS[2])

        page.set_item(hall.item(LONG_MATERIALS_ITEM))
        page.item_panel.search_edit.setText("人")  # the three longest item names among them
        page.item_panel.refresh()
        settle(100)
        yield "acceptance_long_names", window

        # 一号匹配 offline: the cached 营业执照 offered and taken (Ctrl+K), an expired ID flagged
        with _library_from_cache(context.store, APPLICANTS[2]):
            page.library.identify(None)
            page.library.identify(panel.identity())
            page.library.wait()
            settle(50)
        page.library.reuse_all()
        settle(100)
        yield "acceptance_library", window
        panel.clear()  # the bundles: an applicant the library holds nothing for
        panel.read_card(APPLICANTS[2])
        page.library.wait()

        # 企业开办一件事: the merged checklist, the items per line, 营业执照 produced inside;
        # the citizen leaves the bank out (5 items), all accepted with one key
        page.item_panel.search_edit.clear()  # as when the bundle is chosen from the results
        enterprise = next(b for b in context.store.catalog.bundles() if b.name == "企业开办一件事")
        page.set_bundle(enterprise, [hall.item(code) for code in enterprise.item_codes])
        page.bundle_items.toggle(len(enterprise.item_codes) - 1)
        page.checklist_panel.model.toggle_received(0)
        page.decision_panel.choose(DecisionKind.ACCEPT)
        settle(100)
        yield "acceptance_bundle", window

        # 二手房交易一件事: the marriage certificate missing, the registration 容缺 on its own
        house = next(b for b in context.store.catalog.bundles() if b.name == "二手房交易一件事")
        page.set_bundle(house, [hall.item(code) for code in house.item_codes])
        page.checklist_panel.model.mark_required_received()
        rows = page.checklist_panel.model.rows
        page.checklist_panel.model.toggle_received(
            next(n for n, r in enumerate(rows) if r.check.material.name == "卖方婚姻状况证明")
        )
        page.decision_panel.choose(DecisionKind.ACCEPT)
        page.decision_panel.set_item_kind(house.item_codes[2], DecisionKind.ACCEPT_WITH_GAPS)
        settle(600)
        yield "acceptance_bundle_house", window

        window.show_ready_tab()
        window.ready_list.window_only.setChecked(False)
        window.ready_list.refresh()
        settle(100)
        yield "ready_list", window

        ready = window.ready_list.model.case_rows()
        window.open_delivery(ready[0].number if ready else "")
        settle(100)
        yield "delivery", window

        kinds = window.delivery.id_kind  # a passport: its issuing country is asked too
        kinds.setCurrentIndex(kinds.findData("passport"))
        country = window.delivery.identity.country.combo
        country.setCurrentIndex(country.findData("USA"))
        settle(100)
        yield "delivery_passport", window

        window.open_delivery(bundle_number(hall))  # 一件事: two of its three results ready
        settle(100)
        yield "delivery_bundle", window

        window.show_history_tab()
        wait_until(lambda: window.history.model.rowCount() > 0, 5000)
        settle(100)
        yield "history", window

        window.history.search.setText(bundle_number(hall))
        window.history.run_search()
        settle(100)
        yield "history_bundle", window

        # A bundle's item case: its own documents and the bundle's 一件事受理通知书 to reprint.
        from clerk_app.ui.history import CaseDetailDialog

        bundle_case = hall.store.cases.of_bundle(bundle_number(hall))[0]
        detail = CaseDetailDialog(context, bundle_case, parent=window)
        detail.resize(min(1000, screen[0] - 40), min(720, screen[1] - 60))  # fit_to_screen
        detail.show()
        settle(150)
        yield "case_detail_bundle", detail
        detail.reject()
        detail.deleteLater()
        settle()

        if window.hall_page is not None:
            window.show_hall_tab()
            wait_until(lambda: window.hall_page is not None and not window.hall_page.busy)
            wait_until(
                lambda: (
                    window.hall_page is not None and window.hall_page.queues_model.rowCount() > 0
                )
            )
            wait_until(lambda: window.hall_page.precheck_missing_label.isVisible())
            settle(150)
            yield "hall_management", window
            yield from _supervisor_tabs(hall, window.hall_page, window)

        page = window.statistics_page
        if page is not None:
            window.tabs.setCurrentWidget(page)
            page.start_edit.setDate(page.end_edit.date().addDays(-STATISTICS_DAYS * 7 // 5 - 2))
            page.refresh()
            wait_until(lambda: page.stats is not None, 20_000)
            settle(150)
            yield "statistics", window

        from clerk_app.printing import DocType
        from clerk_app.ui.print_preview import open_preview

        case = hall.store.cases.get(ready[0].number) if ready else None
        if case is not None:
            dialog = open_preview(context, case, DocType.ACCEPTANCE_NOTICE, parent=window)
            dialog.show()
            wait_until(lambda: bool(getattr(dialog, "pdf", b"")), 30_000)
            settle(200)
            yield "print_preview", dialog
            dialog.reject()
            settle()

        # the status line's red 材料被拒, clicked: the refused files with 重新上传 / 已知悉
        upload = window.status_line.upload_status
        if upload is not None and upload.progress.refused:
            refused = upload.open_refused()
            settle(150)
            yield "upload_refused", refused
            refused.reject()
            settle()
    finally:
        nothing.stop()
        window.close()
        settle(100)
        window.deleteLater()
        settle()


def _capture_dialog(page: Any, window: QWidget) -> Iterator[tuple[str, QWidget]]:
    from clerk_app.ui.capture.dialog import CaptureDialog
    from clerk_app.ui.capture.sources import TestFrameSource

    panel = page.checklist_panel
    camera = TestFrameSource(size=(1240, 1754))
    dialog = CaptureDialog(
        panel.model.check(0).material.name,
        panel.model.pages(0),
        [camera, *page.page_sources()[1:]],
        lambda pages: page._keep_pages(0, pages),
        window,
        keep_details=lambda details: panel.set_line_details(0, details),
    )
    dialog.resize(900, 560)
    dialog.show()
    camera.trigger()
    camera.trigger()
    wait_until(lambda: not dialog.busy)  # the pages are read off the GUI thread
    dialog.rotate(1)
    settle(150)
    yield "capture_dialog", dialog
    dialog.accept()
    dialog.deleteLater()
    settle()


def _help_desk(hall: DemoHall, screen: tuple[int, int]) -> Iterator[tuple[str, QWidget]]:
    """The help desk's 帮办预审 page: an item, its scenario, some materials checked."""
    from clerk_app.domain.precheck import Finding
    from clerk_app.ui.main_window import MainWindow

    context = replace(
        hall.context("helpdesk01", 1),
        hall_address="湖北省黄石市市民之家政务服务大厅",
        hall_hours="周一至周五 9:00-12:00，13:30-17:30",
    )
    window = MainWindow(context, sync_interval_s=3600)
    width, height = window_size(screen)
    place(window, width, height)
    window.activateWindow()
    try:
        page = window.precheck_page
        assert page is not None
        page.choose_item(hall.item(SCENARIO_ITEM))
        page.scenario_combo.setCurrentIndex(page.scenario_combo.findData("RENT"))
        page.model.toggle_brought(0)
        page.model.toggle_brought(1)
        page.model.set_finding(2, Finding.EXPIRED, "身份证已过有效期")
        page.id_edit.setText("42020219850101002X")
        settle(150)
        yield "precheck", window
    finally:
        window.close()
        settle(100)
        window.deleteLater()
        settle()


def _devices(hall: DemoHall, screen: tuple[int, int]) -> Iterator[tuple[str, QWidget]]:
    from clerk_app.ui.evaluator import EvaluatorWindow
    from clerk_app.ui.hall_display import HallDisplay
    from clerk_app.ui.kiosk import KioskWindow, config_from_hall

    width, height = screen
    kiosk_client = hall.queue_client("kiosk01", None)
    config = config_from_hall(kiosk_client.central.hall_config("HS01"))
    kiosk = KioskWindow(config, kiosk_client)
    place(kiosk, width, height)
    wait_until(lambda: any("等候" in b.text() for b in kiosk.category_buttons.values()), 5000)
    settle(100)
    yield "kiosk", kiosk
    kiosk.shutdown()
    kiosk.close()
    kiosk.deleteLater()

    display_client = hall.queue_client("kiosk01", None)
    display = HallDisplay("黄石市民之家", status_loader=display_client.queue_status)
    place(display, width, height)
    display.apply_status(display_client.queue_status())
    display.show_call("A003", 2, "2号窗口", announce=False)
    display.show_call("C012", 7, "7号窗口", announce=False)
    settle(150)
    yield "hall_display", display
    display.shutdown()
    display.close()
    display.deleteLater()

    evaluator_client = hall.queue_client("eval02", 2)
    evaluator = EvaluatorWindow("黄石市民之家", 2, evaluator_client)
    place(evaluator, width, height)
    evaluator.ask_rating(999_999, "A003")
    settle(100)
    yield "evaluator", evaluator
    evaluator.shutdown()
    evaluator.close()
    evaluator.deleteLater()
    settle()
