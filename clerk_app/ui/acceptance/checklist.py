"""The checklist of materials (申请材料) for the chosen item and scenario, ticked by keyboard
(the keys: ``checklist_view``); its layout is forms/checklist.ui."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from clerk_app.domain.acceptance_draft import EnteredCheck, EnteredSubject
from clerk_app.domain.capture import Capture, DocumentDetails
from clerk_app.domain.cases import MaterialCheck
from clerk_app.domain.catalog import Bundle, Item, Material, merge_bundle_checklist
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.material_checks import (
    carry_over,
    item_checks,
    materials_shown,
    recorded,
    tally,
)
from clerk_app.store.drafts import DraftKey
from clerk_app.ui.acceptance._common import bundle_mark, short_name
from clerk_app.ui.acceptance.checklist_model import ChecklistModel, ChecklistRow
from clerk_app.ui.forms.ui_checklist import Ui_ChecklistPanel
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.screen_parts import readable_columns

if TYPE_CHECKING:
    from clerk_app.ui.context import WindowContext


class _ServesDelegate(QStyledItemDelegate):
    """A bundle's 适用事项 cell as the items' marks (①③④), numbered in the subject line: the
    long item names would leave the material's name no width at 1366×768. The full names
    stay the cell's data and its tooltip."""

    def __init__(self, marks: dict[str, str], parent: QWidget) -> None:
        super().__init__(parent)
        self._marks = marks  # item name -> its mark, kept current by the panel

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        names = str(index.data() or "").split("、")
        if all(name in self._marks for name in names):
            # zero-width spaces: the marks may wrap onto a second line in the narrow column
            option.text = "\u200b".join(self._marks[name] for name in names)


