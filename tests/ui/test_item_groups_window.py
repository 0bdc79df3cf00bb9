"""The item picker names a group: one item implemented in several places says how many."""

from __future__ import annotations

from typing import Any

from clerk_app.domain.catalog import HandlingKind
from clerk_app.store.catalog import ItemHit
from clerk_app.ui.acceptance.items import ItemHitModel


def test_the_first_line_of_a_group_says_how_many_places_implement_it(qtbot: Any) -> None:
    model = ItemHitModel()
    hits = [
        ItemHit("C1", "食品经营许可证核发", "恩施市市场监督管理局", "ENTERPRISE",
                HandlingKind.PROMISED, False, "01SC00001", 2),
        ItemHit("C2", "食品经营许可证核发", "利川市市场监督管理局", "ENTERPRISE",
                HandlingKind.PROMISED, False, "01SC00001", 2),
        ItemHit("C3", "户口迁移", "恩施市公安局", "POLICE", HandlingKind.PROMISED, True),
    ]  # fmt: skip
    model.set_results(hits)
    names = [model.data(model.index(r, ItemHitModel.NAME)) for r in range(3)]
    departments = [model.data(model.index(r, ItemHitModel.DEPARTMENT)) for r in range(3)]
    assert names == ["食品经营许可证核发（2处实施）", "食品经营许可证核发（2处实施）", "★ 户口迁移"]
    assert departments[:2] == ["恩施市市场监督管理局", "利川市市场监督管理局"]
