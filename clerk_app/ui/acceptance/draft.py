"""The acceptance draft: what the clerk has typed, saved as it is typed and offered again.

``DraftKeeper`` saves the page's state (``snapshot``) in the local store
(``clerk_app.store.drafts``) one second after the last change and at once on every step (an
item chosen, a decision picked, the ticket changed), keyed by hall + window + user. A confirmed
decision deletes it. After a crash, a ``kill -9`` or a logout with work in progress, the next
login of that user at that window offers it (``RestoreDraftDialog``: 恢复 / 放弃) and
``restore`` puts everything back: applicant and agent, item or bundle, scenarios, every
checklist line (state, copies, defect reason, note), the decision's fields and the ticket.

Leaving with work in progress (closing the window, logging out, logging out from the lock
screen) asks first (``LeaveWithDraftDialog``). Tests patch the dialogs' ``ask``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, QTimer
from PySide6.QtWidgets import QComboBox, QMessageBox, QPushButton, QWidget

from clerk_app.domain.cases import DecisionKind, MaterialState
from clerk_app.domain.identifiers import mask_id
from clerk_app.store.drafts import Draft, DraftKey
from clerk_app.ui.acceptance.checklist import ChecklistModel

if TYPE_CHECKING:
    from clerk_app.ui.acceptance.page import AcceptancePage

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1000  # saved this long after the last keystroke
DRAFT_VERSION = 1


# -- dialogs ------------------------------------------------------------------------------


class RestoreDraftDialog:
    """At login: an unfinished acceptance of this user at this window. True = 恢复."""

    @classmethod
    def ask(cls, parent: QWidget, summary: str) -> bool:
        box = QMessageBox(parent)
        box.setObjectName("restoreDraftBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(parent.tr("未完成的受理"))
        box.setText(
            parent.tr("本窗口有一份未完成的受理草稿：\n{summary}\n\n是否恢复？").format(
                summary=summary
            )
        )
        restore = box.addButton(parent.tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName("restoreDraftButton")
        discard = box.addButton(parent.tr("放弃"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("discardDraftButton")
        box.setDefaultButton(restore)
        box.setEscapeButton(restore)  # Esc never throws the work away
        box.exec()
        return box.clickedButton() is not discard


class LeaveWithDraftDialog:
    """Leaving (close, logout) with an acceptance in progress. True = save the draft and
    leave; False = stay and go on with the acceptance."""

    @classmethod
    def ask(cls, parent: QWidget, action: str, summary: str) -> bool:
        box = QMessageBox(parent)
        box.setObjectName("leaveWithDraftBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(parent.tr("受理尚未完成"))
        box.setText(
            parent.tr(
                "当前受理尚未确认：\n{summary}\n\n"
                "{action}后，已录入的内容保存为草稿，下次在本窗口登录时可以恢复。"
            ).format(summary=summary, action=action)
        )
        leave = box.addButton(
            parent.tr("保存草稿并{action}").format(action=action),
            QMessageBox.ButtonRole.AcceptRole,
        )
        leave.setObjectName("saveDraftAndLeaveButton")
        stay: QPushButton = box.addButton(parent.tr("继续办理"), QMessageBox.ButtonRole.RejectRole)
        stay.setObjectName("continueButton")
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is leave


# -- state ----------------------------------------------------------------------------------


def _combo_data(combo: QComboBox) -> Any:
    return combo.currentData()


def _set_combo_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def snapshot(page: AcceptancePage) -> dict[str, Any]:
    """Everything the clerk entered on ``page``, as JSON-ready data."""
    a = page.applicant_panel
    c = page.checklist_panel
    d = page.decision_panel
    bundle = c.bundle()
    items = c.items()
    subject: dict[str, Any] = {}
    if bundle is not None:
        subject = {"bundle": bundle.code, "items": [i.code for i in items]}
    elif items:
        subject = {"item": items[0].code}
    kind = d.kind()
    deadline = d.deadline_edit.date()
    return {
        "version": DRAFT_VERSION,
        "ticket_no": page.ticket_no,
        "applicant": {
            "type": _combo_data(a.type_combo),
            "id_kind": _combo_data(a.kind_combo),
            "number": a.number_edit.text(),
            "number_valid": a.document.valid_number() is not None,
            "name": a.name_edit.text(),
            "mobile": a.mobile_edit.text(),
            "address": a.address_edit.text(),
        },
        "agent": {
            "on": a.agent_check.isChecked(),
            "id_kind": _combo_data(a.agent_kind_combo),
            "number": a.agent_number_edit.text(),
            "number_valid": a.agent_document.valid_number() is not None,
            "name": a.agent_name_edit.text(),
            "mobile": a.agent_mobile_edit.text(),
        },
        "subject": subject,
        "scenarios": {i.code: c.scenario_for(i.code) for i in items if c.scenario_for(i.code)},
        "checks": [
            {
                "name": check.material.name,
                "state": check.state.value,
                "copies": check.copies_received,
                "note": check.note,
                "defect": check.defect_reason,
            }
            for check in c.checks()
        ],
        "decision": {
            "kind": kind.value if kind is not None else None,
            "signed": d.signed_check.isChecked(),
            "deadline": date(deadline.year(), deadline.month(), deadline.day()).isoformat(),
            "reason": d.reason_edit.text(),
            "agency": d.agency_edit.text(),
            "delivery": _combo_data(d.delivery_combo),
            "mail_address": d.mail_edit.text(),
        },
    }


def summary(data: dict[str, Any], saved_at: datetime | None = None) -> str:
    """One or two lines naming the draft (applicant, masked number, item, time)."""
    applicant = data.get("applicant") or {}
    name = str(applicant.get("name") or "").strip() or "（未填姓名）"
    number = str(applicant.get("number") or "").strip()
    who = f"{name}（{mask_id(number)}）" if number else name
    subject = data.get("subject") or {}
    what = str(subject.get("item") or subject.get("bundle") or "未选事项")
    parts = [f"申请人 {who}", f"事项 {what}"]
    if data.get("ticket_no"):
        parts.append(f"号 {data['ticket_no']}")
    if saved_at is not None:
        parts.append(f"保存于 {saved_at:%m-%d %H:%M}")
    return "，".join(parts)


def _restore_document(page: AcceptancePage, agent: bool, data: dict[str, Any]) -> None:
    a = page.applicant_panel
    combo = a.agent_kind_combo if agent else a.kind_combo
    document = a.agent_document if agent else a.document
    edit = a.agent_number_edit if agent else a.number_edit
    _set_combo_data(combo, data.get("id_kind"))
    number = str(data.get("number") or "")
    if number and data.get("number_valid"):
        document.set_number(number)
    else:
        edit.setText(number)


def restore(page: AcceptancePage, data: dict[str, Any]) -> list[str]:
    """Put a draft back on a cleared ``page``; returns what could not be restored."""
    problems: list[str] = []
    a = page.applicant_panel
    applicant = data.get("applicant") or {}
    _set_combo_data(a.type_combo, applicant.get("type"))
    _restore_document(page, False, applicant)
    a.name_edit.setText(str(applicant.get("name") or ""))
    a.mobile_edit.setText(str(applicant.get("mobile") or ""))
    a.address_edit.setText(str(applicant.get("address") or ""))
    agent = data.get("agent") or {}
    if agent.get("on"):
        a.agent_check.setChecked(True)
        _restore_document(page, True, agent)
        a.agent_name_edit.setText(str(agent.get("name") or ""))
        a.agent_mobile_edit.setText(str(agent.get("mobile") or ""))

    store = page.context.store
    subject = data.get("subject") or {}
    if subject.get("bundle"):
        bundle = next((b for b in store.list_bundles() if b.code == subject["bundle"]), None)
        items = [store.get_item(str(code)) for code in subject.get("items") or []]
        if bundle is None or any(i is None for i in items):
            problems.append(f"一件事 {subject['bundle']} 已不在事项目录中")
        else:
            page.set_bundle(bundle, [i for i in items if i is not None])
    elif subject.get("item"):
        item = store.get_item(str(subject["item"]))
        if item is None:
            problems.append(f"事项 {subject['item']} 已不在事项目录中")
        else:
            page.set_item(item)
    for code, scenario in (data.get("scenarios") or {}).items():
        try:
            page.checklist_panel.set_scenario(str(code), str(scenario))
        except KeyError:
            problems.append(f"情形 {scenario} 已不在事项目录中")
    _restore_checks(page.checklist_panel.model, data.get("checks") or [])
    _restore_decision(page, data.get("decision") or {})
    page.set_ticket(str(data.get("ticket_no") or ""))
    return problems


def _restore_checks(model: ChecklistModel, saved: list[dict[str, Any]]) -> None:
    by_name = {str(s.get("name", "")).strip(): s for s in saved}
    for row, line in enumerate(model.rows()):
        s = by_name.get(line.check.material.name.strip())
        if s is None:
            continue
        state = MaterialState(str(s.get("state") or MaterialState.MISSING.value))
        copies = int(s.get("copies") or 0)
        if state is MaterialState.RECEIVED:
            if model.check(row).state is not MaterialState.RECEIVED:
                model.toggle_received(row)
            model.set_copies(row, copies)
        elif state is MaterialState.DEFECTIVE:
            model.mark_defective(row, str(s.get("defect") or ""))
            if copies:
                model.set_copies(row, copies)
        if s.get("note"):
            model.setData(model.index(row, ChecklistModel.NOTE), str(s["note"]))


def _restore_decision(page: AcceptancePage, data: dict[str, Any]) -> None:
    d = page.decision_panel
    if data.get("delivery"):
        _set_combo_data(d.delivery_combo, data["delivery"])
    d.mail_edit.setText(str(data.get("mail_address") or ""))
    d.signed_check.setChecked(bool(data.get("signed")))
    if data.get("deadline"):
        day = date.fromisoformat(str(data["deadline"]))
        d.deadline_edit.setDate(QDate(day.year, day.month, day.day))
    d.reason_edit.setText(str(data.get("reason") or ""))
    d.agency_edit.setText(str(data.get("agency") or ""))
    if data.get("kind"):
        button = d.radios.get(DecisionKind(str(data["kind"])))
        if button is not None and button.isEnabled():
            button.setChecked(True)


# -- saving ---------------------------------------------------------------------------------


class DraftKeeper(QObject):
    """Saves the page's draft after changes (debounced) and at once on each step."""

    def __init__(
        self,
        page: AcceptancePage,
        now: Callable[[], datetime],
        *,
        delay_ms: int = DRAFT_DELAY_MS,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._now = now
        context = page.context
        self.key = DraftKey(context.hall_code, context.window_no, context.user.username)
        self._saved = False  # this session wrote a draft (so clearing the page deletes it)
        self._paused = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def changed(self, *_args: object) -> None:
        """Something was typed: save a moment after the last change."""
        if not self._paused:
            self._timer.start()

    def step(self, *_args: object) -> None:
        """A step of the acceptance was taken: save now."""
        if not self._paused:
            self.save_now()

    def pause(self) -> None:
        """Restoring or clearing: the page's signals are not the clerk's changes."""
        self._paused += 1
        self._timer.stop()

    def resume(self) -> None:
        self._paused = max(self._paused - 1, 0)

    def save_now(self) -> None:
        self._timer.stop()
        page = self._page
        try:
            if page.has_unsaved_work():
                page.context.store.drafts.save(self.key, snapshot(page), self._now())
                self._saved = True
            elif self._saved:
                self.discard()
        except Exception:  # a draft is a safety net: never let it break the acceptance
            log.exception("saving the acceptance draft failed")

    def discard(self) -> None:
        """The work was confirmed or thrown away on purpose: no draft to offer."""
        self._timer.stop()
        self._saved = False
        try:
            self._page.context.store.drafts.delete(self.key)
        except Exception:
            log.exception("deleting the acceptance draft failed")

    def load(self) -> Draft | None:
        try:
            return self._page.context.store.drafts.load(self.key)
        except Exception:
            log.exception("reading the acceptance draft failed")
            return None
