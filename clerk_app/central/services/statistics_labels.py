"""The names of statistics groups: zone, queue, window, clerk, department, item."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, cast, func, select
from sqlalchemy.engine import Connection

from clerk_app.central.models import CatalogItem, Department, Queue, Staff, Window, Zone
from clerk_app.central.statistics_models import CaseFact, basic_item_key
from clerk_app.contract.statistics import Grouping

UNKNOWN = {
    Grouping.WINDOW: "未叫号",
    Grouping.CLERK: "未叫号",
    Grouping.ZONE: "未分区",
    Grouping.QUEUE: "无号票",
}


def group_labels(
    conn: Connection, hall_id: int, grouping: Grouping, keys: Sequence[str]
) -> dict[str, str]:
    """Key → name for the keys a statistics table shows."""
    if grouping is Grouping.NONE:
        return {"": "全大厅"}
    wanted = sorted({k for k in keys if k})
    names: dict[str, str] = {"": UNKNOWN.get(grouping, "未知")}
    if not wanted:
        return names
    if grouping is Grouping.ZONE:
        query = select(Zone.code, Zone.name).where(Zone.hall_id == hall_id)
    elif grouping is Grouping.QUEUE:
        query = select(Queue.code, Queue.name).where(Queue.hall_id == hall_id)
    elif grouping is Grouping.WINDOW:
        query = select(cast(Window.number, String), Window.label).where(Window.hall_id == hall_id)
    elif grouping is Grouping.CLERK:
        query = select(Staff.username, Staff.display_name).where(Staff.username.in_(wanted))
    elif grouping is Grouping.DEPARTMENT:
        query = select(Department.code, Department.name).where(Department.code.in_(wanted))
    elif grouping is Grouping.BASIC_ITEM:
        # the name of the item as its cases were received (the same item in every county)
        key = basic_item_key()
        query = select(key, func.min(CaseFact.item_name)).where(key.in_(wanted)).group_by(key)
    else:
        # an item withdrawn from the catalog keeps the name its cases were received under
        stored = select(CaseFact.item_code, CaseFact.item_name).where(
            CaseFact.item_code.in_(wanted)
        )
        names.update({str(code): str(name) for code, name in conn.execute(stored.distinct())})
        query = select(CatalogItem.code, CatalogItem.name).where(CatalogItem.code.in_(wanted))
    names.update({str(code): str(name) for code, name in conn.execute(query)})
    return names
