"""Catalog files (JSON Lines, optionally gzip): validated reading and transactional import.

The format is described in docs/catalog-format.md. A bad file is refused whole: the reader
collects every error (line number, the record's code, the field, a Chinese message) and
``import_catalog`` writes nothing unless the file is clean.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from clerk_app.central.models import Base
from clerk_app.central.zh_errors import describe
from clerk_app.domain.catalog import Bundle, DeliveryMode, HandlingKind, Item, MaterialForm

FORMAT_NAME = "clerk-catalog"
FORMAT_VERSION = 1

CODE_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_.\-]*$"
Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=CODE_PATTERN)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
ShortText = Annotated[str, StringConstraints(max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=5000)]
ZoneCode = Annotated[str, StringConstraints(max_length=32, pattern=r"^[A-Z0-9_]*$")]
Days = Annotated[StrictInt, Field(ge=0, le=3650)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HeaderRecord(_Record):
    model_config = ConfigDict(extra="ignore", frozen=True)  # room for future header fields

    format: Literal["clerk-catalog"]
    format_version: Literal[1]
    catalog_version: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    generated_at: Annotated[str, StringConstraints(max_length=64)] = ""
    source: ShortText = ""


class DepartmentRecord(_Record):
    kind: Literal["department"]
    code: Code
    name: Name
    window_mode: Literal["comprehensive", "standing"]
    phone: Annotated[str, StringConstraints(max_length=40)] = ""  # printed on the notices


class MaterialRecord(_Record):
    """Mirrors ``clerk_app.domain.catalog.Material``."""

    code: Code
    name: Name
    form: MaterialForm = MaterialForm.COPY
    copies: Annotated[StrictInt, Field(ge=0, le=99)] = 1
    required: StrictBool = True
    gap_allowed: StrictBool = False
    source: ShortText = "申请人自备"
    note: LongText = ""
    blank_form: ShortText = ""
    sample: ShortText = ""
    scenarios: Annotated[list[Code], Field(max_length=50)] = []


class ScenarioRecord(_Record):
    """Mirrors ``clerk_app.domain.catalog.Scenario``."""

    code: Code
    name: Name
    description: LongText = ""


class ItemFields(_Record):
    """Mirrors ``clerk_app.domain.catalog.Item`` (exactly ``Item.to_dict()``)."""

    code: Code
    name: Name
    department: Name
    department_code: Code
    item_type: Annotated[str, StringConstraints(min_length=1, max_length=50)] = "行政许可"
    handling: HandlingKind = HandlingKind.PROMISED
    legal_days: Days = 20
    promised_days: Days = 10
    fees: ShortText = "不收费"
    legal_basis: LongText = ""
    result_name: ShortText = ""
    delivery_modes: Annotated[list[DeliveryMode], Field(min_length=1, max_length=3)] = [
        DeliveryMode.WINDOW
    ]
    gap_allowed: StrictBool = False
    zone: ZoneCode = ""
    version: Annotated[StrictInt, Field(ge=1, le=1_000_000)] = 1
    withdrawn: StrictBool = False
    materials: Annotated[list[MaterialRecord], Field(max_length=200)] = []
    scenarios: Annotated[list[ScenarioRecord], Field(max_length=50)] = []


class ItemRecord(ItemFields):
    """An item line of a catalog file: ``Item.to_dict()`` plus ``kind``."""

    kind: Literal["item"]


class BundleRecord(_Record):
    """Mirrors ``clerk_app.domain.catalog.Bundle``."""

    kind: Literal["bundle"]
    code: Code
    name: Name
    item_codes: Annotated[list[Code], Field(min_length=1, max_length=50)]
    zone: ZoneCode = ""
    version: Annotated[StrictInt, Field(ge=1, le=1_000_000)] = 1
    description: LongText = ""


AnyRecord = Annotated[DepartmentRecord | ItemRecord | BundleRecord, Field(discriminator="kind")]
_RECORD_ADAPTER: TypeAdapter[DepartmentRecord | ItemRecord | BundleRecord] = TypeAdapter(AnyRecord)


@dataclass(frozen=True, slots=True)
class CatalogError:
    """One reason a catalog file is refused. ``code`` is the record's code ("" if unknown)."""

    line: int
    code: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行 [{self.code}] {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class CatalogHeader:
    catalog_version: str
    generated_at: str = ""
    source: str = ""
    format_version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "format_version": self.format_version,
            "catalog_version": self.catalog_version,
            "generated_at": self.generated_at,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class DepartmentEntry:
    code: str
    name: str
    window_mode: str = "comprehensive"
    phone: str = ""  # the department's phone, printed on the notices

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "window_mode": self.window_mode,
            "phone": self.phone,
        }


