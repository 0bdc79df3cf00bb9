"""HTTP client of the counter PC to the central server (``/api/v1``, bearer token).

Errors reach the UI in two kinds only, both with a Chinese message for the clerk:

- ``OfflineError``: the server cannot be reached, timed out or answered 5xx. The window goes
  on working from the local store; the sync worker retries later.
- ``ApiError``: the server refused the request (4xx); ``detail`` is the server's reason.

Idempotent GETs are retried by urllib3 with exponential backoff and jitter; other requests
are retried only when the connection could not even be opened (nothing was sent).
"""

from __future__ import annotations

import email.utils
import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any, TypeVar, cast
from urllib.parse import quote

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.exceptions import HTTPError as Urllib3HTTPError
from urllib3.util.retry import Retry

import clerk_app
from clerk_app.contract.accounts import LoginOut
from clerk_app.contract.cases import PersonOut
from clerk_app.contract.catalog import BundleRecord, CatalogMetaOut, DepartmentRecord
from clerk_app.contract.catalog import ItemRecord as ItemLine
from clerk_app.contract.halls import HallOut
from clerk_app.contract.sync import HeadOut, PullOut, PushIn
from clerk_app.domain.cases import Case, IdKind, Person
from clerk_app.domain.catalog import Bundle
from clerk_app.store.catalog import ItemRecord
from clerk_app.store.local import LocalStore
from clerk_app.store.logins import CachedUser
from clerk_app.sync.device_key import DeviceKey
from clerk_app.sync.validate import problem_of

_Model = TypeVar("_Model", bound=BaseModel)
OFFLINE_MESSAGE = "无法连接中心服务器，已转为离线办理；网络恢复后数据将自动上传"
_PROGRESS_EVERY = 1000  # items between two progress callbacks
_MAX_FORMAT_ERRORS = 20  # a broken file names this many errors, not thousands
_ITEM_PREFIX = b'{"kind":"item",'  # the server's layout: read by the contract from the bytes

_DEFAULT_DETAIL = {
    400: "请求内容有误",
    401: "登录已失效，请重新登录",
    403: "没有权限执行此操作",
    404: "未找到请求的数据",
    409: "数据与服务器冲突",
    413: "提交的数据过大",
    422: "提交的数据不符合要求",
    429: "请求过于频繁，请稍后重试",
}


class OfflineError(Exception):
    """The central server is unreachable, timed out or failed (5xx). Work goes on offline.

    ``retry_after`` is the server's ``Retry-After`` in seconds, when it sent one.
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ApiError(Exception):
    """The server refused the request (4xx); ``detail`` is its reason, in Chinese."""

    def __init__(self, status: int, detail: str, *, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.retry_after = retry_after


def _retry_after(resp: requests.Response) -> float | None:
    """``Retry-After`` in seconds (delay-seconds or an HTTP date), None when absent or bad."""
    value = resp.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass(frozen=True)
class CatalogFormatError:
    line: int
    code: str
    field: str
    message: str

    def __str__(self) -> str:
        code = f"（编码 {self.code}）" if self.code else ""
        where = f"字段 {self.field}：" if self.field else ""
        return f"第 {self.line} 行{code}{where}{self.message}"


class CatalogRejected(ValueError):
    """The snapshot is not a valid catalog file; nothing was stored."""

    def __init__(self, errors: list[CatalogFormatError]) -> None:
        self.errors = errors
        lines = "；".join(str(e) for e in errors[:5])
        more = f"等 {len(errors)} 处错误" if len(errors) > 5 else ""
        super().__init__(f"事项目录数据有误，未更新：{lines}{more}")


@dataclass(frozen=True)
class LoginResult:
    token: str
    user: CachedUser
    expires_at: datetime


def _parse(
    model: type[_Model], data: Any, message: str = "中心服务器返回的数据无法识别，请稍后重试"
) -> _Model:
    """The server's answer as its contract model; an answer of another shape (an older or
    newer server, a proxy's page) is a server problem: the window goes on offline."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise OfflineError(message) from exc


def _server_detail(resp: requests.Response) -> str:
    """The server's reason from ``{"detail": ...}``; FastAPI's 422 lists are joined."""
    try:
        body = resp.json()
    except ValueError:
        body = None
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str) and detail.strip():
        return detail
    if isinstance(detail, list) and detail:
        msgs = [str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in detail]
        return "；".join(msgs)
    return _DEFAULT_DETAIL.get(resp.status_code, f"请求被拒绝（HTTP {resp.status_code}）")


