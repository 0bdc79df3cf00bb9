"""The English translation is complete: lupdate run over today's sources into a copy of
resources/i18n/clerk_en.ts finds every user-visible string translated, with the same
placeholders, in a context the running app looks up.

When this fails after adding strings: ``python -m clerk_app.ui.forms_build --lupdate``, then
translate the entries marked ``type="unfinished"`` in resources/i18n/clerk_en.ts."""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import pkgutil
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

import clerk_app.domain
from clerk_app.contract.statistics import Grouping, Period
from clerk_app.domain.acceptance_bundle import KIND_SHORT
from clerk_app.printing.bundle_notice import BundleDoc
from clerk_app.printing.documents import DocType
from clerk_app.reports.columns import TABLES
from clerk_app.ui.forms_build import I18N_DIR, translation_sources, update_translation

CJK = re.compile(r"[\u4e00-\u9fff]")
TRANSLATING = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "tr_domain"}
LOGGING = {"debug", "info", "warning", "error", "exception", "critical"}
# Chinese that is not the screens' text, so it stays Chinese whatever the language.
NOT_SCREEN_TEXT = {
    # the command line (argparse help, messages before the window and its translator exist)
    "main.py": None,
    "setup_cli.py": None,
    "cache_status.py": None,  # run by the package's maintainer scripts (bilingual already)
    # the voice engine's state: reported to the server as the display's, read by supervisors
    "voice.py": None,
    # written into the printed 一次性告知书 as the reason for 补正
    "acceptance/checklist_view.py": None,
    # case events (the audit trail, stored and uploaded) and the server's audit reasons
    "delivery.py": {
        "窗口发放：领取人",
        "；委托情况：",
        "；结果：",
        "免费邮寄：",
        " 运单号",
        "，收件人",
        "，地址",
    },
    "helpdesk/at_window.py": {"来自帮办预审 "},
    "ready_list.py": {"已通知申请人", "领取办理结果"},
    "supervisor/live.py": {"大厅管理提醒：查看临期/超期案件"},
    "queue/panel.py": {"已办结（受理案件）", "已办结（咨询）", "号窗口"},
    # file names, and the hall's own window names (server data) when it has none
    "diagnostics.py": {"clerk-app-诊断包-", "未打开"},
    "helpdesk/preview.py": {"准备资料清单-", "取号凭条-"},
    "supervisor/dialogs.py": {"取号凭条-"},
    "statistics/page.py": {"-统计-"},
    "kiosk.py": {"凭条文件未保存："},
    "hall_display.py": {"号窗口"},
    "login.py": {"号窗口", "未配置中心服务器"},
    # the server's words compared, a font measure, a language's own name
    "first_run.py": {"尚未登记"},
    "password.py": {"原密码"},
    "screen_parts.py": {"中"},
    "setup_dialog.py": {"简体中文"},
}
# %1 … %99 (also %L1, localised numbers), %n in plurals, and the styles we no longer use.
QT_PLACEHOLDER = re.compile(r"%L?\d{1,2}|%n")
FOREIGN_PLACEHOLDER = re.compile(r"\{\w*\}|%[sd](?![A-Za-z])")
CLASS = re.compile(r"^\s*class (\w+)", re.MULTILINE)
EXPLICIT_CONTEXT = re.compile(r"(?:translate|QT_TRANSLATE_NOOP)\(\s*\"(\w+)\"")


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translations: tuple[str, ...]  # one, or the plural forms
    finished: bool
    plural: bool

    def __str__(self) -> str:
        return f"[{self.context or '<no context>'}] {self.source!r}"


def entries(ts_file: Path) -> list[Entry]:
    found = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            kind = translation.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            forms = [form.text or "" for form in translation.iter("numerusform")]
            texts = tuple(forms) if forms else (translation.text or "",)
            finished = kind != "unfinished" and all(text.strip() for text in texts)
            plural = message.get("numerus") == "yes"
            found.append(Entry(name, message.findtext("source") or "", texts, finished, plural))
    return found


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    """clerk_en.ts as lupdate makes it of the sources now (the committed file is untouched)."""
    copy = tmp_path_factory.mktemp("i18n") / "clerk_en.ts"
    shutil.copy(I18N_DIR / "clerk_en.ts", copy)
    update_translation(copy)
    found = entries(copy)
    assert len(found) > 500, "lupdate found too few strings: are the sources where expected?"
    return found


def known_contexts() -> set[str]:
    """The contexts the running app looks strings up in: PySide's ``self.tr`` tries the
    classes of the object (its MRO), uic's code the form's <class>, and an explicit
    ``translate("X", …)`` / ``QT_TRANSLATE_NOOP("X", …)`` the context it names."""
    contexts: set[str] = set()
    for path in translation_sources():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ui":
            contexts.add(ET.fromstring(text).findtext("class") or "")
        else:
            contexts.update(CLASS.findall(text))
            contexts.update(EXPLICIT_CONTEXT.findall(text))
    return contexts