@dataclass
class ParsedCatalog:
    header: CatalogHeader | None
    departments: list[DepartmentEntry] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    bundles: list[Bundle] = field(default_factory=list)
    errors: list[CatalogError] = field(default_factory=list)
    # ``Item.to_dict()`` of each item as validated, kept so the import need not rebuild it.
    item_data: list[dict[str, Any]] | None = None

    @property
    def ok(self) -> bool:
        return self.header is not None and not self.errors

    def item_dicts(self) -> list[dict[str, Any]]:
        if self.item_data is not None and len(self.item_data) == len(self.items):
            return self.item_data
        return [item_to_dict(item) for item in self.items]


@dataclass(frozen=True, slots=True)
class ImportResult:
    catalog_version: str
    departments: int
    items: int
    bundles: int


class CatalogRejected(ValueError):
    """Raised by ``import_catalog`` for a catalog with errors; nothing was written."""

    def __init__(self, errors: Sequence[CatalogError]) -> None:
        self.errors = list(errors)
        super().__init__(f"目录文件有{len(self.errors)}处错误，未导入")


# ---------------------------------------------------------------------------------- reading


def _open_text_lines(path: Path) -> Iterator[bytes]:
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        yield from handle


def _code_of(raw: bytes) -> str:
    """The record's code for an error message, when the line is JSON at all."""
    try:
        data = json.loads(raw)
    except ValueError:
        return ""
    code = data.get("code") if isinstance(data, dict) else None
    return code[:64] if isinstance(code, str) else ""


def _header(raw: bytes, errors: list[CatalogError]) -> CatalogHeader | None:
    try:
        data = json.loads(raw)
    except ValueError:
        errors.append(CatalogError(1, "", "", "文件头不是合法的JSON"))
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        errors.append(CatalogError(1, "", "format", f'第1行应为文件头，format应为"{FORMAT_NAME}"'))
        return None
    try:
        header = HeaderRecord.model_validate(data)
    except ValidationError as exc:
        for field_name, message in describe(exc.errors(include_url=False)):
            errors.append(CatalogError(1, "", field_name, message))
        return None
    return CatalogHeader(
        header.catalog_version, header.generated_at, header.source, header.format_version
    )


def _item_errors(line: int, rec: ItemRecord) -> Iterator[CatalogError]:
    seen_materials: set[str] = set()
    scenario_codes: set[str] = set()
    for i, scenario in enumerate(rec.scenarios):
        if scenario.code in scenario_codes:
            yield CatalogError(
                line, rec.code, f"scenarios[{i}].code", f"情形编码{scenario.code}重复"
            )
        scenario_codes.add(scenario.code)
    for i, material in enumerate(rec.materials):
        if material.code in seen_materials:
            yield CatalogError(
                line, rec.code, f"materials[{i}].code", f"材料编码{material.code}重复"
            )
        seen_materials.add(material.code)
        for j, code in enumerate(material.scenarios):
            if code not in scenario_codes:
                yield CatalogError(
                    line, rec.code, f"materials[{i}].scenarios[{j}]", f"事项没有情形{code}"
                )
    if rec.promised_days > rec.legal_days:
        yield CatalogError(line, rec.code, "promised_days", "承诺办结时限不能超过法定办结时限")


