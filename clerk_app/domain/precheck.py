"""Help-desk pre-check (帮办预审): what the citizen brought, checked before the window.

A pre-check records the item(s) and scenario, each material's finding, who checked it, and
where it went: still open (the citizen took a preparation list home), handed to the window with
a ticket, accepted as a case, or closed. Its number is made offline like a case number, with the
desk that made it in place of the window: ``YS-HS01-H03-20261207-0012`` (the hall's third
help-desk account) or ``YS-HS01-W04-…`` (a supervisor at window 4's PC).

The QR printed on the preparation list and the ticket slip carries the whole pre-check, sealed
with the hall's key (AES-GCM under a key derived from the hall's secret, which every staff PC
of the hall has cached): the window rebuilds the pre-check from it when the network is down, a
changed byte or another hall's QR is refused, and the applicant's ID number printed inside is
unreadable to anybody who finds the paper. The hall code stays in clear text in front so that a
QR of another hall can be named as such.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from clerk_app.domain.catalog import Bundle, Item, Material, merge_bundle_checklist
from clerk_app.domain.daily_numbers import (
    daily_number_pattern,
    make_daily_number_at,
    parse_daily_number_at,
)

DEFAULT_OPEN_DAYS = 30  # how long a preparation list reopens its pre-check (hall setting)
QR_PREFIX = "YS1"  # format version of the sealed QR text
_NONCE_BYTES = 12


class PrecheckStatus(StrEnum):
    OPEN = "open"  # not ready: the citizen took the preparation list home
    HANDED_OVER = "handed_over"  # ready: a ticket carries it to the window
    ACCEPTED = "accepted"  # the window made a case of it
    CLOSED = "closed"  # ended without a case (withdrawn, the citizen gave up)

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    PrecheckStatus.OPEN: "待补材料",
    PrecheckStatus.HANDED_OVER: "已转窗口",
    PrecheckStatus.ACCEPTED: "已受理",
    PrecheckStatus.CLOSED: "已关闭",
}


class Finding(StrEnum):
    """What the help desk found for one material."""

    NOT_CHECKED = "not_checked"
    BROUGHT = "brought"  # 已带齐
    MISSING = "missing"  # 未带
    DEFECTIVE = "defective"  # 有缺陷 (unsigned, unreadable, incomplete)
    EXPIRED = "expired"  # 已过期
    WRONG_COPY = "wrong_copy"  # 份数或形式不对 (a copy where the original is needed …)

    @property
    def label(self) -> str:
        return _FINDING_LABELS[self]

    @property
    def needs_action(self) -> bool:
        """The citizen still has to bring or fix this material."""
        return self not in (Finding.BROUGHT, Finding.NOT_CHECKED)


_FINDING_LABELS = {
    Finding.NOT_CHECKED: "未核",
    Finding.BROUGHT: "已带齐",
    Finding.MISSING: "未带",
    Finding.DEFECTIVE: "有缺陷",
    Finding.EXPIRED: "已过期",
    Finding.WRONG_COPY: "份数或形式不符",
}


@dataclass(frozen=True, slots=True)
class MaterialFinding:
    material_code: str
    finding: Finding = Finding.NOT_CHECKED
    note: str = ""


@dataclass(frozen=True, slots=True)
class ItemRef:
    """An item of the pre-check at the catalog version the help desk checked against."""

    code: str
    version: int


@dataclass(frozen=True, slots=True)
class Precheck:
    number: str
    hall_code: str
    item_refs: tuple[ItemRef, ...]
    scenario_code: str | None
    findings: tuple[MaterialFinding, ...]
    checked_by: str  # the help-desk account
    created_at: datetime
    open_until: date
    status: PrecheckStatus = PrecheckStatus.OPEN
    bundle_code: str | None = None
    applicant_kind: str | None = None  # document kind, as IdKind values
    applicant_id: str | None = None
    agent_authorisation: str = ""  # 帮办代办: how the citizen authorised the help desk to act
    note: str = ""
    ticket_no: str | None = None
    case_number: str | None = None
    version: int = 0

    def finding_for(self, material_code: str) -> MaterialFinding:
        for f in self.findings:
            if f.material_code == material_code:
                return f
        return MaterialFinding(material_code)

    @property
    def item_codes(self) -> tuple[str, ...]:
        return tuple(ref.code for ref in self.item_refs)

    @property
    def acts_as_agent(self) -> bool:
        return bool(self.agent_authorisation.strip())

    def is_expired(self, today: date) -> bool:
        return self.status is PrecheckStatus.OPEN and today > self.open_until

    def brought_codes(self) -> tuple[str, ...]:
        return tuple(f.material_code for f in self.findings if f.finding is Finding.BROUGHT)


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """A material the pre-check asks for (the merged line of a bundle counts once)."""

    code: str
    required: bool


def still_needed(lines: Iterable[ChecklistLine], findings: Iterable[MaterialFinding]) -> list[str]:
    """Codes of the required materials the citizen has not brought in good order."""
    by_code = {f.material_code: f.finding for f in findings}
    return [
        line.code
        for line in lines
        if line.required and by_code.get(line.code, Finding.NOT_CHECKED) is not Finding.BROUGHT
    ]


def is_ready(lines: Iterable[ChecklistLine], findings: Iterable[MaterialFinding]) -> bool:
    """Every required material is brought: the citizen may go to the window."""
    return not still_needed(lines, findings)


# --- numbers -------------------------------------------------------------------------------

_DESK = r"[HW]\d{2}"
_NUMBER = daily_number_pattern("YS-", place=_DESK)


def desk_code(window_no: int | None, username: str, helpdesk_usernames: Sequence[str]) -> str:
    """Which desk numbers this PC's pre-checks, unique in the hall without the network.

    A help-desk account is ``H`` + its place among the hall's help-desk accounts (sorted), so
    two help desks never share a sequence wherever they sit; anyone else makes pre-checks at a
    window's PC: ``W`` + that window. ``H00``/``W00`` when neither is known (a shared sequence,
    the server then refuses the second of two equal numbers as a conflict)."""
    accounts = sorted(helpdesk_usernames)
    if username in accounts:
        return f"H{min(accounts.index(username) + 1, 99):02d}"
    return f"W{(window_no or 0) % 100:02d}"


def make_precheck_number(hall_code: str, desk: str, day: date, sequence: int) -> str:
    """Unique without the network: hall + desk + date + per-desk sequence."""
    if not re.fullmatch(_DESK, desk):
        raise ValueError(f"帮办台号不合法：{desk}")
    return make_daily_number_at(hall_code, desk, day, sequence, prefix="YS-")


def parse_precheck_number(text: str) -> tuple[str, str, date, int] | None:
    return parse_daily_number_at(_NUMBER, text)


# --- the sealed QR -------------------------------------------------------------------------


class QrProblem(StrEnum):
    """Why a scanned text cannot reopen a pre-check, as the clerk reads it."""

    NOT_PRECHECK = "not_precheck"
    OTHER_HALL = "other_hall"
    TAMPERED = "tampered"
    NO_KEY = "no_key"

    @property
    def message(self) -> str:
        return _QR_MESSAGES[self]


_QR_MESSAGES = {
    QrProblem.NOT_PRECHECK: "扫描的内容不是预审码，请扫描准备资料清单或排队小票上的二维码",
    QrProblem.OTHER_HALL: "这是其他大厅（{hall}）的预审码，本大厅不能打开，请按清单重新预审",
    QrProblem.TAMPERED: "预审码已损坏或被改动，无法读取；请输入预审编号查询或重新预审",
    QrProblem.NO_KEY: "本机尚未取得大厅密钥（请联网登录一次），暂时不能读取预审码；可输入预审编号",
}


class QrError(ValueError):
    def __init__(self, problem: QrProblem, hall_code: str = "") -> None:
        self.problem = problem
        self.hall_code = hall_code
        super().__init__(problem.message.format(hall=hall_code))


def _key(secret: str) -> bytes:
    return hashlib.sha256(b"clerk-app precheck qr v1\x00" + secret.encode()).digest()


def _payload(p: Precheck) -> dict[str, Any]:
    # Short keys: the QR must stay small enough for a ticket slip's 58 mm paper.
    data: dict[str, Any] = {
        "n": p.number,
        "i": [[r.code, r.version] for r in p.item_refs],
        "s": p.scenario_code,
        "f": [[f.material_code, f.finding.value, f.note] for f in p.findings],
        "c": p.checked_by,
        "t": p.created_at.isoformat(timespec="seconds"),
        "u": p.open_until.isoformat(),
        "st": p.status.value,
    }
    optional = {
        "b": p.bundle_code,
        "ak": p.applicant_kind,
        "a": p.applicant_id,
        "g": p.agent_authorisation,
        "o": p.note,
        "k": p.ticket_no,
    }
    data.update({k: v for k, v in optional.items() if v})
    return data


def _from_payload(hall_code: str, data: Mapping[str, Any]) -> Precheck:
    return Precheck(
        number=str(data["n"]),
        hall_code=hall_code,
        item_refs=tuple(ItemRef(str(code), int(version)) for code, version in data["i"]),
        scenario_code=data.get("s"),
        findings=tuple(
            MaterialFinding(str(code), Finding(finding), str(note))
            for code, finding, note in data["f"]
        ),
        checked_by=str(data["c"]),
        created_at=datetime.fromisoformat(data["t"]),
        open_until=date.fromisoformat(data["u"]),
        status=PrecheckStatus(data.get("st", PrecheckStatus.OPEN.value)),
        bundle_code=data.get("b"),
        applicant_kind=data.get("ak"),
        applicant_id=data.get("a"),
        agent_authorisation=str(data.get("g", "")),
        note=str(data.get("o", "")),
        ticket_no=data.get("k"),
    )


def seal_qr(precheck: Precheck, secret: str, nonce: bytes | None = None) -> str:
    """The QR text: ``YS1.<hall>.<base32 of nonce + AES-GCM(zlib(json))>``.

    Upper-case letters, digits and dots only: QR alphanumeric mode (small), and a barcode
    scanner working as a keyboard types it the same under any input method.
    """
    if not secret:
        raise QrError(QrProblem.NO_KEY)
    header = f"{QR_PREFIX}.{precheck.hall_code.upper()}"
    plain = zlib.compress(
        json.dumps(_payload(precheck), ensure_ascii=False, separators=(",", ":")).encode(), 9
    )
    nonce = nonce if nonce is not None else _random_nonce()
    sealed = nonce + AESGCM(_key(secret)).encrypt(nonce, plain, header.encode())
    return f"{header}.{base64.b32encode(sealed).decode().rstrip('=')}"


def _random_nonce() -> bytes:
    return os.urandom(_NONCE_BYTES)


def qr_hall(text: str) -> str | None:
    """The hall a scanned pre-check QR belongs to, or None when it is not one."""
    parts = text.strip().upper().split(".")
    if len(parts) != 3 or parts[0] != QR_PREFIX or not parts[1]:
        return None
    return parts[1]


def open_qr(text: str, hall_code: str, secret: str) -> Precheck:
    """Rebuild the pre-check sealed in a scanned QR of this hall; QrError says why not."""
    hall = qr_hall(text)
    if hall is None:
        raise QrError(QrProblem.NOT_PRECHECK)
    if hall != hall_code.upper():
        raise QrError(QrProblem.OTHER_HALL, hall)
    if not secret:
        raise QrError(QrProblem.NO_KEY)
    body = text.strip().upper().split(".")[2]
    try:
        sealed = base64.b32decode(body + "=" * (-len(body) % 8))
        nonce, cipher = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
        plain = AESGCM(_key(secret)).decrypt(nonce, cipher, f"{QR_PREFIX}.{hall}".encode())
        return _from_payload(hall, json.loads(zlib.decompress(plain)))
    except (ValueError, InvalidTag, zlib.error, KeyError, TypeError) as exc:
        raise QrError(QrProblem.TAMPERED) from exc


# --- what still applies when the window opens a pre-check ----------------------------------


@dataclass(frozen=True, slots=True)
class CatalogView:
    """What the window's catalog says of an item now (version, withdrawn, material codes)."""

    code: str
    version: int
    withdrawn: bool
    material_codes: frozenset[str]


