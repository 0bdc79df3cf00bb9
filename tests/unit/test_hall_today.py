"""Every date the rules use is the hall's (China time), not the PC's: a counter PC set to another
time zone is a day behind the hall for part of every day (``hall_day_ahead_of_pc``)."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

from stdnum.cn import ric

from clerk_app.domain.cases import (
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    validate_decision,
)
from clerk_app.domain.catalog import Item, Material, MaterialForm
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.identifiers import check_document

CLERK_APP = Path(__file__).resolve().parents[2] / "clerk_app"
# Files that may read the PC's own clock as a date or a naive time (none: use hall_time).
PC_CLOCK_ALLOWED: frozenset[str] = frozenset()


def _resident_id_born(born: date) -> str:
    first = f"420202{born:%Y%m%d}001"
    return first + ric.calc_check_digit(first + "0")  # the routine skips the last character


def test_hall_today_is_the_halls_date_not_the_pcs(hall_day_ahead_of_pc: date) -> None:
    assert hall_today() == hall_day_ahead_of_pc
    assert date.today() == hall_day_ahead_of_pc - timedelta(days=1)


def test_an_id_born_on_the_halls_today_is_not_in_the_future(hall_day_ahead_of_pc: date) -> None:
    born_today = _resident_id_born(hall_day_ahead_of_pc)
    assert check_document(IdKind.RESIDENT_ID, born_today).ok
    tomorrow = _resident_id_born(hall_day_ahead_of_pc + timedelta(days=1))
    assert "晚于今天" in check_document(IdKind.RESIDENT_ID, tomorrow).error


def test_a_gap_commitment_before_the_halls_today_is_refused(hall_day_ahead_of_pc: date) -> None:
    material = Material("M01", "营业执照", MaterialForm.COPY, required=True, gap_allowed=True)
    item = Item(
        "420200-XK-0001-01", "测试事项", "黄石市测试局", gap_allowed=True, materials=(material,)
    )
    missing = [MaterialCheck(material, MaterialState.MISSING)]
    promised = hall_day_ahead_of_pc + timedelta(days=10)

    def errors(deadline: date) -> list[str]:
        decision = Decision(
            DecisionKind.ACCEPT_WITH_GAPS, commitment_signed=True, commitment_deadline=deadline
        )
        return validate_decision(item, missing, decision, promised_date=promised)

    # the PC's today is the hall's yesterday: already past at the counter
    assert "承诺期限不能早于今天" in errors(hall_day_ahead_of_pc - timedelta(days=1))
    assert errors(hall_day_ahead_of_pc) == []


def _pc_clock_reads(tree: ast.AST) -> list[int]:
    """Lines reading the PC's clock: ``date.today``, ``datetime.today``, ``datetime.now()``
    without a time zone, Qt's ``currentDate``/``currentDateTime``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if node.attr == "today" and owner in ("date", "datetime"):
                lines.append(node.lineno)
            if node.attr in ("currentDate", "currentDateTime") and owner in ("QDate", "QDateTime"):
                lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "now"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "datetime"
            and not node.args
            and not node.keywords
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_no_date_is_read_from_the_pcs_clock() -> None:
    found = []
    for path in sorted(CLERK_APP.rglob("*.py")):
        name = path.relative_to(CLERK_APP.parent).as_posix()
        if name in PC_CLOCK_ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=name)
        found += [f"{name}:{line}" for line in _pc_clock_reads(tree)]
    assert found == [], "use clerk_app.domain.hall_time (hall_today / hall_now) instead"


def test_the_guard_sees_the_pcs_clock() -> None:
    source = (
        "from datetime import date, datetime\n"
        "a = date.today()\n"
        "b = datetime.now()\n"
        "c = QDate.currentDate()\n"
        "d = datetime.now(UTC)\n"
        "e = sorted(key=date.today)\n"
    )
    assert _pc_clock_reads(ast.parse(source)) == [2, 3, 4, 6]