class CentralClient:
    """One session with the central server. Not thread-safe: one client per worker thread."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.3,
        device: DeviceKey | None = None,
        device_kind: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        # Without a kept key (tests, tools) a fresh one per client: a production PC passes the
        # key of its data folder, so its registration holds across restarts.
        self.device = device or DeviceKey.generate()
        self.device_kind = device_kind
        self._timeout = (min(timeout, 5.0), timeout)  # (connect, read)
        self._token: str | None = None
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            other=0,
            backoff_factor=backoff,
            backoff_jitter=backoff,  # spread the retries of many windows after an outage
            backoff_max=5.0,
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD"}),
            raise_on_status=False,
            respect_retry_after_header=False,
        )
        self._session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["Accept"] = "application/json"

    @property
    def token(self) -> str | None:
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        self._token = value

    def close(self) -> None:
        self._session.close()

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        stream: bool = False,
        data: bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> requests.Response:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        if data is not None:
            headers["Content-Type"] = "application/octet-stream"
        try:
            resp = self._session.request(
                method,
                f"{self.base_url}/api/v1{path}",
                json=body,
                data=data,
                params=params,
                headers=headers,
                timeout=self._timeout,
                stream=stream,
            )
        except requests.RequestException as exc:
            raise OfflineError(OFFLINE_MESSAGE) from exc
        if resp.status_code >= 500:
            retry_after = _retry_after(resp)
            resp.close()
            raise OfflineError(
                f"中心服务器暂时不可用（HTTP {resp.status_code}），请稍后重试",
                retry_after=retry_after,
            )
        if resp.status_code >= 400:
            detail = _server_detail(resp)
            retry_after = _retry_after(resp)
            resp.close()
            raise ApiError(resp.status_code, detail, retry_after=retry_after)
        return resp

    def _json(self, method: str, path: str, body: Any = None, **raw: Any) -> Any:
        resp = self._request(method, path, body=body, **raw)
        try:
            return resp.json()
        except ValueError as exc:  # a proxy's HTML page, a cut connection
            raise OfflineError("中心服务器返回的数据无法识别，请稍后重试") from exc

    # ---------------------------------------------------------------- API

    def login(self, username: str, password: str, window_no: int | None) -> LoginResult:
        data = self._json(
            "POST",
            "/auth/login",
            {
                "username": username,
                "password": password,
                "window_no": window_no,
                "device": self.device.proof(self.device_kind),
                "client_version": clerk_app.__version__,
            },
        )
        answer = _parse(LoginOut, data)
        u = answer.user
        user = CachedUser(
            username=u.username,
            display_name=u.display_name,
            role=u.role.value,
            hall_code=u.hall_code,
            hall_name=u.hall_name,
            window_no=u.window_no,
            department_code=u.department_code,
        )
        self._token = answer.token
        return LoginResult(self._token, user, answer.expires_at)

    def logout(self) -> None:
        """End this session on the server (the token stops working everywhere)."""
        if self._token is None:
            return
        self._request("POST", "/auth/logout").close()
        self._token = None

    def change_password(self, old_password: str, new_password: str) -> None:
        """``POST /auth/password``: every session of the account ends, this one too."""
        body = {"old_password": old_password, "new_password": new_password}
        self._request("POST", "/auth/password", body=body).close()
        self._token = None

    def hall_config(self, hall_code: str) -> HallOut:
        return _parse(HallOut, self._json("GET", f"/halls/{quote(hall_code, safe='')}"))

    def catalog_meta(self) -> CatalogMetaOut:
        return _parse(CatalogMetaOut, self._json("GET", "/catalog/meta"))

    def find_applicant(
        self,
        id_number: str,
        why: str = "",
        *,
        kind: IdKind = IdKind.RESIDENT_ID,
        nationality: str = "",
    ) -> Person | None:
        """The hall's record of this applicant's document (kind, a passport's country,
        number; the server audits the read; ``why``: the case number or ticket it is for).
        The number goes in the body, never in the URL."""
        body = {
            "id_number": id_number.strip(),
            "id_kind": kind.value,
            "nationality": nationality,
            "why": why[:60],
        }
        try:
            data = self._json("POST", "/applicants/lookup", body)
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        return _parse(PersonOut, data).to_person()

    def save_applicant(self, person: Person) -> None:
        self._request("PUT", "/applicants", body=person.to_dict()).close()

    def upload_case(self, case: Case) -> None:
        """Upsert the case on the server (by number; repeating it is harmless)."""
        self._request("POST", "/cases", body=case.to_dict()).close()

    def push_operations(
        self, window_no: int | None, operations: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """``POST /sync/push``: one answer per operation, in order (never retried here: the
        sync engine retries, and the server answers a repeated operation id from its record).
        Each answer is left for the engine to read alone (``OpResult``): one it cannot read is
        refused on its own, the batch's other answers still count."""
        body = PushIn(window_no=window_no, operations=operations)
        data = self._json("POST", "/sync/push", body.model_dump(mode="json"))
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list) or len(results) != len(operations):
            raise OfflineError("中心服务器返回的同步结果不完整，稍后重试")
        return cast(list[dict[str, Any]], results)

    def pull_changes(self, cursor: str | None, limit: int = 500) -> PullOut:
        """``GET /sync/pull``: a page of changes, the cursor after it, and whether more wait."""
        query = f"?limit={int(limit)}"
        if cursor:
            query += f"&cursor={quote(cursor, safe='')}"
        data = self._json("GET", f"/sync/pull{query}")
        return _parse(PullOut, data, "中心服务器返回的变更数据无法识别，稍后重试")

    def call(self, method: str, path: str, *, data: bytes | None = None, **raw: Any) -> Any:
        """A JSON answer to ``path``: for callers with their own contract (attachments)."""
        return self._json(method, path, data=data, **raw)

    def sync_head(self) -> str:
        """``GET /sync/head``: the cursor to pull from after a full download."""
        return _parse(HeadOut, self._json("GET", "/sync/head")).cursor

    def download_catalog(
        self, store: LocalStore, progress: Callable[[int], None] | None = None
    ) -> int:
        """Stream the catalog snapshot into ``store`` in one transaction; items stored.

        The body is a gzip JSON Lines file, parsed line by line while it arrives and written
        in chunks; ``progress`` gets the number of items read so far. A broken file raises
        ``CatalogRejected`` and a broken connection ``OfflineError``; either way the previous
        catalog stays as it was.
        """
        resp = self._request("GET", "/catalog/snapshot", stream=True)
        try:
            parser = _SnapshotParser(_body_lines(resp), progress)
            version = parser.read_header()
            count = store.catalog.replace(version, parser.items(), parser.bundles())
            store.catalog.set_department_phones(parser.department_phones)
            store.catalog.set_department_remedies(parser.department_remedies)
        except (requests.RequestException, Urllib3HTTPError, EOFError) as exc:
            raise OfflineError("事项目录下载中断，请稍后重试；原有目录保持不变") from exc
        except (gzip.BadGzipFile, zlib.error) as exc:
            bad = CatalogFormatError(0, "", "", f"不是有效的压缩文件：{exc}")
            raise CatalogRejected([bad]) from exc
        finally:
            resp.close()
        if progress is not None:
            progress(count)
        return count