@dataclass(frozen=True, slots=True)
class Reconciled:
    """A pre-check against today's catalog: what still applies, and what the clerk is told."""

    precheck: Precheck
    usable_items: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def usable(self) -> bool:
        return bool(self.usable_items)


def reconcile(precheck: Precheck, catalog: Mapping[str, CatalogView], today: date) -> Reconciled:
    """Keep what still applies; say plainly what does not (nothing is dropped silently).

    An expired or closed pre-check still shows what was checked (the clerk may use it as a
    guide) but is said to be so; a withdrawn item drops out; a changed item version keeps the
    findings of materials the item still has and asks the clerk to check the rest.
    """
    warnings: list[str] = []
    if precheck.status in (PrecheckStatus.CLOSED, PrecheckStatus.ACCEPTED):
        warnings.append(
            f"预审 {precheck.number} {precheck.status.label}，不能再次使用，请重新核对材料"
        )
    elif precheck.is_expired(today):
        warnings.append(
            f"预审 {precheck.number} 已于 {precheck.open_until:%Y-%m-%d} 过期，请重新核对全部材料"
        )
    usable: list[str] = []
    kept_codes: set[str] = set()
    for ref in precheck.item_refs:
        view = catalog.get(ref.code)
        if view is None or view.withdrawn:
            warnings.append(f"事项 {ref.code} 已停用或本机目录中没有，该事项不能按预审受理")
            continue
        usable.append(ref.code)
        kept_codes |= view.material_codes
        if view.version != ref.version:
            warnings.append(
                f"事项 {ref.code} 的目录已从第 {ref.version} 版更新为第 {view.version} 版，"
                "新增或变动的材料请重新核对"
            )
    findings = tuple(f for f in precheck.findings if f.material_code in kept_codes)
    dropped = len(precheck.findings) - len(findings)
    if dropped and usable:
        warnings.append(f"{dropped} 项材料已不在当前清单中，已略去")
    kept = replace(precheck, findings=findings)
    if precheck.status in (PrecheckStatus.CLOSED, PrecheckStatus.ACCEPTED) or (
        precheck.is_expired(today)
    ):
        # A used or expired pre-check guides the clerk but vouches for nothing.
        unchecked = tuple(replace(f, finding=Finding.NOT_CHECKED) for f in findings)
        kept = replace(kept, findings=unchecked)
    return Reconciled(kept, tuple(usable), tuple(warnings))