def parse_catalog_lines(lines: Iterable[bytes]) -> ParsedCatalog:
    """Validate a catalog given as raw lines (line 1 is the header)."""
    errors: list[CatalogError] = []
    header: CatalogHeader | None = None
    departments: list[DepartmentEntry] = []
    items: list[Item] = []
    item_data: list[dict[str, Any]] = []
    bundles: list[Bundle] = []
    first_line: dict[tuple[str, str], int] = {}  # (kind, code) -> line of first occurrence
    item_refs: list[tuple[int, str, str]] = []  # (line, item code, department code)
    bundle_refs: list[tuple[int, str, list[str]]] = []
    line_no = 0
    for line_no, raw_line in enumerate(lines, start=1):
        raw = raw_line.strip()
        if line_no == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")  # tolerate a UTF-8 byte-order mark
            header = _header(raw, errors)
            continue
        if not raw:
            continue  # blank lines carry nothing
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            errors.append(CatalogError(line_no, "", "", "不是UTF-8编码的文本"))
            continue
        try:
            record = _RECORD_ADAPTER.validate_json(raw)
        except ValidationError as exc:
            code = _code_of(raw)
            for field_name, message in describe(exc.errors(include_url=False), skip_prefix=1):
                if message == "不是合法的JSON":
                    field_name = ""
                errors.append(CatalogError(line_no, code, field_name, message))
            continue
        key = (record.kind, record.code)
        if key in first_line:
            errors.append(
                CatalogError(line_no, record.code, "code", f"编码重复（第{first_line[key]}行已有）")
            )
            continue
        first_line[key] = line_no
        if isinstance(record, DepartmentRecord):
            departments.append(
                DepartmentEntry(record.code, record.name, record.window_mode, record.phone)
            )
        elif isinstance(record, ItemRecord):
            problems = list(_item_errors(line_no, record))
            if problems:
                errors.extend(problems)
                continue
            data = record.model_dump(mode="json", exclude={"kind"})
            items.append(Item.from_dict(data))
            item_data.append(data)
            item_refs.append((line_no, record.code, record.department_code))
        else:
            bundles.append(Bundle.from_dict(record.model_dump(mode="json")))
            bundle_refs.append((line_no, record.code, record.item_codes))
    if line_no == 0:
        errors.append(CatalogError(1, "", "", "文件为空，缺少文件头"))
    department_codes = {d.code for d in departments}
    for line, code, department_code in item_refs:
        if department_code not in department_codes:
            errors.append(
                CatalogError(line, code, "department_code", f"文件中没有部门{department_code}")
            )
    item_codes = {i.code for i in items}
    for line, code, codes in bundle_refs:
        for i, item_code in enumerate(codes):
            if item_code not in item_codes:
                errors.append(
                    CatalogError(line, code, f"item_codes[{i}]", f"文件中没有事项{item_code}")
                )
    errors.sort(key=lambda e: e.line)
    return ParsedCatalog(header, departments, items, bundles, errors, item_data)


def read_catalog_file(path: Path | str) -> ParsedCatalog:
    """Read and validate a catalog file (gzip when the name ends in .gz).

    A file that cannot be opened raises ``OSError`` (``FileNotFoundError`` when missing); a
    damaged gzip stream is reported as an error on line 0.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"找不到目录文件：{path}")
    try:
        return parse_catalog_lines(_open_text_lines(path))
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        error = CatalogError(0, "", "", f"文件不是完整的gzip压缩文件：{exc}")
        return ParsedCatalog(None, errors=[error])


# ---------------------------------------------------------------------------------- writing


def item_to_dict(item: Item) -> dict[str, Any]:
    """Exactly ``item.to_dict()``, several times faster.

    The domain's ``Material.to_dict`` goes through ``dataclasses.asdict`` (a deep copy per
    field), which dominates writing 69,074 items. tests/central/test_catalog_io.py checks
    that both stay equal, so a field added to the domain cannot be forgotten here.
    """
    return {
        "code": item.code,
        "name": item.name,
        "department": item.department,
        "department_code": item.department_code,
        "item_type": item.item_type,
        "handling": item.handling.value,
        "legal_days": item.legal_days,
        "promised_days": item.promised_days,
        "fees": item.fees,
        "legal_basis": item.legal_basis,
        "result_name": item.result_name,
        "delivery_modes": [d.value for d in item.delivery_modes],
        "gap_allowed": item.gap_allowed,
        "zone": item.zone,
        "version": item.version,
        "withdrawn": item.withdrawn,
        "materials": [
            {
                "code": m.code,
                "name": m.name,
                "form": m.form.value,
                "copies": m.copies,
                "required": m.required,
                "gap_allowed": m.gap_allowed,
                "source": m.source,
                "note": m.note,
                "blank_form": m.blank_form,
                "sample": m.sample,
                "scenarios": list(m.scenarios),
            }
            for m in item.materials
        ],
        "scenarios": [
            {"code": s.code, "name": s.name, "description": s.description} for s in item.scenarios
        ],
    }


def catalog_lines(
    header: CatalogHeader,
    departments: Iterable[DepartmentEntry],
    items: Iterable[Item],
    bundles: Iterable[Bundle],
) -> Iterator[str]:
    """The lines of a catalog file, each ending in a newline."""

    def dump(kind: str | None, data: dict[str, Any]) -> str:
        record = {"kind": kind, **data} if kind else data
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"

    yield dump(None, header.to_dict())
    for department in departments:
        record = department.to_dict()
        if not record["phone"]:
            del record["phone"]  # optional in the file
        yield dump("department", record)
    for item in items:
        yield dump("item", item_to_dict(item))
    for bundle in bundles:
        yield dump("bundle", bundle.to_dict())


def open_catalog_for_writing(path: Path | str) -> IO[str]:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=6)
    return path.open("w", encoding="utf-8")


def write_catalog_file(
    path: Path | str,
    header: CatalogHeader,
    departments: Iterable[DepartmentEntry],
    items: Iterable[Item],
    bundles: Iterable[Bundle],
) -> None:
    with open_catalog_for_writing(path) as out:
        out.writelines(catalog_lines(header, departments, items, bundles))


# ---------------------------------------------------------------------------------- import

_CHUNK = 500  # rows per IN (...) list; well under every driver's parameter limit


def _item_row(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": data["code"],
        "version": data["version"],
        "name": data["name"],
        "department_code": data["department_code"],
        "department": data["department"],
        "zone": data["zone"],
        "handling": data["handling"],
        "withdrawn": data["withdrawn"],
        "data": data,
    }


def _bundle_row(bundle: Bundle) -> dict[str, Any]:
    return {
        "code": bundle.code,
        "name": bundle.name,
        "zone": bundle.zone,
        "version": bundle.version,
        "data": bundle.to_dict(),
    }


def _chunks(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _upsert(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Update rows whose code exists, insert the others (portable across both dialects)."""
    code_col = table.c.code
    existing: set[str] = set()
    codes = [r["code"] for r in rows]
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        existing.update(conn.scalars(select(code_col).where(code_col.in_(chunk))))
    to_update = [{**r, "_code": r["code"]} for r in rows if r["code"] in existing]
    to_insert = [r for r in rows if r["code"] not in existing]
    if to_update:
        columns = [c for c in rows[0] if c != "code"]
        stmt = (
            update(table)
            .where(code_col == bindparam("_code"))
            .values({c: bindparam(c) for c in columns})
        )
        for chunk_rows in _chunks(to_update, 2000):
            conn.execute(stmt, list(chunk_rows))
    for chunk_rows in _chunks(to_insert, 2000):
        conn.execute(insert(table), list(chunk_rows))