def _body_lines(resp: requests.Response) -> Iterator[bytes]:
    """Lines of the snapshot body: gunzipped, whether or not a proxy set Content-Encoding."""
    resp.raw.decode_content = True  # undo a transport-level Content-Encoding, if any
    resp.raw.auto_close = False  # io readers on top must see EOF, not a closed file
    buffered = io.BufferedReader(cast(Any, resp.raw), 1 << 16)
    stream: IO[bytes] = buffered
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        stream = cast(IO[bytes], gzip.GzipFile(fileobj=buffered, mode="rb"))
    yield from stream


@dataclass
class _SnapshotParser:
    """Validates the catalog file format (interfaces.md) while the items stream through."""

    lines: Iterator[bytes]
    progress: Callable[[int], None] | None
    line_no: int = 0
    errors: list[CatalogFormatError] = field(default_factory=list)
    departments: set[str] = field(default_factory=set)
    department_phones: dict[str, str] = field(default_factory=dict)  # printed on notices
    # code -> {"review_body", "court"}: printed on the department's decisions
    department_remedies: dict[str, dict[str, str]] = field(default_factory=dict)
    item_codes: set[str] = field(default_factory=set)
    pending_departments: list[tuple[int, str, str]] = field(default_factory=list)
    bundle_records: list[tuple[int, Bundle]] = field(default_factory=list)
    raw: bytes = b""  # the line of the last record, kept to store an item's JSON as received

    def _error(self, code: str, fld: str, message: str) -> None:
        self.errors.append(CatalogFormatError(self.line_no, code, fld, message))
        if len(self.errors) >= _MAX_FORMAT_ERRORS:
            raise CatalogRejected(self.errors)

    def _next_line(self) -> bytes | None:
        for raw in self.lines:
            self.line_no += 1
            if raw.strip():
                self.raw = raw
                return raw
        return None

    def _parse(self, raw: bytes) -> dict[str, Any] | None:
        try:
            record = json.loads(raw)
        except ValueError as exc:
            self._error("", "", f"不是合法的 JSON：{exc}")
            return None
        if not isinstance(record, dict):
            self._error("", "", "每行应是一个 JSON 对象")
            return None
        return record

    def _next_record(self) -> dict[str, Any] | None:
        while (raw := self._next_line()) is not None:
            record = self._parse(raw)
            if record is not None:
                return record
        return None

    def read_header(self) -> str:
        header = self._next_record()
        if header is None:
            self._error("", "", "文件为空")
            raise CatalogRejected(self.errors)
        if header.get("format") != "clerk-catalog":
            self._error("", "format", "第一行应是 clerk-catalog 文件头")
        elif header.get("format_version") != 1:
            self._error("", "format_version", f"不支持的格式版本 {header.get('format_version')}")
        version = header.get("catalog_version")
        if not isinstance(version, str) or not version.strip():
            self._error("", "catalog_version", "缺少目录版本号")
        if self.errors:
            raise CatalogRejected(self.errors)
        return str(version)

    def items(self) -> Iterator[ItemRecord]:
        """Items in file order; departments and bundles are collected on the way."""
        count = 0
        while (raw := self._next_line()) is not None:
            if raw.lstrip().startswith(_ITEM_PREFIX):
                item = self._item_line(raw)
            else:
                record = self._parse(raw)
                item = None if record is None else self._read(record)
            if item is not None:
                count += 1
                if self.progress is not None and count % _PROGRESS_EVERY == 0:
                    self.progress(count)
                yield item
        self._check_references()
        if self.errors:
            raise CatalogRejected(self.errors)  # inside the store's transaction: rolled back

    def _read(self, record: dict[str, Any]) -> ItemRecord | None:
        """An item record; a department or bundle is kept for the end, a material directory
        entry skipped, anything else refused."""
        kind = record.get("kind")
        code = str(record.get("code", ""))
        if kind == "item":
            try:
                line = ItemLine.model_validate(record)
            except ValidationError as exc:
                self._error(code, *problem_of(exc))
                return None
            fields = {k: v for k, v in record.items() if k != "kind"}
            return self._item(line, json.dumps(fields, ensure_ascii=False, separators=(",", ":")))
        if kind == "department":
            self._department(record, code)
        elif kind == "bundle":
            self._bundle(record, code)
        elif kind != "material":  # the material directory: the items carry what the window needs
            self._error(code, "kind", f"未知的记录类型 {kind!r}")
        return None

    def _department(self, record: dict[str, Any], code: str) -> None:
        try:
            department = DepartmentRecord.model_validate(record)
        except ValidationError as exc:
            self._error(code, _field_of(exc), "部门记录不完整或取值无效")
            return
        self.departments.add(department.code)
        if department.phone.strip():
            self.department_phones[department.code] = department.phone.strip()
        remedies = {
            name: value.strip()
            for name, value in (
                ("review_body", department.review_body),
                ("court", department.court),
            )
            if value.strip()
        }
        if remedies:
            self.department_remedies[department.code] = remedies

    def _bundle(self, record: dict[str, Any], code: str) -> None:
        try:
            bundle = BundleRecord.model_validate(record)
        except ValidationError as exc:
            self._error(code, _field_of(exc), "一件事记录不完整或取值无效")
            return
        self.bundle_records.append((self.line_no, bundle.to_bundle()))

    def _check_references(self) -> None:
        """Every item's department and every bundle's items are in the file."""
        for line, code, dept in self.pending_departments:
            if dept not in self.departments:
                self.errors.append(
                    CatalogFormatError(line, code, "department_code", f"部门 {dept} 不在文件中")
                )
        for line, bundle in self.bundle_records:
            for item_code in bundle.item_codes:
                if item_code not in self.item_codes:
                    self.errors.append(
                        CatalogFormatError(
                            line, bundle.code, "item_codes", f"事项 {item_code} 不在文件中"
                        )
                    )

    def _item_line(self, raw: bytes) -> ItemRecord | None:
        """An item in the server's own layout, checked by the contract straight from its bytes;
        stored as received without its ``kind``."""
        try:
            line = ItemLine.model_validate_json(raw)
        except ValidationError as exc:
            record = self._parse(raw)  # only to name the item, or say the line is no JSON
            if record is not None:
                self._error(str(record.get("code", "")), *problem_of(exc))
            return None
        text = raw.strip()
        return self._item(line, "{" + text[len(_ITEM_PREFIX) :].decode("utf-8"))

    def _item(self, line: ItemLine, data_json: str) -> ItemRecord | None:
        if line.code in self.item_codes:
            self._error(line.code, "code", "事项编码重复")
            return None
        self.item_codes.add(line.code)
        if line.department_code not in self.departments:
            # departments usually come first; a later one is checked at the end
            self.pending_departments.append((self.line_no, line.code, line.department_code))
        return ItemRecord(
            code=line.code,
            name=line.name,
            department=line.department,
            department_code=line.department_code,
            zone=line.zone,
            handling=line.handling,
            version=line.version,
            withdrawn=line.withdrawn,
            data_json=data_json,
        )

    def bundles(self) -> Iterator[Bundle]:
        """Read after ``items()`` is exhausted (``Catalog.replace`` does so)."""
        for _line, bundle in self.bundle_records:
            yield bundle


def _field_of(exc: ValidationError) -> str:
    """The record's field at fault (the first one pydantic names)."""
    errors = exc.errors(include_url=False)
    return str(errors[0]["loc"][0]) if errors and errors[0]["loc"] else ""