# --- who may move a pre-check where --------------------------------------------------------

# (from, to) → the roles that may make the move. The help desk opens, updates, hands over and
# closes; the window accepts (a case was made of it) or sends the citizen back (it reopens);
# a supervisor may do any of these.
_MOVES: dict[tuple[PrecheckStatus | None, PrecheckStatus], frozenset[str]] = {
    (None, PrecheckStatus.OPEN): frozenset({"helpdesk", "supervisor"}),
    (None, PrecheckStatus.HANDED_OVER): frozenset({"helpdesk", "supervisor"}),
    (PrecheckStatus.OPEN, PrecheckStatus.OPEN): frozenset({"helpdesk", "supervisor"}),
    (PrecheckStatus.OPEN, PrecheckStatus.HANDED_OVER): frozenset({"helpdesk", "supervisor"}),
    (PrecheckStatus.OPEN, PrecheckStatus.CLOSED): frozenset({"helpdesk", "supervisor"}),
    (PrecheckStatus.OPEN, PrecheckStatus.ACCEPTED): frozenset({"clerk", "supervisor"}),
    (PrecheckStatus.HANDED_OVER, PrecheckStatus.ACCEPTED): frozenset({"clerk", "supervisor"}),
    (PrecheckStatus.HANDED_OVER, PrecheckStatus.OPEN): frozenset(
        {"clerk", "helpdesk", "supervisor"}
    ),
    (PrecheckStatus.HANDED_OVER, PrecheckStatus.CLOSED): frozenset({"helpdesk", "supervisor"}),
}