def import_catalog(
    engine: Engine, parsed: ParsedCatalog, *, mode: Literal["replace", "upsert"] = "replace"
) -> ImportResult:
    """Write a clean catalog in ONE transaction.

    ``replace`` makes the database hold exactly this catalog; ``upsert`` adds and updates its
    records and keeps others. A catalog with errors raises ``CatalogRejected`` untouched.
    """
    if not parsed.ok or parsed.header is None:
        raise CatalogRejected(parsed.errors or [CatalogError(1, "", "", "缺少文件头")])
    tables = Base.metadata.tables
    departments = tables["departments"]
    items = tables["catalog_items"]
    bundles = tables["bundles"]
    meta = tables["catalog_meta"]
    department_rows = [d.to_dict() for d in parsed.departments]
    item_rows = [_item_row(data) for data in parsed.item_dicts()]
    bundle_rows = [_bundle_row(b) for b in parsed.bundles]
    with engine.begin() as conn:
        if mode == "replace":
            conn.execute(delete(bundles))
            conn.execute(delete(items))
            conn.execute(delete(departments))
            for table, rows in (
                (departments, department_rows),
                (items, item_rows),
                (bundles, bundle_rows),
            ):
                for chunk_rows in _chunks(rows, 2000):
                    conn.execute(insert(table), list(chunk_rows))
        else:
            for table, rows in (
                (departments, department_rows),
                (items, item_rows),
                (bundles, bundle_rows),
            ):
                if rows:
                    _upsert(conn, table, rows)
        header = parsed.header
        conn.execute(delete(meta))
        conn.execute(
            insert(meta).values(
                id=1,
                catalog_version=header.catalog_version,
                generated_at=header.generated_at,
                source=header.source,
                imported_at=datetime.now(UTC),
            )
        )
    return ImportResult(
        header.catalog_version, len(department_rows), len(item_rows), len(bundle_rows)
    )


__all__ = [
    "AnyRecord",
    "BundleRecord",
    "CatalogError",
    "CatalogHeader",
    "CatalogRejected",
    "DepartmentEntry",
    "DepartmentRecord",
    "ImportResult",
    "ItemFields",
    "ItemRecord",
    "MaterialRecord",
    "ParsedCatalog",
    "ScenarioRecord",
    "catalog_lines",
    "import_catalog",
    "item_to_dict",
    "parse_catalog_lines",
    "read_catalog_file",
    "write_catalog_file",
]
