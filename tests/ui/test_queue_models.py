"""The queue screens' table models (queue panel, hall display, 大厅管理, sync details) keep Qt's
model rules, with rows, after updates and empty."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from clerk_app.contract.enums import WindowStatus
from clerk_app.contract.queue import HallWindow, QueueInfo
from clerk_app.store.rejected import RejectedOperation
from clerk_app.ui.queue.status_model import QueueStatusModel, event_queues
from clerk_app.ui.supervisor.models import WAIT_LEVEL_ROLE, HallQueuesModel, HallWindowsModel
from clerk_app.ui.sync_status import RejectedModel


def queue(code: str, name: str, waiting: int, longest_wait_s: int, missed: int) -> QueueInfo:
    return QueueInfo(
        code=code,
        name=name,
        prefix=code[0],
        waiting=waiting,
        longest_wait_s=longest_wait_s,
        missed=missed,
    )


QUEUES = [
    queue("SOCIAL", "社会事务", 3, 40 * 60, 1),
    queue("TAX", "税务", 0, 0, 0),
    queue("ESTATE", "不动产登记", 5, 75 * 60, 2),
]
WINDOWS = [
    HallWindow(
        number=1,
        label="1号窗口（综合）",
        status=WindowStatus.OPEN,
        current_number="A001",
        clerk="张三",
        queues=("SOCIAL", "TAX"),
    ),
    HallWindow(
        number=2,
        label="2号窗口",
        status=WindowStatus.PAUSED,
        clerk="李四",
        queues=("TAX",),
        pause_reason="午间休息",
    ),
    HallWindow(number=3, label="3号窗口", status=WindowStatus.CLOSED),
]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_queue_status_model_with_four_and_two_columns(qtmodeltester: Any) -> None:
    for columns in (4, 2):
        model = QueueStatusModel(columns=columns)
        qtmodeltester.check(model)
        model.set_rows(QUEUES)
        qtmodeltester.check(model)
        assert model.columnCount() == columns
        model.merge_rows([queue("TAX", "税务", 2, 60, 0)], add_new=False)
        qtmodeltester.check(model)
        model.set_rows([])
        qtmodeltester.check(model)


def test_queue_status_cells() -> None:
    clock = Clock()
    model = QueueStatusModel(clock=clock)
    model.set_rows(QUEUES)
    cells = [[model.data(model.index(r, c)) for c in range(4)] for r in range(3)]
    assert cells[0] == ["社会事务", "3", "40 分钟", "1"]
    assert cells[1] == ["税务", "0", "—", "0"]
    assert cells[2] == ["不动产登记", "5", "1 小时 15 分", "2"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "SOCIAL"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) is None
    clock.now += 5 * 60  # the wait counts up without the server
    assert model.data(model.index(0, 2)) == "45 分钟"


def test_hall_queues_model_colours_the_waits(qtmodeltester: Any) -> None:
    model = HallQueuesModel(clock=Clock())
    qtmodeltester.check(model)
    model.set_rows(QUEUES)
    qtmodeltester.check(model)
    assert [model.data(model.index(r, 2), WAIT_LEVEL_ROLE) for r in range(3)] == [
        "amber",
        "ok",
        "red",
    ]
    assert model.data(model.index(2, 2)) == "75 分钟"
    assert model.data(model.index(1, 2), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(2, 2), Qt.ItemDataRole.BackgroundRole) is not None


def test_hall_windows_model(qtmodeltester: Any) -> None:
    model = HallWindowsModel()
    qtmodeltester.check(model)
    model.set_rows(WINDOWS, {"SOCIAL": "社会事务", "TAX": "税务"})
    qtmodeltester.check(model)
    texts = [[model.data(model.index(r, c)) for c in range(5)] for r in range(3)]
    assert texts[0] == ["1号窗口", "服务中", "张三", "A001", "社会事务 → 税务"]
    assert texts[1] == ["2号窗口", "暂停：午间休息", "李四", "—", "税务"]
    assert texts[2] == ["3号窗口", "未开", "—", "—", "（未设置）"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "1号窗口（综合）"
    assert model.data(model.index(1, 1), Qt.ItemDataRole.FontRole).bold()
    model.set_rows(WINDOWS[:2])  # fewer windows: a reset
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_rejected_model(qtmodeltester: Any) -> None:
    model = RejectedModel()
    qtmodeltester.check(model)
    at = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    model.set_rows(
        [RejectedOperation("op1", "case.create", "C1", "事项已停用", False, None, (), at)]
    )
    qtmodeltester.check(model)
    assert [model.data(model.index(0, c)) for c in range(5)] == [
        "C1",
        "新建案件",
        "被拒绝",
        "事项已停用",
        "11-24 09:30",
    ]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "事项已停用"


def test_a_queue_status_event_is_read_into_contract_rows() -> None:
    data = {"queues": [QUEUES[0].model_dump(mode="json")]}
    assert event_queues(data) == [QUEUES[0]]
    assert event_queues({"queues": [{"code": "TAX"}]}) is None  # unreadable: ignored
    assert event_queues({}) is None
