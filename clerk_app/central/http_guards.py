"""ASGI guards in front of every route: bounded request bodies, clean JSON text, safe headers.

- :class:`BodyGuard` refuses a body over the limit (413) whether it declares its length or
  arrives chunked: the bytes are counted as they arrive and reading stops at the limit, so a
  500 MB chunked upload costs at most the limit in memory, and no login is needed to be
  refused. A JSON body is also refused (422) when it is not UTF-8 or holds a lone surrogate
  (``"\\ud800"``): Python's JSON decoder accepts both, and the text would fail much later, in
  the database driver, as a 500. The sync push is left to check each operation itself: one
  bad operation is refused alone there, the rest of the batch goes on.
- :class:`SecurityHeaders` adds the headers every answer carries (no sniffing, no framing, no
  referrer, a strict Content-Security-Policy unless the page set its own, ``no-store`` for
  pages and data of people) and HSTS when the request came over HTTPS.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 20 * 1024 * 1024
TOO_LARGE = "请求内容过大"

# A surrogate escape (\uD800-\uDFFF) anywhere; checked precisely only when one is present.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
# Every escape of a JSON text, left to right, so an escaped backslash ("\\ud800" is text) is
# consumed before the "u" after it could be read as an escape.
_ESCAPE = re.compile(rb"\\(?:u([dD][89a-fA-F][0-9a-fA-F]{2})|[\s\S])")


def lone_surrogate(body: bytes) -> int:
    """Where a JSON text escapes a surrogate that is not half of a proper pair (byte offset),
    or -1 when it does not."""
    if not _SURROGATE_ESCAPE.search(body):
        return -1
    pending_high = -1  # end of an unpaired high surrogate escape
    for match in _ESCAPE.finditer(body):
        unit = match.group(1)
        is_high = unit is not None and unit[1:2] in b"89abAB"
        is_low = unit is not None and not is_high
        if pending_high >= 0:
            if not (is_low and match.start() == pending_high):
                return pending_high - 6
            pending_high = -1
        elif is_low:
            return match.start()
        elif is_high:
            pending_high = match.end()
    return pending_high - 6 if pending_high >= 0 else -1


def _json_error(status: int, detail: str) -> JSONResponse:
    return JSONResponse(
        {"detail": detail, "errors": []}, status_code=status, headers=closing_headers(status)
    )


def closing_headers(status: int) -> dict[str, str] | None:
    """After a 413 the rest of the body is unread: close the connection instead of letting the
    server drain what is left of a 500 MB upload."""
    return {"Connection": "close"} if status == 413 else None


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


def _is_json(scope: Scope) -> bool:
    """The routes parse a body as JSON when it says so or says nothing (FastAPI's rule)."""
    raw = (_header(scope, b"content-type") or b"").split(b";")[0].strip().lower()
    return not raw or raw.endswith(b"/json") or raw.endswith(b"+json")


class BodyGuard:
    """Bound every request body and keep malformed JSON text away from the routes."""

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY_BYTES, per_item_paths: tuple[str, ...] = ()
    ) -> None:
        """``per_item_paths``: routes that reject bad text item by item (a sync push refuses
        the one operation; refusing the whole batch would stall a window's outbox forever)."""
        self.app, self.limit, self.per_item_paths = app, limit, per_item_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _json_error(400, "请求头Content-Length不合法")(scope, receive, send)
                return
            if int(declared) > self.limit:
                await _json_error(413, TOO_LARGE)(scope, receive, send)
                return
        has_body = (declared is not None and declared != b"0") or (
            _header(scope, b"transfer-encoding") is not None
        )
        if has_body and _is_json(scope):
            await self._json_body(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        """``receive`` that raises 413 (handled as an HTTP error) once the limit is passed."""
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise StarletteHTTPException(413, TOO_LARGE)
            return message

        return counted

    async def _json_body(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the whole (bounded) JSON body, check its text, then hand it on in one piece."""
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.limit:
                await _json_error(413, TOO_LARGE)(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        del chunks
        try:
            body.decode("utf-8")  # strict: surrogates encoded in UTF-8 fail here too
        except UnicodeDecodeError:
            await _json_error(422, "请求内容应为UTF-8编码的JSON")(scope, receive, send)
            return
        where = -1 if scope.get("path") in self.per_item_paths else lone_surrogate(body)
        if where >= 0:
            detail = (
                f"请求内容第{where + 1}字节处有无效的Unicode转义（不成对的代理项\\uD800-\\uDFFF）"
            )
            await _json_error(422, detail)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body once, then the real ``receive`` (a stream waits on it for the disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


# A strict policy for everything the server answers; an HTML page that needs its own styles
# sets its own Content-Security-Policy (with the hash of its inline style), kept as it is.
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
HSTS = "max-age=31536000"
_ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
# FastAPI's interactive docs load their script from a CDN: they keep the browser's defaults.
_DOC_PATHS = ("/docs", "/redoc")


def html_page_headers(*styles: str) -> dict[str, str]:
    """Headers of an HTML page whose only inline resources are these ``<style>`` texts: a CSP
    that allows them by hash and nothing else (no script at all), and no caching."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
        for css in styles
    )
    csp = (
        f"default-src 'none'; style-src {hashes}; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    return {"Content-Security-Policy": csp, "Cache-Control": "no-store"}


def is_https(scope: Scope, public_url: str) -> bool:
    """The request came over HTTPS (directly, or through a proxy uvicorn trusts), or the
    server's public address is HTTPS (a proxy that terminates TLS without saying so)."""
    return scope.get("scheme") == "https" or public_url.lower().startswith("https://")


class SecurityHeaders:
    """Add the security headers to every HTTP answer (HSTS only when ``https(scope)``)."""

    def __init__(self, app: ASGIApp, https: Callable[[Scope], bool]) -> None:
        self.app, self.https = app, https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith(_DOC_PATHS)
        secure = self.https(scope)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {key.lower() for key, _ in headers}
                extra = [(k, v) for k, v in _ALWAYS if k not in present]
                if not docs and b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", DEFAULT_CSP.encode()))
                if b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                if secure:
                    extra.append((b"strict-transport-security", HSTS.encode()))
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, with_headers)