def move_exists(current: PrecheckStatus | None, target: PrecheckStatus) -> bool:
    return (current, target) in _MOVES


def move_refusal(current: PrecheckStatus | None, target: PrecheckStatus, role: str) -> str | None:
    """Why ``role`` may not move a pre-check from ``current`` to ``target`` (None: it may)."""
    allowed = _MOVES.get((current, target))
    if allowed is None:
        start = current.label if current else "新建"
        return f"预审不能从「{start}」改为「{target.label}」"
    if role not in allowed:
        return f"此账户不能把预审改为「{target.label}」"
    return None


# --- the checklist the help desk works through ---------------------------------------------


@dataclass(frozen=True, slots=True)
class PrecheckLine:
    """One material of the pre-check's checklist and the items that ask for it. ``key`` names
    the line in the pre-check's findings: the material's code, or ``ITEM/CODE`` when two lines
    of a bundle share a code (codes are each item's own: two items' ``M01`` differ)."""

    material: Material
    item_codes: tuple[str, ...]
    key: str = ""

    def as_checklist_line(self) -> ChecklistLine:
        return ChecklistLine(self.key or self.material.code, self.material.required)


def precheck_lines(
    items: Sequence[Item], scenario_code: str | None, bundle: Bundle | None = None
) -> list[PrecheckLine]:
    """The checklist for the chosen items and scenario; a material several items of a bundle
    ask for is one line (the bundle's merge rules), and one an item of the bundle produces
    (营业执照 from 设立登记) is not asked at all."""
    scenarios = {
        item.code: scenario_code if scenario_code in {s.code for s in item.scenarios} else None
        for item in items
    }
    merged = [m for m in merge_bundle_checklist(items, scenarios, bundle) if m.produced_by is None]
    shared = Counter(m.material.code for m in merged)
    return [
        PrecheckLine(
            m.material,
            m.item_codes,
            m.material.code
            if shared[m.material.code] == 1
            else f"{m.item_codes[0]}/{m.material.code}",
        )
        for m in merged
    ]