def report(problems: list[str]) -> str:
    return f"{len(problems)}:\n" + "\n".join(problems)


def test_every_source_text_has_its_english(english: list[Entry]) -> None:
    untranslated = [str(entry) for entry in english if not entry.finished]
    assert not untranslated, "no English for " + report(untranslated)


def test_placeholders_the_same_in_english(english: list[Entry]) -> None:
    def placeholders(text: str, plural: bool) -> Counter[str]:
        found = Counter(QT_PLACEHOLDER.findall(text) + FOREIGN_PLACEHOLDER.findall(text))
        if plural:  # a plural's singular form may say "one" instead of %n
            del found["%n"]
        return found

    differing = [
        f"{entry} -> {text!r}"
        for entry in english
        if entry.finished
        for text in entry.translations
        if placeholders(text, len(entry.translations) > 1)
        != placeholders(entry.source, len(entry.translations) > 1)
    ]
    assert not differing, "placeholders differ in " + report(differing)


def test_one_placeholder_style(english: list[Entry]) -> None:
    """%1, %2 … (filled with ``.replace("%1", …)``), never str.format's {name} or %s."""
    foreign = [str(entry) for entry in english if FOREIGN_PLACEHOLDER.search(entry.source)]
    assert not foreign, "not %1-style placeholders in " + report(foreign)


def test_plurals_found_as_plurals(english: list[Entry]) -> None:
    """%n only in a message lupdate saw as a plural (``self.tr(text, "", n)``; its parser
    misses ``QCoreApplication.translate(context, text, "", n)`` unless n is a literal): a
    plain message is never found when looked up with a count."""
    plain = [str(entry) for entry in english if "%n" in entry.source and not entry.plural]
    assert not plain, "%n outside a plural message in " + report(plain)


def test_every_context_is_one_the_app_looks_up(english: list[Entry]) -> None:
    """``parent.tr(…)`` or a bare ``tr(…)`` helper leaves lupdate guessing the context
    (``parent``, empty): the running app never finds those translations."""
    contexts = known_contexts()
    stray = [str(entry) for entry in english if entry.context not in contexts]
    assert not stray, "strings in a context the app never looks up: " + report(stray)


def domain_labels() -> set[str]:
    """The labels of every enum of the domain layer (and of the printed documents), which
    the screens show through tr_domain (context "domain")."""
    enums: list[type[enum.Enum]] = [DocType, BundleDoc]
    for info in pkgutil.iter_modules(clerk_app.domain.__path__):
        module = importlib.import_module(f"clerk_app.domain.{info.name}")
        enums += [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, enum.Enum)
            and value.__module__ == module.__name__
            and isinstance(getattr(value, "label", None), property)
        ]
    labels = {member.label for kind in enums for member in kind}  # type: ignore[attr-defined]
    return (labels | set(KIND_SHORT.values())) - {""}


def test_every_domain_label_has_its_english(english: list[Entry]) -> None:
    """A new enum member or label in the domain needs its line in ui/domain_texts.py."""
    translated = {entry.source for entry in english if entry.context == "domain" and entry.finished}
    missing = sorted(domain_labels() - translated)
    assert not missing, "no English (ui/domain_texts.py) for domain labels " + report(missing)


def untranslated_literals(path: Path) -> list[tuple[int, str]]:
    """Chinese string literals of ``path`` that reach no translate call (docstrings and log
    messages aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    covered: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name in TRANSLATING or name in LOGGING:
                covered.update(id(inner) for arg in node.args for inner in ast.walk(arg))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            covered.add(id(body[0].value))  # a docstring
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CJK.search(node.value)
        and id(node) not in covered
    ]


def test_screen_text_goes_through_the_translator() -> None:
    """Chinese meant for the screen is in a tr/translate call (or marked QT_TRANSLATE_NOOP),
    or lupdate never sees it and English never shows it."""
    ui = I18N_DIR.parents[1] / "clerk_app" / "ui"
    raw = []
    for path in translation_sources():
        if path.suffix != ".py":
            continue
        name = path.relative_to(ui).as_posix()
        allowed = NOT_SCREEN_TEXT.get(name, set())
        if allowed is None:
            continue
        raw += [
            f"{name}:{line}: {text!r}"
            for line, text in untranslated_literals(path)
            if text not in allowed
        ]
    assert not raw, "Chinese outside tr()/translate() " + report(raw)


def test_statistics_filters_and_tables_have_their_english(english: list[Entry]) -> None:
    """A new period, grouping or table needs its line in ui/statistics/page.py."""
    translated = {e.source for e in english if e.context == "StatisticsPage" and e.finished}
    shown = {p.label for p in Period} | {g.label for g in Grouping} | {t.title for t in TABLES}
    missing = sorted(shown - translated)
    assert not missing, "no English (ui/statistics/page.py) for " + report(missing)
