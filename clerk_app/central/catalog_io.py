"""Catalog files (JSON Lines, optionally gzip): the records, validated reading, writing.

The format is described in docs/catalog-format.md. A bad file is refused whole: the reader
collects every error (line number, the record's code, the field, a Chinese message) and
``catalog_import.import_catalog`` writes nothing unless the file is clean.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import TypeAdapter, ValidationError

from clerk_app.central.zh_errors import describe
from clerk_app.contract.catalog import (
    FORMAT_NAME,
    FORMAT_VERSION,
    OPTIONAL_DEPARTMENT_FIELDS,
    AnyRecord,
    BundleRecord,
    DepartmentRecord,
    HeaderRecord,
    ItemFields,
    ItemRecord,
    MaterialCodeRecord,
    MaterialRecord,
    ScenarioRecord,
)
from clerk_app.domain.cases import IdKind
from clerk_app.domain.catalog import Bundle, Item, MaterialCode
from clerk_app.domain.catalog_json import item_to_dict
from clerk_app.domain.catalog_rules import (
    bundle_problems,
    handling_problems,
    limit_problems,
    material_code_problems,
)
from clerk_app.domain.identifiers import check_document

AnyCatalogRecord = DepartmentRecord | MaterialCodeRecord | ItemRecord | BundleRecord
_RECORD_ADAPTER: TypeAdapter[AnyCatalogRecord] = TypeAdapter(AnyRecord)


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
    review_body: str = ""  # 复议机关 printed on its decisions ("" = the hall's)
    court: str = ""  # 行政诉讼 court ("" = the hall's)
    credit_code: str = ""  # 统一社会信用代码
    level: str = ""  # 省/市/县/乡/村

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "window_mode": self.window_mode,
            "phone": self.phone,
            "review_body": self.review_body,
            "court": self.court,
            "credit_code": self.credit_code,
            "level": self.level,
        }

    @classmethod
    def from_record(cls, record: DepartmentRecord) -> DepartmentEntry:
        return cls(
            record.code,
            record.name,
            record.window_mode,
            record.phone,
            record.review_body,
            record.court,
            record.credit_code,
            record.level,
        )


def department_problems(rec: DepartmentRecord) -> Iterator[tuple[str, str]]:
    """(field, message) for what the record's shape cannot say: the credit code's checksum
    (GB 32100, python-stdnum's check character)."""
    if rec.credit_code:
        check = check_document(IdKind.USCC, rec.credit_code)
        if not check.ok:
            yield "credit_code", check.error


@dataclass
class ParsedCatalog:
    header: CatalogHeader | None
    departments: list[DepartmentEntry] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    bundles: list[Bundle] = field(default_factory=list)
    errors: list[CatalogError] = field(default_factory=list)
    # ``Item.to_dict()`` of each item as validated, kept so the import need not rebuild it.
    item_data: list[dict[str, Any]] | None = None
    materials: list[MaterialCode] = field(default_factory=list)  # the material directory

    @property
    def ok(self) -> bool:
        return self.header is not None and not self.errors

    def item_dicts(self) -> list[dict[str, Any]]:
        if self.item_data is not None and len(self.item_data) == len(self.items):
            return self.item_data
        return [item_to_dict(item) for item in self.items]


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
    limits = limit_problems(rec.legal_days, rec.legal_unit, rec.promised_days, rec.promised_unit)
    for field_name, message in (*limits, *handling_problems(rec.handling, rec.promised_days)):
        yield CatalogError(line, rec.code, field_name, message)


class _CatalogReader:
    """Collects the records of a catalog file line by line, and every error on the way."""

    def __init__(self) -> None:
        self.errors: list[CatalogError] = []
        self.header: CatalogHeader | None = None
        self.departments: list[DepartmentEntry] = []
        self.items: list[Item] = []
        self.item_data: list[dict[str, Any]] = []
        self.bundles: list[Bundle] = []
        self.materials: list[MaterialCode] = []
        self.first_line: dict[tuple[str, str], int] = {}  # (kind, code) -> first line
        self.item_refs: list[tuple[int, str, str]] = []  # (line, item code, department code)
        self.bundle_refs: list[tuple[int, str, list[str]]] = []
        self.item_lines: list[int] = []  # the line of each item of ``items``
        self.bundle_lines: list[int] = []

    def read(self, line_no: int, raw_line: bytes) -> None:
        raw = raw_line.strip()
        if line_no == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")  # tolerate a UTF-8 byte-order mark
            self.header = _header(raw, self.errors)
            return
        if not raw:
            return  # blank lines carry nothing
        record = self._record(line_no, raw)
        if record is None:
            return
        key = (record.kind, record.code)
        if key in self.first_line:
            message = f"编码重复（第{self.first_line[key]}行已有）"
            self.errors.append(CatalogError(line_no, record.code, "code", message))
            return
        self.first_line[key] = line_no
        self._add(line_no, record)

    def _record(self, line_no: int, raw: bytes) -> AnyCatalogRecord | None:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            self.errors.append(CatalogError(line_no, "", "", "不是UTF-8编码的文本"))
            return None
        try:
            return _RECORD_ADAPTER.validate_json(raw)
        except ValidationError as exc:
            code = _code_of(raw)
            for field_name, message in describe(exc.errors(include_url=False), skip_prefix=1):
                where = "" if message == "不是合法的JSON" else field_name
                self.errors.append(CatalogError(line_no, code, where, message))
            return None

    def _add(self, line_no: int, record: AnyCatalogRecord) -> None:
        if isinstance(record, DepartmentRecord):
            problems = [
                CatalogError(line_no, record.code, field_name, message)
                for field_name, message in department_problems(record)
            ]
            if problems:
                self.errors.extend(problems)
                return
            self.departments.append(DepartmentEntry.from_record(record))
        elif isinstance(record, MaterialCodeRecord):
            self.materials.append(record.to_material_code())
        elif isinstance(record, ItemRecord):
            problems = list(_item_errors(line_no, record))
            if problems:
                self.errors.extend(problems)
                return
            data = record.model_dump(mode="json", exclude={"kind"})
            self.items.append(Item.from_dict(data))
            self.item_data.append(data)
            self.item_refs.append((line_no, record.code, record.department_code))
            self.item_lines.append(line_no)
            self._check_implementation_code(line_no, record)
        else:
            self.bundles.append(record.to_bundle())
            self.bundle_refs.append((line_no, record.code, record.item_codes))
            self.bundle_lines.append(line_no)

    def _check_implementation_code(self, line_no: int, record: ItemRecord) -> None:
        """A 实施编码 names one implementation: two items may not share it."""
        code = record.implementation_code
        if not code:
            return
        first = self.first_line.setdefault(("implementation_code", code), line_no)
        if first != line_no:
            message = f"实施编码{code}重复（第{first}行已有）"
            self.errors.append(CatalogError(line_no, record.code, "implementation_code", message))

    def check_references(self) -> None:
        """Items name departments of the file, bundles items of the file."""
        department_codes = {d.code for d in self.departments}
        for line, code, department_code in self.item_refs:
            if department_code not in department_codes:
                message = f"文件中没有部门{department_code}"
                self.errors.append(CatalogError(line, code, "department_code", message))
        item_codes = {i.code for i in self.items}
        for line, code, codes in self.bundle_refs:
            for i, item_code in enumerate(codes):
                if item_code not in item_codes:
                    message = f"文件中没有事项{item_code}"
                    self.errors.append(CatalogError(line, code, f"item_codes[{i}]", message))
        self._check_catalog_rules(department_codes)

    def _check_catalog_rules(self, department_codes: set[str]) -> None:
        """Standard material codes name the directory; bundles hold together."""
        directory = {m.code: m for m in self.materials}
        for line, item in zip(self.item_lines, self.items, strict=True):
            for field_name, message in material_code_problems(item, directory):
                self.errors.append(CatalogError(line, item.code, field_name, message))
        items = {i.code: i for i in self.items}
        for line, bundle in zip(self.bundle_lines, self.bundles, strict=True):
            for field_name, message in bundle_problems(bundle, items, department_codes, directory):
                self.errors.append(CatalogError(line, bundle.code, field_name, message))


def parse_catalog_lines(lines: Iterable[bytes]) -> ParsedCatalog:
    """Validate a catalog given as raw lines (line 1 is the header)."""
    reader = _CatalogReader()
    line_no = 0
    for line_no, raw_line in enumerate(lines, start=1):
        reader.read(line_no, raw_line)
    if line_no == 0:
        reader.errors.append(CatalogError(1, "", "", "文件为空，缺少文件头"))
    reader.check_references()
    reader.errors.sort(key=lambda e: e.line)
    return ParsedCatalog(
        reader.header,
        reader.departments,
        reader.items,
        reader.bundles,
        reader.errors,
        reader.item_data,
        reader.materials,
    )


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


def catalog_lines(
    header: CatalogHeader,
    departments: Iterable[DepartmentEntry],
    items: Iterable[Item],
    bundles: Iterable[Bundle],
    materials: Iterable[MaterialCode] = (),
) -> Iterator[str]:
    """The lines of a catalog file, each ending in a newline."""

    def dump(kind: str | None, data: dict[str, Any]) -> str:
        record = {"kind": kind, **data} if kind else data
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"

    yield dump(None, header.to_dict())
    for department in departments:
        record = department.to_dict()
        for name in OPTIONAL_DEPARTMENT_FIELDS:
            if not record[name]:
                del record[name]  # optional in the file
        yield dump("department", record)
    for material in materials:
        yield dump("material", material.to_dict())
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
    materials: Iterable[MaterialCode] = (),
) -> None:
    with open_catalog_for_writing(path) as out:
        out.writelines(catalog_lines(header, departments, items, bundles, materials))


__all__ = [
    "AnyRecord",
    "BundleRecord",
    "CatalogError",
    "CatalogHeader",
    "DepartmentEntry",
    "DepartmentRecord",
    "ItemFields",
    "ItemRecord",
    "MaterialCodeRecord",
    "MaterialRecord",
    "ParsedCatalog",
    "ScenarioRecord",
    "catalog_lines",
    "item_to_dict",
    "parse_catalog_lines",
    "read_catalog_file",
    "write_catalog_file",
]