def line_materials(
    items: Sequence[Item], scenario_code: str | None, bundle: Bundle | None = None
) -> dict[str, Material]:
    """Each checklist line's key → its material (for reading a pre-check's findings)."""
    return {line.key: line.material for line in precheck_lines(items, scenario_code, bundle)}


@dataclass(frozen=True, slots=True)
class FindingMaterials:
    """Which material each finding of a pre-check is about, for its items and scenario.

    Material codes are an item's own (``M01``, ``M02`` …), and in a bundle two items may use
    one code for different materials. The help desk records its findings in the order of the
    checklist (``precheck_lines``: a material several items ask for is one line under the
    first item's code), so the n-th finding of a code is the n-th line of that code. A finding
    the checklist no longer has (the catalog changed since) is the first item's material of
    that code; None when no item has the code."""

    lines: Mapping[str, tuple[Material, ...]]
    anywhere: Mapping[str, Material]

    @classmethod
    def of(cls, items: Sequence[Item], scenario_code: str | None) -> FindingMaterials:
        lines: dict[str, tuple[Material, ...]] = {}
        for line in precheck_lines(items, scenario_code):
            for code in {line.key, line.material.code}:  # keyed findings, and older ones by code
                lines[code] = (*lines.get(code, ()), line.material)
        anywhere: dict[str, Material] = {}
        for item in items:
            for material in item.materials:
                anywhere.setdefault(material.code, material)
        return cls(lines, anywhere)

    def resolve(
        self, findings: Iterable[MaterialFinding]
    ) -> list[tuple[MaterialFinding, Material | None]]:
        seen: dict[str, int] = {}
        out: list[tuple[MaterialFinding, Material | None]] = []
        for found in findings:
            code = found.material_code
            nth = seen.get(code, 0)
            seen[code] = nth + 1
            line = self.lines.get(code, ())
            out.append((found, line[nth] if nth < len(line) else self.anywhere.get(code)))
        return out


def finding_materials(
    items: Sequence[Item], scenario_code: str | None, findings: Iterable[MaterialFinding]
) -> list[tuple[MaterialFinding, Material | None]]:
    """Each finding with the material it is about (``FindingMaterials``)."""
    return FindingMaterials.of(items, scenario_code).resolve(findings)