class ChecklistPanel(QWidget):
    """Scenario choice (情形) and the checklist of one item or a bundle's merged checklist."""

    changed = Signal()  # a check, the scenario or the subject changed

    def __init__(self, context: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._items: list[Item] = []
        self._bundle: Bundle | None = None
        # a bundle's materials its own items produce: (material, producing item), not asked
        self._produced_lines: list[tuple[str, str]] = []
        self._scenario_combos: dict[str, QComboBox] = {}
        self.model = ChecklistModel(self)

        self.form = Ui_ChecklistPanel()
        self.form.setupUi(self)
        self.subject_label = self.form.checklistSubject
        self.scenario_box = self.form.scenarioBox
        self.scenario_form = self.form.scenario_form
        self.scenario_box.setVisible(False)  # until an item with scenarios is chosen
        self.view = self.form.checklistView
        self.summary_label = self.form.checklistSummary
        self.keys_label = self.form.checklistKeys
        self.all_received_button = self.form.allReceivedButton
        self.view.setModel(self.model)
        # The clerk ticks what the name says: the name takes the width and wraps; 形式, 要求,
        # 状态 (with a 补正 reason), 备注 and 适用事项 wrap in a few characters; 实收份数 shows
        # "received / asked", so the 份数 column stays hidden.
        readable_columns(
            self.view,
            ChecklistModel.NAME,
            wrapped={
                ChecklistModel.FORM: 4,
                ChecklistModel.REQUIREMENT: 4,
                ChecklistModel.STATE: 4,
                ChecklistModel.NOTE: 3,
                ChecklistModel.SERVES: 4,
                ChecklistModel.ECOPY: 3,
            },
        )
        self.view.setColumnHidden(ChecklistModel.COPIES, True)
        self.view.setColumnHidden(ChecklistModel.SERVES, True)
        self._item_marks: dict[str, str] = {}
        self.view.setItemDelegateForColumn(
            ChecklistModel.SERVES, _ServesDelegate(self._item_marks, self.view)
        )
        self.all_received_button.clicked.connect(self.model.mark_required_received)

        # Ctrl+A on the view is handled by the view; elsewhere on the panel by this shortcut.
        shortcut = QShortcut(QKeySequence("Ctrl+A"), self.all_received_button)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.model.mark_required_received)

        self.model.dataChanged.connect(self._on_model_changed)
        self.model.modelReset.connect(self._on_model_changed)
        self._update_summary()

    # -- subject ------------------------------------------------------------------------
    def items(self) -> list[Item]:
        return list(self._items)

    def bundle(self) -> Bundle | None:
        return self._bundle

    def set_item(self, item: Item | None) -> None:
        """Show the checklist of one item (None: nothing chosen)."""
        self._bundle = None
        self._items = [item] if item is not None else []
        self._build_scenarios()
        if item is None:
            self.subject_label.setText(self.tr("尚未选择事项（F3 搜索事项）"))
        else:
            self.subject_label.setText(
                self.tr("%1（%2，%3）")
                .replace("%1", item.name)
                .replace("%2", item.department)
                .replace("%3", tr_domain(item.handling.label))
            )
        self.view.setColumnHidden(ChecklistModel.SERVES, True)
        self._rebuild_rows(keep_checks=False)

    def set_bundle(self, bundle: Bundle, items: list[Item], *, keep_checks: bool = False) -> None:
        """Show a bundle's merged checklist (一件事: one set of materials for several items:
        the ones the citizen takes). ``keep_checks``: the same bundle with another choice of
        optional items keeps what was ticked and the scenarios chosen."""
        scenarios = self.entered_scenarios() if keep_checks else {}
        self._bundle = bundle
        self._items = list(items)
        self._build_scenarios()
        for code, scenario in scenarios.items():
            if code in self._scenario_combos:
                self.set_scenario(code, scenario)
        marks = [bundle_mark(bundle, item.code) for item in items]
        self._item_marks.clear()
        self._item_marks.update({item.name: mark for item, mark in zip(items, marks, strict=True)})
        self.subject_label.setText(
            self.tr("【一件事】%1：%2")
            .replace("%1", bundle.name)
            .replace(
                "%2",
                " ".join(f"{m}{short_name(i.name)}" for m, i in zip(marks, items, strict=True)),
            )
        )
        self.view.setColumnHidden(ChecklistModel.SERVES, False)
        self._rebuild_rows(keep_checks=keep_checks)

    def clear(self) -> None:
        self.set_item(None)

    def _show_ecopy_column(self) -> None:
        """电子件: always beside one item's lines; a bundle's lines (适用事项 takes the room)
        show it once a line holds pages or the hall requires them."""
        shown = self._bundle is None or self.has_pages() or self.ecopy_blocks()
        if self.view.isColumnHidden(ChecklistModel.ECOPY) == shown:
            self.view.setColumnHidden(ChecklistModel.ECOPY, not shown)

    # -- scenarios ----------------------------------------------------------------------
    def _build_scenarios(self) -> None:
        while self.scenario_form.rowCount():
            self.scenario_form.removeRow(0)
        self._scenario_combos = {}
        for item in self._items:
            if not item.scenarios:
                continue
            combo = QComboBox(self.scenario_box)
            combo.setObjectName(
                "scenarioCombo" if self._bundle is None else f"scenarioCombo_{item.code}"
            )
            combo.addItem(self.tr("（请选择情形）"), None)
            for scenario in item.scenarios:
                combo.addItem(scenario.name, scenario.code)
                combo.setItemData(
                    combo.count() - 1,
                    scenario.description or scenario.name,
                    Qt.ItemDataRole.ToolTipRole,
                )
            combo.currentIndexChanged.connect(self._rebuild_rows)
            label = self.tr("情形 (F4)") if self._bundle is None else item.name
            self.scenario_form.addRow(label, combo)
            self._scenario_combos[item.code] = combo
        self.scenario_box.setVisible(bool(self._scenario_combos))

    def scenario_combos(self) -> list[QComboBox]:
        return list(self._scenario_combos.values())

    def focus_scenario(self) -> bool:
        combos = self.scenario_combos()
        if not combos:
            return False
        combos[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def focus_checklist(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, ChecklistModel.NAME))

    def scenario_for(self, item_code: str) -> str | None:
        combo = self._scenario_combos.get(item_code)
        if combo is None:
            return None
        code = combo.currentData()
        return str(code) if code else None

    def entered_subject(self) -> EnteredSubject:
        if self._bundle is not None:
            return EnteredSubject(
                bundle=self._bundle.code, bundle_items=tuple(i.code for i in self._items)
            )
        return EnteredSubject(item=self._items[0].code) if self._items else EnteredSubject()

    def entered_scenarios(self) -> dict[str, str]:
        """The scenario chosen for each item that has one chosen, by item code."""
        chosen = {i.code: self.scenario_for(i.code) for i in self._items}
        return {code: scenario for code, scenario in chosen.items() if scenario}

    def load_scenarios(self, scenarios: dict[str, str]) -> list[str]:
        """Choose the scenarios again; returns what could not be chosen, in the clerk's words."""
        problems: list[str] = []
        for code, scenario in scenarios.items():
            try:
                self.set_scenario(code, scenario)
            except KeyError:
                problems.append(self.tr("情形 %1 已不在事项目录中").replace("%1", scenario))
        return problems

    def set_scenario(self, item_code: str, scenario_code: str) -> None:
        combo = self._scenario_combos[item_code]
        index = combo.findData(scenario_code)
        if index < 0:
            raise KeyError(scenario_code)
        combo.setCurrentIndex(index)

    # -- checks -------------------------------------------------------------------------
    def _materials_for(self, item: Item) -> list[Material]:
        return materials_shown(item, self.scenario_for(item.code))

    def _rebuild_rows(self, *_args: object, keep_checks: bool = True) -> None:
        # A scenario change keeps what was already ticked (same material name); a new
        # subject starts from scratch.
        previous = (
            {r.check.material.name.strip(): r.check for r in self.model.rows} if keep_checks else {}
        )
        # captured pages stay with their material through scenario and bundle changes
        captured = {r.check.material.name.strip(): r for r in self.model.rows if r.pages}
        rows: list[ChecklistRow] = []
        names = {i.code: i.name for i in self._items}
        self._produced_lines = []
        if self._bundle is None:
            for item in self._items:
                for m in self._materials_for(item):
                    rows.append(ChecklistRow(carry_over(m, previous)))
        else:
            # Filter each item by its own scenario first, then merge what is left.
            filtered = [
                replace(i, materials=tuple(self._materials_for(i)), scenarios=())
                for i in self._items
            ]
            for merged in merge_bundle_checklist(filtered, bundle=self._bundle):
                serves = tuple(names[code] for code in merged.item_codes)
                if merged.produced_by is None:
                    rows.append(ChecklistRow(carry_over(merged.material, previous), serves))
                else:  # the result of an item of the bundle: shown, not asked
                    producer = names[merged.produced_by]
                    mark = self._item_marks.get(producer, producer)
                    self._produced_lines.append((merged.material.name, mark))
        for n, r in enumerate(rows):
            kept = captured.get(r.check.material.name.strip())
            if kept is not None:
                rows[n] = replace(r, pages=kept.pages, details=kept.details)
        self.model.set_rows(rows)
        if rows:
            self.view.setCurrentIndex(self.model.index(0, ChecklistModel.NAME))
        self.changed.emit()

    def checks(self) -> list[MaterialCheck]:
        """The checklist as shown (for a bundle: the merged lines)."""
        return self.model.checks()

    def checks_for(self, item_code: str) -> list[MaterialCheck]:
        """The checks of one item: its own materials with what was recorded on the (possibly
        merged) line of the same name. One case per item stores these."""
        item = next((i for i in self._items if i.code == item_code), None)
        if item is None:
            raise KeyError(item_code)
        if self._bundle is None:
            return self.checks()
        names = {i.code: i.name for i in self._items}
        produced = {
            code: names[producer]
            for code, producer in self._bundle.produced_materials(list(names)).items()
        }
        return item_checks(self._materials_for(item), self.checks(), produced)

    def entered_checks(self) -> tuple[EnteredCheck, ...]:
        """The lines as recorded, by material name (a draft)."""
        return tuple(
            EnteredCheck(
                c.material.name,
                c.state,
                c.copies_received,
                c.note,
                c.defect_reason,
                c.library_entry,
            )
            for c in self.checks()
        )

    def load_checks(self, entered: tuple[EnteredCheck, ...]) -> None:
        """Put recorded lines back on the lines of the same material name; lines of materials
        the subject no longer asks are dropped."""
        by_name = {e.name.strip(): e for e in entered}
        for row, check in enumerate(self.checks()):
            e = by_name.get(check.material.name.strip())
            if e is not None:
                self.model.set_check(
                    row, recorded(check, e.state, e.copies, e.note, e.defect, e.library_entry)
                )

    # -- captured pages (电子件) ------------------------------------------------------------
    def capture_key(self) -> DraftKey:
        """The acceptance in progress at this window (the draft's key): its staged pages."""
        c = self._context
        return DraftKey(c.hall_code, c.window_no, c.user.username)

    def set_line_pages(self, row: int, pages: Capture) -> None:
        """The line's pages changed: kept on the PC at once (``store.capture``), then shown."""
        name = self.model.check(row).material.name.strip()
        self._context.store.capture.keep(self.capture_key(), name, pages, hall_now())
        self.model.set_pages(row, pages)

    def set_line_details(self, row: int, details: DocumentDetails) -> None:
        """The line's 有效期至 / 发证机关 changed: kept on the PC at once."""
        name = self.model.check(row).material.name.strip()
        self._context.store.capture.keep_details(self.capture_key(), name, details)
        self.model.set_details(row, details)

    def pages_by_name(self) -> dict[str, Capture]:
        return {r.check.material.name.strip(): r.pages for r in self.model.rows if r.pages}

    def details_by_name(self) -> dict[str, DocumentDetails]:
        return {r.check.material.name.strip(): r.details for r in self.model.rows if r.details}

    def load_pages(
        self, captured: dict[str, Capture], details: dict[str, DocumentDetails] | None = None
    ) -> None:
        """Staged pages (and what was read off the documents) back on the lines of the same
        material name (a restored draft)."""
        details = details or {}
        for row, r in enumerate(self.model.rows):
            name = r.check.material.name.strip()
            if name in details:
                self.model.set_details(row, details[name])
            pages = captured.get(name)
            if pages:
                self.model.set_pages(row, pages)

    def has_pages(self) -> bool:
        return any(r.pages for r in self.model.rows)

    def ecopy_blocks(self) -> bool:
        """The hall's setting: a required line without an electronic copy blocks 受理 and
        容缺受理 (default: a warning only)."""
        config = self._context.store.settings.hall_config(self._context.hall_code)
        settings = config.material_settings if config is not None else None
        return settings is not None and settings.missing_ecopy_blocks

    def lacking_ecopy(self) -> list[str]:
        return self.model.lacking_ecopy()

    def errors(self) -> list[str]:
        errors: list[str] = []
        if not self._items:
            errors.append(self.tr("请先选择事项（F3）"))
        for item in self._items:
            if item.scenarios and self.scenario_for(item.code) is None:
                errors.append(self.tr("请选择“%1”的办理情形（F4）").replace("%1", item.name))
        return errors

    def _on_model_changed(self, *_args: object) -> None:
        self._show_ecopy_column()
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        counts = tally(self.model.checks())
        text = (
            self.tr("必要 %1 项：已收 %2 · 未收 %3 · 需补正 %4")
            .replace("%1", str(counts.required))
            .replace("%2", str(counts.received))
            .replace("%3", str(counts.missing))
            .replace("%4", str(counts.defective))
        )
        # Received without an electronic copy: counted on the same line (the checklist keeps
        # its rows), the lines red "—" in 电子件, their names on hover and in a blocked decision.
        lacking = self.model.lacking_ecopy()
        if lacking:
            longer = text + self.tr(" · 无电子件 %1").replace("%1", str(len(lacking)))
            # a bundle's lines need every pixel of height: the count only when it fits
            fits = self.summary_label.fontMetrics().horizontalAdvance(longer) <= max(
                self.summary_label.width() - 4, 0
            )
            if self._bundle is None or fits:
                text = longer
        self.summary_label.setToolTip(
            self.tr("未采集电子件：%1").replace("%1", "、".join(lacking)) if lacking else ""
        )
        if self._produced_lines:  # marked with the producing item: a line, not three
            produced = "、".join(f"{m}（{i}）" for m, i in self._produced_lines)
            text += "\n" + self.tr("本件内产生，无需提交：%1").replace("%1", produced)
        self.summary_label.setText(text)
        # a bundle needs the height for its lines: the keys stay in the list's tooltip
        self.keys_label.setVisible(self._bundle is None)
