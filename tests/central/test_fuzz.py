"""A bounded API fuzz (schemathesis) over every operation of ``/openapi.json``.

Each operation gets a few schema-conforming and a few schema-violating requests, sent with the
token of a clerk of hall HS01 (and, where the clerk is refused, a supervisor's, a department's,
the kiosk's or an evaluator's, the first not refused); the whole run
stays under a minute on SQLite. Asserted: no answer is a 5xx, and every 4xx has the documented
error shape (``ErrorOut``: a Chinese ``detail``, for invalid data the ``errors`` at fault).

Derandomized, so ``make test`` sends the same requests every run; ``CLERK_FUZZ_EXAMPLES=200
CLERK_FUZZ_RANDOM=1`` explores further.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.python import asgi

from clerk_app.central.app import create_app
from clerk_app.contract.common import ErrorOut
from clerk_app.sync.device_key import DeviceKey

from .conftest import login_from_device, seed_database
from .test_edges import department_user
from .test_queue_support import add_queue_staff

EXAMPLES = int(os.environ.get("CLERK_FUZZ_EXAMPLES", "12"))
RANDOM = bool(os.environ.get("CLERK_FUZZ_RANDOM"))
# Who sends the requests, in this order (the next one when the route refuses with 403).
ACCOUNTS = (("clerk01", 1), ("super01", None), ("dept01", None), ("kiosk01", None), ("eval01", 1))
# The stream never ends by itself; logging out would end the fuzz's own session.
SKIPPED = {("GET", "/api/v1/halls/{hall}/events"), ("POST", "/api/v1/auth/logout")}


class Fuzzed:
    def __init__(self, app: FastAPI, tokens: dict[str, str], examples: int) -> None:
        self.app, self.tokens, self.examples = app, tokens, examples
        self.schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        self.seen: dict[int, int] = {}
        self.failures: list[str] = []


@pytest.fixture
def fuzzed(db_url: str) -> Iterator[Fuzzed]:
    """The seeded server; PostgreSQL gets a third of the examples (its own errors: NUL bytes,
    lengths, locks), to keep ``make test`` short."""
    url = db_url
    examples = EXAMPLES if url.startswith("sqlite") else max(3, EXAMPLES // 3)
    seed_database(url)
    add_queue_staff(url)
    app = create_app(url)
    department_user(url)
    tokens = {}
    with TestClient(app) as client:
        for username, window in ACCOUNTS:
            tokens[username] = login_from_device(
                lambda body: client.post("/api/v1/auth/login", json=body),
                url,
                username,
                window,
                DeviceKey.generate(),
            )
        yield Fuzzed(app, tokens, examples)


def _check(fuzzed: Fuzzed, case: Any, response: Any) -> None:
    status = response.status_code
    fuzzed.seen[status] = fuzzed.seen.get(status, 0) + 1
    if os.environ.get("CLERK_FUZZ_TRACE"):
        print(f"TRACE {case.method} {case.operation.path} {status} {response.content[:120]!r}")
    where = f"{case.method} {case.formatted_path} → {status}"
    if status >= 500:
        fuzzed.failures.append(f"{where}\n    {case.as_curl_command()}\n    {response.text[:300]}")
        return
    if 400 <= status < 500 and status != 405:
        try:
            ErrorOut.model_validate(response.json())
        except ValueError as exc:
            fuzzed.failures.append(
                f"{where}: not the error shape: {exc}\n    {response.text[:300]}"
            )


def _fuzz_operation(fuzzed: Fuzzed, operation: Any, mode: GenerationMode, client: Any) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=fuzzed.examples,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        # The clerk first; refused (403), the next role, so the route's own checks are reached.
        for token in fuzzed.tokens.values():
            response = case.call(session=client, headers={"Authorization": f"Bearer {token}"})
            if response.status_code != 403:
                break
        _check(fuzzed, case, response)

    try:
        run()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE  # nothing to break in an operation without input


@pytest.mark.slow
def test_no_operation_answers_5xx_and_every_refusal_has_the_error_shape(fuzzed: Fuzzed) -> None:
    started = time.monotonic()
    operations = [result.ok() for result in fuzzed.schema.get_all_operations()]
    fuzzed_ops = [op for op in operations if (op.method.upper(), op.path) not in SKIPPED]
    assert len(fuzzed_ops) >= 30  # every route of the API, not an empty document
    timings = []
    with asgi.get_client(fuzzed.app) as client:  # one in-process client for every request
        for operation in fuzzed_ops:
            begun = time.monotonic()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz_operation(fuzzed, operation, mode, client)
            name = f"{operation.method.upper()} {operation.path}"
            timings.append((round(time.monotonic() - begun, 1), name))
    took = time.monotonic() - started
    slowest = sorted(timings, reverse=True)[:3]
    print(
        f"fuzz: {len(fuzzed_ops)} operations, {sum(fuzzed.seen.values())} requests in {took:.1f} s"
    )
    print(f"fuzz: statuses {dict(sorted(fuzzed.seen.items()))}; slowest {slowest}")
    assert not fuzzed.failures, "\n".join(fuzzed.failures[:30])


def test_every_documented_refusal_has_the_error_schema() -> None:
    document = create_app("sqlite://").openapi()
    assert set(document["components"]["schemas"]["ErrorOut"]["required"]) == {"detail"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert "4XX" in answers, (method, path)
            for code, answer in answers.items():
                if code.startswith("4"):
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, code)
